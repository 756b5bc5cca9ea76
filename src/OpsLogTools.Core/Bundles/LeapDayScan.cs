using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Bundles;

/// <summary>
/// Looks through a whole yearless file for stamps on Feb 29, which only a leap year has. Done only when the file's
/// sampled head and tail enclose the end of February and nothing else in the logs dates it (its year would otherwise
/// be the guess of its modification time, possibly a year without Feb 29): one pass of byte comparisons at line starts.
/// </summary>
internal static class LeapDayScan
{
    /// <summary>How many lines are stamped Feb 29, and the line number of the first (0 when none).</summary>
    public static (int Count, long FirstLine) Count(LogFile file, LogReadOptions options, CancellationToken cancellationToken)
    {
        using var opened = LogFileOpener.TryOpen(file.Path, NullDiagnostics.Instance);
        if (opened is null) return (0, 0);
        int count = 0;
        long first = 0;
        try
        {
            using var reader = new LineReader(opened.Content, options.MaxLineLength, options.Encoding, leaveOpen: true);
            while (reader.TryReadLine(out var line))
            {
                if ((reader.LineNumber & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                if (StampBytes.TryParsePri(line, out _, out int pri)) line = line[pri..];
                if (line.Length < 7 || !line.StartsWith("Feb 29 "u8)) continue;
                if (count++ == 0) first = reader.LineNumber;
            }
        }
        catch (Exception e) when (LogFileOpener.IsReadFailure(e))
        {
            // What was read counts; the failure is reported when the file is read.
        }
        return (count, first);
    }

    /// <summary>
    /// True when going forward from the first sampled day to the last (across at most one New Year) passes Feb 29; a
    /// file sampled at its head only (gzip) may pass it when it starts in February.
    /// </summary>
    public static bool Encloses((int Month, int Day)? first, (int Month, int Day)? last, bool headOnly)
    {
        if (first is not { } a) return false;
        int start = a.Month * 100 + a.Day;
        if (headOnly || last is null) return a.Month == 2;
        var b = last.Value;
        int end = b.Month * 100 + b.Day;
        const int leap = 229;
        return end >= start ? start <= leap && leap <= end : start <= leap || leap <= end;
    }
}
