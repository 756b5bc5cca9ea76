using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>
/// What the first pass keeps of one file for the second: where it starts and ends in time, how many lines it has,
/// its displaced stretches, and how to read it again. A few dozen bytes a file, whatever its size.
/// </summary>
internal sealed class TimelineFile
{
    public TimelineFile(string path, LogFormat format, bool stampsAreAbsolute, int index, LogFile? file, IReadOnlyList<LogEntry>? entries)
    {
        Path = path;
        Format = format;
        StampsAreAbsolute = stampsAreAbsolute;
        Index = index;
        File = file;
        Entries = entries;
    }

    public string Path { get; }
    public LogFormat Format { get; }
    /// <summary>Full dates and zones in every stamp (Apache %z, CloudFront, ISO with offset): a trusted clock.</summary>
    public bool StampsAreAbsolute { get; }
    /// <summary>Position in reading order: ties in the merge go to the lower index.</summary>
    public int Index { get; }
    /// <summary>The file on disk, or null when the entries came from the pipeline.</summary>
    public LogFile? File { get; }
    /// <summary>The entries when they came from the pipeline (held, since they cannot be read twice).</summary>
    public IReadOnlyList<LogEntry>? Entries { get; }

    public long EntryCount { get; private set; }
    /// <summary>Lines the reader numbered (blank and unreadable ones too); the last line number.</summary>
    public long TotalLines { get; set; }
    public long FirstLine { get; private set; }
    public long FirstStampTicks { get; private set; }
    public long LastLine { get; private set; }
    public long LastStampTicks { get; private set; }

    /// <summary>Displaced stretches by line, in line order, with their offsets.</summary>
    public List<DisplacedStretch> Stretches { get; } = [];

    private YearlessStamps? _years;

    public void Note(LogEntry entry)
    {
        _years ??= new YearlessStamps(Format);
        long ticks = _years.Next(entry.Timestamp).UtcTicks;
        if (EntryCount == 0)
        {
            FirstLine = entry.LineNumber;
            FirstStampTicks = ticks;
        }
        LastLine = entry.LineNumber;
        LastStampTicks = ticks;
        EntryCount++;
        if (entry.LineNumber > TotalLines) TotalLines = entry.LineNumber;
    }

    /// <summary>The offset (ticks) in force at <paramref name="line"/>, for a one-off look-up.</summary>
    public long OffsetAt(long line)
    {
        foreach (var s in Stretches)
        {
            if (line < s.FirstLine) break;
            if (line <= s.LastLine) return s.OffsetTicks;
        }
        return 0;
    }

    /// <summary>Best estimate of the true time of the first entry (UTC ticks).</summary>
    public long FirstTrueTicks => FirstStampTicks - OffsetAt(FirstLine);

    /// <summary>Best estimate of the true time of the last entry (UTC ticks).</summary>
    public long LastTrueTicks => LastStampTicks - OffsetAt(LastLine);
}
