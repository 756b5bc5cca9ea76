using System.Buffers;
using System.Text;

namespace OpsLogTools.Core.Reading;

/// <summary>
/// The first non-blank lines of a file's content, for detecting its format, and a tally of the bytes read to get
/// them: a file that yields no line at all is told apart as empty (or blank lines only) or nothing but NUL bytes (damage
/// that must not pass as "empty"). Reading stops at a limit, so a gzip that inflates to gigabytes of NULs costs only the limit.
/// </summary>
internal sealed class ContentSample
{
    /// <summary>How many non-blank lines are sampled.</summary>
    public const int MaxLines = 20;

    private const int MaxLineLength = 1 << 16;

    // Control bytes that do not occur in text logs (tab, line ends, form feed and ESC do).
    private static readonly SearchValues<byte> BinaryBytes = SearchValues.Create(
        [1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31]);

    private static readonly SearchValues<byte> Blank = SearchValues.Create([0, (byte)' ', (byte)'\t', (byte)'\r', (byte)'\n']);

    /// <summary>The sampled non-blank lines.</summary>
    public List<byte[]> Lines { get; } = new();

    /// <summary>True when the last sampled line is the content's last and has no line feed (half-written, or cut by a rotation).</summary>
    public bool LastLineUnterminated { get; private set; }

    /// <summary>True when the content ends in blanks (spaces, tabs) with no line feed: a piece of a line made only of blanks.</summary>
    public bool EndsInBlankPiece { get; private set; }

    /// <summary>Sampled lines with NUL bytes or control bytes in them.</summary>
    public int BinaryLines { get; private set; }

    /// <summary>Content bytes read (decompressed for gzip).</summary>
    public long Bytes { get; private set; }

    /// <summary>NUL bytes among them.</summary>
    public long NulBytes { get; private set; }

    /// <summary>True when some byte read is neither NUL nor blank (space, tab, line ends).</summary>
    public bool HasText { get; private set; }

    /// <summary>Lines met, blank and NUL ones included.</summary>
    public long LinesSeen { get; private set; }

    /// <summary>True when reading stopped at the limit, before the end of the content.</summary>
    public bool ReachedLimit { get; private set; }

    /// <summary>
    /// Content bytes kept at most in <see cref="Content"/>: pieces of a line or two. A larger file's first read is larger
    /// than this, so nothing of it is copied.
    /// </summary>
    public const int MaxKeptBytes = 16 << 10;

    private byte[]? _kept;

    /// <summary>
    /// The whole content read (decompressed, before decoding) when it ended within <see cref="MaxKeptBytes"/>; null for
    /// anything longer. A file of a piece or two of lines is this small: its pieces can be joined to its neighbours'.
    /// </summary>
    public ReadOnlyMemory<byte>? Content => _kept is not null && !ReachedLimit && Bytes <= MaxKeptBytes && Ended ? _kept.AsMemory(0, (int)Bytes) : null;

    private bool Ended { get; set; }

    /// <summary>True when the content holds NUL bytes and no line of text: only NULs and blank lines (damage, not an empty file).</summary>
    public bool HoldsOnlyNul => Lines.Count == 0 && NulBytes > 0 && !HasText;

    /// <summary>Samples <paramref name="content"/> from its start, reading at most <paramref name="readLimit"/> bytes.</summary>
    public static ContentSample Read(Stream content, Encoding? encoding, long readLimit)
    {
        var sample = new ContentSample();
        var tally = new Tally(content, sample);
        using var reader = new LineReader(tally, MaxLineLength, encoding, leaveOpen: true) { ReadLimit = readLimit };
        try
        {
            while (sample.Lines.Count < MaxLines && reader.TryReadLine(out var line))
            {
                if ((reader.Flags & LineFlags.OnlyNul) != 0 || line.Trim(" \t"u8).IsEmpty)
                {
                    // Blanks with no line feed after them end the content: a piece of a line (a space a rotation cut off).
                    sample.EndsInBlankPiece = !line.IsEmpty && (reader.Flags & (LineFlags.Unterminated | LineFlags.OnlyNul)) == LineFlags.Unterminated;
                    continue;
                }
                sample.LastLineUnterminated = (reader.Flags & LineFlags.Unterminated) != 0;
                if ((reader.Flags & LineFlags.NulBytes) != 0 || line.ContainsAny(BinaryBytes)) sample.BinaryLines++;
                sample.Lines.Add(line.ToArray());
            }
        }
        catch (TruncatedGzipException)
        {
            // Keep what came before the cut (its content is not whole: not kept).
            sample.LinesSeen = reader.LineNumber;
            sample.ReachedLimit = reader.BytesRead >= readLimit;
            return sample;
        }
        sample.LinesSeen = reader.LineNumber;
        sample.ReachedLimit = reader.BytesRead >= readLimit;
        // The loop stopped at the content's end, not at the line cap.
        sample.Ended = sample.Lines.Count < MaxLines;
        return sample;
    }

    /// <summary>Counts the bytes the line reader takes.</summary>
    private sealed class Tally(Stream inner, ContentSample sample) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => sample.Bytes; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer);
            if (n <= 0) return n;
            var got = buffer[..n];
            if (sample.Bytes + n <= MaxKeptBytes)
            {
                sample._kept ??= new byte[Math.Min(MaxKeptBytes, Math.Max(1024, n))];
                if (sample._kept.Length < sample.Bytes + n) Array.Resize(ref sample._kept, (int)Math.Min(MaxKeptBytes, Math.Max(sample._kept.Length * 2L, sample.Bytes + n)));
                got.CopyTo(sample._kept.AsSpan((int)sample.Bytes));
            }
            sample.Bytes += n;
            sample.NulBytes += got.Count((byte)0);
            sample.HasText |= got.ContainsAnyExcept(Blank);
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
