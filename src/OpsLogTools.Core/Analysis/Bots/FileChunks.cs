using Microsoft.Win32.SafeHandles;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Where a big plain file is cut so that several workers parse it at once (issue 19: a 5 GB origin log, one uncompressed
/// CloudFront export): into ranges of about <c>chunkBytes</c>, each starting just after a line feed, so a line that
/// crosses a cut belongs to the range it starts in. Only files the line reader splits at line feeds are cut: not gzip
/// (its bytes are not the text), not a legacy encoding (transcoded line by line from the start), not a file whose lines
/// end in a carriage return alone (decided from its first bytes, as <see cref="LineReader"/> decides).
/// </summary>
internal static class FileChunks
{
    /// <summary>
    /// Default chunk size: 1 MiB (about 4,500 access-log lines, 9 batches), so a whole chunk fits in its queue (32
    /// batches) and a worker can finish it while the detector's thread still drains the chunks before; with chunks larger
    /// than the queue the worker ahead waits as soon as it is 32 batches ahead, and the parsing is serial again
    /// (measured: 32 MiB chunks used one core, 1 MiB chunks 1.6–1.7 of two). Files from 2 MiB are cut.
    /// </summary>
    public const long DefaultChunkBytes = 1L << 20;

    private const int ProbeBytes = 1 << 12;
    private const int HeadBytes = 1 << 20;

    /// <summary>Whether the file may be worth cutting, from what the scan knows of it: plain, at least two chunks long.</summary>
    public static bool Worth(LogFile file, LogReadOptions options, long chunkBytes) =>
        chunkBytes > 0 && !file.IsGzip && file.Length >= 2 * chunkBytes && LogEncoding.ForTranscoding(options.Encoding) is null;

    /// <summary>
    /// The first byte of each chunk of the open file (the first is 0; the last chunk runs to the file's end), or null when
    /// it is not to be cut. <paramref name="fields"/>: for CloudFront, the last valid <c>#Fields</c> line of the header
    /// at its head, the columns the chunks after the first are read by (null: none, the standard columns).
    /// </summary>
    public static long[]? Plan(SafeFileHandle handle, LogFormat format, long chunkBytes, int maxLineLength, out byte[]? fields)
    {
        fields = null;
        long length = RandomAccess.GetLength(handle);
        if (chunkBytes <= 0 || length < 2 * chunkBytes || !EndsLinesInLineFeed(handle, length, maxLineLength)) return null;
        var starts = new List<long> { 0 };
        var probe = new byte[ProbeBytes];
        for (long nominal = chunkBytes; nominal < length; nominal = Math.Max(nominal + chunkBytes, starts[^1] + 1))
        {
            long next = NextLineStart(handle, Math.Max(nominal - 1, starts[^1]), length, probe);
            if (next < 0 || next >= length) break;
            starts.Add(next);
        }
        if (starts.Count < 2) return null;
        if (format == LogFormat.CloudFront) fields = HeaderFields(handle, maxLineLength);
        return starts.ToArray();
    }

    /// <summary>As <see cref="LineReader"/> decides from the first bytes: a line feed there, or no carriage return before the last of them.</summary>
    private static bool EndsLinesInLineFeed(SafeFileHandle handle, long length, int maxLineLength)
    {
        var first = new byte[(int)Math.Min(length, Math.Min(LineReader.LineEndWindow, maxLineLength + 1L))];
        int got = 0;
        while (got < first.Length)
        {
            int n = RandomAccess.Read(handle, first.AsSpan(got), got);
            if (n <= 0) break;
            got += n;
        }
        var window = first.AsSpan(0, got);
        if (window.Contains((byte)'\n')) return true;
        int cr = window.IndexOf((byte)'\r');
        return !(cr >= 0 && cr < window.Length - 1);
    }

    /// <summary>The offset just after the first line feed at or after <paramref name="from"/>, or -1 when there is none.</summary>
    private static long NextLineStart(SafeFileHandle handle, long from, long length, byte[] probe)
    {
        for (long at = from; at < length;)
        {
            int n = RandomAccess.Read(handle, probe.AsSpan(0, (int)Math.Min(probe.Length, length - at)), at);
            if (n <= 0) return -1;
            int k = probe.AsSpan(0, n).IndexOf((byte)'\n');
            if (k >= 0) return at + k + 1;
            at += n;
        }
        return -1;
    }

    /// <summary>The last valid <c>#Fields</c> line among the header lines (<c>#</c> lines, blank lines) at the file's head.</summary>
    private static byte[]? HeaderFields(SafeFileHandle handle, int maxLineLength)
    {
        using var reader = new LineReader(new FileRangeStream(handle, 0, HeadBytes), maxLineLength, null);
        var parser = new RequestFactParser(LogFormat.CloudFront, new FieldStringPools()) { Buffer = new RequestFacts[1] };
        byte[]? fields = null;
        while (reader.TryReadLine(out var line))
        {
            if (line.IsEmpty) continue;
            if (line[0] != (byte)'#' || (reader.Flags & (LineFlags.Overlong | LineFlags.Unterminated)) != 0) break;
            if (line.StartsWith("#Fields:"u8) && parser.TryParse(line, reader.LineNumber, out _) == LineParseStatus.Ignored) fields = line.ToArray();
        }
        return fields;
    }
}
