using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>
/// Watches one file's stamps, keeping only the last few, for the step that could start a displaced run: a stamp
/// earlier than one of the three before it by more than the jitter tolerance. This is the very test
/// <see cref="DisplacedRunFinder"/> opens every run with, so a file where it never fires has no run, and a bundle
/// where it never fires has no displacement: its lines need no facts at all.
/// </summary>
internal sealed class JumpWatch
{
    // The finder's longer tolerance for access logs (stamped when a request began, written when it ended).
    private static readonly long AccessLogTolerance = TimeSpan.FromMinutes(10).Ticks;

    private readonly long _tolerance;
    private readonly bool _yearless;
    private long _a, _b, _c;
    private int _count;

    public JumpWatch(LogFormat format, AnomalyOptions options)
    {
        _tolerance = ToleranceFor(format, options);
        _yearless = YearlessStamps.IsYearless(format);
    }

    /// <summary>The step back (ticks) the finder lets pass as jitter in a file of <paramref name="format"/>.</summary>
    public static long ToleranceFor(LogFormat format, AnomalyOptions options)
    {
        long tol = options.JitterTolerance.Ticks;
        bool access = format is LogFormat.ApacheCommon or LogFormat.ApacheCombined or LogFormat.ApacheVhostCombined
            or LogFormat.NginxAccess or LogFormat.CloudFront;
        return access ? Math.Max(tol, AccessLogTolerance) : tol;
    }

    /// <summary>True once a step back larger than the tolerance was seen.</summary>
    public bool SawStepBack { get; private set; }

    /// <summary>Lines watched.</summary>
    public int Count => _count;

    /// <summary>True when the file may hold a displaced run (the finder looks only at files of three lines or more).</summary>
    public bool MayHoldRun => SawStepBack && _count >= 3;

    public void Add(DateTimeOffset stamp)
    {
        long ticks = stamp.UtcTicks;
        if (_yearless && _count > 0)
        {
            // The same year choice AnomalyScan makes, so both see the same stamps.
            stamp = YearlessStamps.Nearest(stamp, _c);
            ticks = stamp.UtcTicks;
        }
        if (!SawStepBack && _count > 0)
        {
            long max = _c;
            if (_count > 1) max = Math.Max(max, _b);
            if (_count > 2) max = Math.Max(max, _a);
            if (ticks < max - _tolerance) SawStepBack = true;
        }
        _a = _b;
        _b = _c;
        _c = ticks;
        _count++;
    }
}
