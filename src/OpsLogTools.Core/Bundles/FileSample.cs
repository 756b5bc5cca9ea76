using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Bundles;

/// <summary>
/// Reads the head and the tail of a log, parsed, for what dates a bundle before it is read: the stamps of fully dated
/// files, the clocks printed in yearless ones. A small file is read whole; a large one to <c>headLines</c> lines or
/// <c>headBytes</c> bytes from its start and its last <see cref="TailBytes"/> (when the file can seek: a gzip is read
/// from its start only). What cannot be read is left to the read itself to report.
/// </summary>
internal static class FileSample
{
    /// <summary>Bytes read at the end of a file that can seek.</summary>
    public const int TailBytes = 1 << 16;

    /// <summary>One parsed line: its entry, its line number (0 in the tail, where lines are not counted).</summary>
    public readonly record struct Line(LogEntry Entry, long Number, bool InTail);

    /// <summary>
    /// Calls <paramref name="take"/> for each parsed line of the head, then of the tail; the head stops early when
    /// <paramref name="take"/> returns false. Parsed with a clock on <paramref name="reference"/>. True when every
    /// line of the file was offered (a small file, read whole).
    /// </summary>
    public static bool Read(LogFile file, TimeReference reference, LogReadOptions options, int headLines, long headBytes,
        Func<Line, bool> take, CancellationToken cancellationToken)
    {
        using var opened = LogFileOpener.TryOpen(file.Path, NullDiagnostics.Instance);
        if (opened is null) return false;
        ILineParser parser;
        try
        {
            parser = file.Format.CreateParser(new ParserContext(file.Path, new StampClock(reference)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false;
        }
        bool whole = !opened.IsGzip && opened.Length <= headBytes + TailBytes;

        try
        {
            long headEnd;
            using (var reader = new LineReader(opened.Content, options.MaxLineLength, options.Encoding, leaveOpen: true))
            {
                int lines = 0;
                // The reader fills its buffer ahead (BytesRead runs ahead of the lines): count the lines' own bytes.
                long consumed = 0;
                while ((whole || (lines < headLines && consumed < headBytes)) && reader.TryReadLine(out var line))
                {
                    lines++;
                    consumed += line.Length + 1;
                    if ((lines & 0x3FF) == 0) cancellationToken.ThrowIfCancellationRequested();
                    if (Parse(parser, line, reader.LineNumber) is { } entry && !take(new Line(entry, reader.LineNumber, false))) break;
                }
                headEnd = reader.BytesRead;
            }
            if (whole)
            {
                // The last record of a multi-line format (apt history without End-Date) ends with the file.
                if (parser is IRecordLineParser records && records.TryFinish(out var open) && open is not null) take(new Line(open, open.LineNumber, false));
                return true;
            }
            if (opened.IsGzip || !opened.Content.CanSeek || opened.Length <= headEnd) return false;

            cancellationToken.ThrowIfCancellationRequested();
            long start = Math.Max(headEnd, opened.Length - TailBytes);
            opened.Content.Position = start;
            using var tail = new LineReader(opened.Content, options.MaxLineLength, options.Encoding, leaveOpen: true);
            bool first = start != headEnd;
            while (tail.TryReadLine(out var line))
            {
                if (first)
                {
                    first = false; // most likely a part of a line
                    continue;
                }
                if (Parse(parser, line, 0) is { } entry) take(new Line(entry, 0, true));
            }
        }
        catch (Exception e) when (LogFileOpener.IsReadFailure(e))
        {
            // Whatever was read before the failure still counts; the failure is reported when the file is read.
        }
        return false;
    }

    private static LogEntry? Parse(ILineParser parser, ReadOnlySpan<byte> line, long number)
    {
        if (line.IsEmpty) return null;
        try
        {
            return parser.TryParse(line, number, out var entry) == LineParseStatus.Parsed ? entry : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }
}
