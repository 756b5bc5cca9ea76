using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Tests.Timeline;

/// <summary>
/// The test's oracle for <see cref="JumpLedger"/>: the plainest form of the step that could start a displaced run, a
/// stamp earlier than one of the three before it by more than the jitter tolerance (the test
/// <see cref="DisplacedRunFinder"/> opens every run with), keeping only the last three stamps. It was the timeline's
/// first-pass watch before the ledger took its place.
/// </summary>
internal sealed class JumpWatch
{
    private readonly long _tolerance;
    private readonly bool _yearless;
    private long _a, _b, _c;
    private int _count;

    public JumpWatch(LogFormat format, AnomalyOptions options)
    {
        _tolerance = JumpLedger.ToleranceFor(format, options);
        _yearless = YearlessStamps.IsYearless(format);
    }

    /// <summary>True once a step back larger than the tolerance was seen.</summary>
    public bool SawStepBack { get; private set; }

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
