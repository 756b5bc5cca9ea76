using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// The year of a yearless stamp as the anomaly engine takes it: the year nearest the previous line of the file, so no
/// offset is ever ± a year. One rule for the anomaly scan and the timeline's jump ledger, so both see the same stamps.
/// </summary>
internal sealed class YearlessStamps
{
    private static readonly long Half = TimeSpan.TicksPerDay * 183;
    private readonly bool _yearless;
    private long _previous;
    private bool _any;

    public YearlessStamps(LogFormat format) => _yearless = IsYearless(format);

    public DateTimeOffset Next(DateTimeOffset stamp)
    {
        if (_yearless && _any) stamp = Nearest(stamp, _previous);
        _previous = stamp.UtcTicks;
        _any = true;
        return stamp;
    }

    /// <summary>True for the formats whose stamps have no year.</summary>
    public static bool IsYearless(LogFormat format) => format is LogFormat.Syslog or LogFormat.Yum;

    /// <summary>The stamp moved by whole years to lie within half a year of <paramref name="previousTicks"/> (UTC ticks).</summary>
    public static DateTimeOffset Nearest(DateTimeOffset stamp, long previousTicks)
    {
        if (stamp.Year is <= 2 or >= 9997) return stamp;
        long ticks = stamp.UtcTicks;
        int guard = 0;
        while (ticks - previousTicks > Half && guard++ < 4) { stamp = stamp.AddYears(-1); ticks = stamp.UtcTicks; }
        while (previousTicks - ticks > Half && guard++ < 8) { stamp = stamp.AddYears(1); ticks = stamp.UtcTicks; }
        return stamp;
    }
}
