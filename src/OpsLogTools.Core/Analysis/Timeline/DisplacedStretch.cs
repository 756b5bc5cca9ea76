using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>A displaced run of one file as the anomaly engine reported it, with its offset in ticks.</summary>
internal sealed class DisplacedStretch
{
    public DisplacedStretch(LogAnomaly anomaly) : this(anomaly, anomaly.FirstLine, anomaly.LastLine)
    {
    }

    /// <summary>The part of a run across rotations that lies in another file than the finding's first line: lines <paramref name="firstLine"/> to <paramref name="lastLine"/> there.</summary>
    public DisplacedStretch(LogAnomaly anomaly, long firstLine, long lastLine)
    {
        Anomaly = anomaly;
        FirstLine = firstLine;
        LastLine = lastLine;
        OffsetTicks = (long)Math.Round(anomaly.OffsetSeconds * TimeSpan.TicksPerSecond);
    }

    public LogAnomaly Anomaly { get; }
    public long FirstLine { get; }
    public long LastLine { get; }
    /// <summary>Stamped minus true time.</summary>
    public long OffsetTicks { get; }

    /// <summary>
    /// The true time of a line of the run. A yearless stamp may have been given another year than the engine gave
    /// the run (a run across New Year); the year that puts the line inside the run's true span is the one meant.
    /// </summary>
    public DateTimeOffset Correct(DateTimeOffset stamp)
    {
        var offset = TimeSpan.FromTicks(OffsetTicks);
        var day = TimeSpan.FromDays(2);
        var low = Anomaly.Start - day;
        var high = Anomaly.End + day;
        var corrected = Shift(stamp, offset);
        if (corrected >= low && corrected <= high) return corrected;
        foreach (int years in (ReadOnlySpan<int>)[-1, 1])
        {
            if (stamp.Year + years is < 2 or > 9997) continue;
            var other = Shift(stamp.AddYears(years), offset);
            if (other >= low && other <= high) return other;
        }
        return corrected;
    }

    private static DateTimeOffset Shift(DateTimeOffset stamp, TimeSpan offset)
    {
        long ticks = stamp.UtcTicks - offset.Ticks;
        long local = ticks + stamp.Offset.Ticks;
        if (local < DateTime.MinValue.Ticks || local > DateTime.MaxValue.Ticks) return stamp;
        return new DateTimeOffset(local, stamp.Offset);
    }
}
