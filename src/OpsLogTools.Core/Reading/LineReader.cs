using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;

namespace OpsLogTools.Core.Reading;

/// <summary>
/// Streams a log as lines of UTF-8 bytes without allocating per line. Each line comes without its line feed
/// and without a trailing carriage return; NUL bytes are removed (and reported in <see cref="Flags"/>); a line
/// longer than <see cref="MaxLineLength"/> is cut there and the rest of it skipped, so a line of several MB
/// never costs more than the limit in memory. When the input fails after a partial line (damaged gzip data), that
/// partial line is returned first, flagged <see cref="LineFlags.BeforeFailure"/>, and the failure is thrown at the next call.
/// <para>
/// The span handed out points into the reader's buffer: it is valid only until the next call.
/// </para>
/// </summary>
public sealed class LineReader : IDisposable
{
    /// <summary>Default for <see cref="MaxLineLength"/>: 1 MiB.</summary>
    public const int DefaultMaxLineLength = 1 << 20;

    // Larger than the FileStream buffer (64 KiB), so reads go straight into ours instead of being copied through it.
    private const int InitialBufferSize = 1 << 17;

    /// <summary>How many of the input's first bytes decide whether a CR alone ends its lines.</summary>
    internal const int LineEndWindow = 4096;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly Encoding? _legacy;
    private byte[] _buffer;
    private int _capacity;  // bytes of _buffer in use: a pooled array may be longer, and lines longer than the limit must not fit
    private int _start;   // first byte of the pending line
    private int _scan;    // bytes before this offset are known to hold no line feed
    private int _end;     // end of valid data
    private bool _eof;
    private bool _skipping;
    private bool _atStart = true;
    private ExceptionDispatchInfo? _failure;
    private byte _eol = (byte)'\n';
    private bool _eolDecided;
    private char[] _chars = [];
    private byte[] _utf8 = [];

    /// <summary>Creates a reader over a stream of log bytes (already decompressed).</summary>
    /// <param name="stream">The content; read sequentially.</param>
    /// <param name="maxLineLength">Longest line kept whole, in bytes (at least 256).</param>
    /// <param name="encoding">The log's encoding when it is not UTF-8 (shift_jis, euc-jp): each line is transcoded to
    /// UTF-8, with undecodable bytes kept visible as <c>\xNN</c>. Null or UTF-8: bytes are handed on as they are.</param>
    /// <param name="leaveOpen">True to leave <paramref name="stream"/> open on dispose.</param>
    /// <exception cref="ArgumentException">The encoding does not write a line feed as the single byte 0x0A (UTF-16, UTF-32).</exception>
    public LineReader(Stream stream, int maxLineLength = DefaultMaxLineLength, Encoding? encoding = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 256);
        _stream = stream;
        _leaveOpen = leaveOpen;
        MaxLineLength = maxLineLength;
        _legacy = LogEncoding.ForTranscoding(encoding);
        Encoding = encoding;
        // Pooled: a bundle of hundreds of rotated files would otherwise leave a buffer per file for the collector.
        _capacity = Math.Min(InitialBufferSize, maxLineLength + 1);
        _buffer = ArrayPool<byte>.Shared.Rent(_capacity);
    }

    /// <summary>Longest line kept whole, in bytes; longer lines are cut and flagged <see cref="LineFlags.Overlong"/>.</summary>
    public int MaxLineLength { get; }

    /// <summary>The encoding given, or null for UTF-8.</summary>
    public Encoding? Encoding { get; }

    /// <summary>1-based number of the line last returned (0 before the first).</summary>
    public long LineNumber { get; private set; }

    /// <summary>Bytes taken from the stream so far (decompressed bytes for a gzip file).</summary>
    public long BytesRead { get; private set; }

    /// <summary>What was noticed about the line last returned.</summary>
    public LineFlags Flags { get; private set; }

    /// <summary>
    /// True when the input's lines end in a carriage return alone (classic Mac OS; some network devices and Windows
    /// tools): decided from the first bytes read, which hold carriage returns and no line feed. Lines are then split at
    /// each CR. Otherwise only the line feed ends a line (a CR before it is dropped), and a lone CR inside a line stays
    /// part of it: splitting there would let a CR injected into one log field forge a second line, and would cut
    /// progress-bar output (CR-separated updates on one line) into pieces.
    /// </summary>
    public bool CarriageReturnEndings => _eol == (byte)'\r';

    /// <summary>How many NUL bytes were removed from the line last returned.</summary>
    public int NulBytesRemoved { get; private set; }

    /// <summary>
    /// Stop reading after this many bytes, as if the input ended there (used to sample a file's head without
    /// reading a multi-GB binary to its end). Default: no limit.
    /// </summary>
    public long ReadLimit { get; init; } = long.MaxValue;

    /// <summary>
    /// True when the stream starts in the middle of a file whose lines were found to end in a line feed (a chunk of a
    /// big file read on its own thread): no byte order mark is looked for, and the line end is not decided again from
    /// the chunk's first bytes.
    /// </summary>
    internal bool MidFile
    {
        init
        {
            if (!value) return;
            _atStart = false;
            _eolDecided = true;
        }
    }

    /// <summary>Reads the next line. False at the end of the input.</summary>
    /// <param name="line">The line's bytes, valid until the next call.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        Flags = LineFlags.None;
        NulBytesRemoved = 0;
        if (_skipping && !SkipRestOfLongLine())
        {
            line = default;
            return false;
        }

        while (true)
        {
            int found = _buffer.AsSpan(_scan, _end - _scan).IndexOf(_eol);
            if (found >= 0)
            {
                int lineEnd = _scan + found;
                int lineStart = _start;
                _start = _scan = lineEnd + 1;
                line = Finish(lineStart, lineEnd);
                return true;
            }
            _scan = _end;

            if (_end - _start > MaxLineLength)
            {
                int cut = _start + MaxLineLength;
                // Cut before a UTF-8 continuation byte so the kept start decodes cleanly.
                for (int back = 0; back < 3 && (_buffer[cut] & 0xC0) == 0x80; back++) cut--;
                int lineStart = _start;
                _start = _scan = _end;
                _skipping = true;
                line = Finish(lineStart, cut);
                Flags |= LineFlags.Overlong;
                return true;
            }

            if (!Fill())
            {
                if (_end > _start)
                {
                    int lineStart = _start;
                    int lineEnd = _end;
                    _start = _scan = _end;
                    line = Finish(lineStart, lineEnd);
                    Flags |= _failure is null ? LineFlags.Unterminated : LineFlags.Unterminated | LineFlags.BeforeFailure;
                    return true;
                }
                if (_failure is { } failure)
                {
                    _failure = null;
                    failure.Throw();
                }
                line = default;
                return false;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _start = _scan = _end = _capacity = 0;
            _eof = true;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ReadOnlySpan<byte> Finish(int start, int end)
    {
        LineNumber++;
        if (end > start && _buffer[end - 1] == (byte)'\r') end--;
        // CR line ends: a CRLF met later ends the line at its CR, and its LF is not part of the next line.
        if (_eol == (byte)'\r' && end > start && _buffer[start] == (byte)'\n') start++;
        if (_atStart)
        {
            _atStart = false;
            if (_legacy is null && end - start >= 3 && _buffer[start] == 0xEF && _buffer[start + 1] == 0xBB && _buffer[start + 2] == 0xBF) start += 3;
        }

        Span<byte> line = _buffer.AsSpan(start, end - start);
        if (line.Contains((byte)0))
        {
            int kept = RemoveNul(line);
            NulBytesRemoved = line.Length - kept;
            line = line[..kept];
            Flags |= LineFlags.NulBytes;
            if (kept == 0) Flags |= LineFlags.OnlyNul;
        }

        return _legacy is null || line.IsEmpty ? line : Transcode(line);
    }

    private static int RemoveNul(Span<byte> line)
    {
        int write = line.IndexOf((byte)0);
        for (int read = write + 1; read < line.Length; read++)
        {
            byte b = line[read];
            if (b != 0) line[write++] = b;
        }
        return write;
    }

    private ReadOnlySpan<byte> Transcode(ReadOnlySpan<byte> line)
    {
        int maxChars = _legacy!.GetMaxCharCount(line.Length) + 8;
        // The hex fallback writes up to 4 chars per bad byte.
        maxChars = Math.Max(maxChars, line.Length * 4 + 8);
        if (_chars.Length < maxChars) _chars = new char[maxChars];
        int chars = _legacy.GetChars(line, _chars);
        int maxBytes = Encoding.UTF8.GetMaxByteCount(chars);
        if (_utf8.Length < maxBytes) _utf8 = new byte[maxBytes];
        int bytes = Encoding.UTF8.GetBytes(_chars.AsSpan(0, chars), _utf8);
        return _utf8.AsSpan(0, bytes);
    }

    /// <summary>
    /// From the input's first bytes (<see cref="LineEndWindow"/>, or the buffer or the input when smaller): CR alone ends
    /// lines when they hold a CR (not as their last byte) and no LF.
    /// </summary>
    private void DecideLineEnd()
    {
        _eolDecided = true;
        var first = _buffer.AsSpan(0, Math.Min(_end, Math.Min(LineEndWindow, _capacity)));
        if (first.Contains((byte)'\n')) return;
        int cr = first.IndexOf((byte)'\r');
        // A CR as the very last byte may be the first half of a CRLF cut by the read: no evidence either way.
        if (cr >= 0 && cr < first.Length - 1) _eol = (byte)'\r';
    }

    /// <summary>Skips what is left of an over-long line. False when the input ends first.</summary>
    private bool SkipRestOfLongLine()
    {
        while (true)
        {
            int found = _buffer.AsSpan(_start, _end - _start).IndexOf(_eol);
            if (found >= 0)
            {
                _start = _scan = _start + found + 1;
                _skipping = false;
                return true;
            }
            _start = _scan = _end;
            if (!Fill())
            {
                _skipping = false;
                return false;
            }
        }
    }

    /// <summary>Reads more bytes behind the pending line. False at the end of the input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Fill()
    {
        if (_eof) return false;
        if (_start > 0)
        {
            int pending = _end - _start;
            if (pending > 0) Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _scan -= _start;
            _end = pending;
            _start = 0;
        }
        if (_end == _capacity)
        {
            int size = (int)Math.Min((long)_capacity * 2, MaxLineLength + 1L);
            if (size <= _capacity) size = _capacity + 1;
            if (size > _buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(size);
                Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
            _capacity = size;
        }

        if (!ReadOnce()) return false;
        // The line end is decided from the same first bytes however the stream hands them out (a pipe or a gzip member
        // gives a few bytes a read): read on until the window is full or the input ends, then decide.
        while (!_eolDecided)
        {
            if (_end >= Math.Min(LineEndWindow, _capacity) || !ReadOnce()) DecideLineEnd();
        }
        return true;
    }

    /// <summary>One read from the stream behind the pending bytes. False at the end of the input or on a failure kept for later.</summary>
    private bool ReadOnce()
    {
        long allowed = ReadLimit - BytesRead;
        if (allowed <= 0 || _end == _capacity)
        {
            if (allowed <= 0) _eof = true;
            return false;
        }
        int want = (int)Math.Min(_capacity - _end, allowed);
        int n;
        try
        {
            n = _stream.Read(_buffer, _end, want);
        }
        catch (Exception e) when (_end > _start && !_skipping && e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // Damage after a partial line (a gzip member whose data stops decompressing): the bytes before it are handed
            // out first, as the last line, and the failure is thrown at the next read.
            _failure = ExceptionDispatchInfo.Capture(e);
            _eof = true;
            return false;
        }
        if (n <= 0)
        {
            _eof = true;
            return false;
        }
        _end += n;
        BytesRead += n;
        return true;
    }
}
