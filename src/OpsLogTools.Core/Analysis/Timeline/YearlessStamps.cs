using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>
/// The year of a yearless stamp as the anomaly engine takes it: the year nearest the previous line of the file.
/// The reader's clock counts a displaced run that steps back across New Year as a year forward (Mar 2023, then
/// "Nov 13" read as 2023, then "Mar 2" read as 2024); the engine's offsets are measured on the nearest year, so the
/// timeline must read the stamps the same way for the offsets to fit.
/// </summary>
internal sealed class YearlessStamps
{
    private static readonly long Half = TimeSpan.TicksPerDay * 183;
    private readonly bool _yearless;
    private long _previous;
    private bool _any;

    public YearlessStamps(LogFormat format) => _yearless = format is LogFormat.Syslog or LogFormat.Yum;

    public DateTimeOffset Next(DateTimeOffset stamp)
    {
        long ticks = stamp.UtcTicks;
        if (_yearless && _any && stamp.Year is > 2 and < 9997)
        {
            int guard = 0;
            while (ticks - _previous > Half && guard++ < 4) { stamp = stamp.AddYears(-1); ticks = stamp.UtcTicks; }
            while (_previous - ticks > Half && guard++ < 8) { stamp = stamp.AddYears(1); ticks = stamp.UtcTicks; }
        }
        _previous = ticks;
        _any = true;
        return stamp;
    }
}
