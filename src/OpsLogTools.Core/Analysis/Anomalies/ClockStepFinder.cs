using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Steps a clock witness printed (chronyd, ntpd, systemd's RTC delta, auditd) that no displaced run accounts for: a
/// clock stepped by -9.3 s is an event an admin wants to see even though no run of stamps is that far off. chronyd's
/// "wrong by" and "stepped by" lines of one step, and the same step in rsyslog's file and the journal, are one finding.
/// </summary>
internal static class ClockStepFinder
{
    private const long Second = TimeSpan.TicksPerSecond;
    /// <summary>Smaller steps are the daemons' ordinary slewing, not worth a finding (chronyd logs a change of a second and more).</summary>
    private const double LeastStepSeconds = 1.0;
    private static readonly long Reach = 10 * TimeSpan.TicksPerMinute;

    public static List<LogAnomaly> Find(BundleFacts bundle, IReadOnlySet<ClockEvent> used)
    {
        var candidates = new List<(FileFacts File, WitnessLine Line, long True)>();
        foreach (var f in bundle.Files)
        {
            foreach (var w in f.Witnesses)
            {
                if (!ClockWitnesses.IsSized(w.Event) || used.Contains(w.Event) || Math.Abs(w.Event.StepSeconds!.Value) < LeastStepSeconds) continue;
                candidates.Add((f, w, f.True[w.Index]));
            }
        }
        candidates.Sort((a, b) => a.True.CompareTo(b.True));
        var clusters = new List<List<(FileFacts File, WitnessLine Line, long True)>>();
        foreach (var c in candidates)
        {
            double step = c.Line.Event.StepSeconds!.Value;
            // The "wrong by" line is stamped by the wrong clock, the "stepped by" line by the right one: up to the step apart.
            var home = clusters.LastOrDefault(k => SameStep(k[0].Line.Event.StepSeconds!.Value, step)
                && Math.Abs(c.True - k[^1].True) <= Reach + (long)(Math.Abs(step) * Second));
            if (home is null) clusters.Add([c]);
            else home.Add(c);
        }
        return clusters.Select(k => Build(k)).ToList();
    }

    private static bool SameStep(double a, double b) => Math.Abs(a - b) <= Math.Max(1, Math.Abs(a) / 100);

    private static LogAnomaly Build(List<(FileFacts File, WitnessLine Line, long True)> cluster)
    {
        var main = cluster.FirstOrDefault(c => c.Line.Event.Kind == ClockEventKind.ClockStepped);
        if (main.File is null) main = cluster.FirstOrDefault(c => c.Line.Event.Kind == ClockEventKind.RtcLocalTime);
        if (main.File is null) main = cluster[0];
        var f = cluster[0].File;
        var own = cluster.Where(c => ReferenceEquals(c.File, f)).ToList();
        var e = main.Line.Event;
        double step = e.StepSeconds!.Value;
        string direction = step < 0 ? "back" : "forward";
        string ahead = step < 0 ? "ahead" : "behind";
        string summary = e.Kind switch
        {
            ClockEventKind.ClockStepped => $"{e.Source} stepped the clock {direction} by {Words.Seconds(Math.Abs(step))}; the stamps before it were {Words.Seconds(Math.Abs(step))} {ahead}",
            ClockEventKind.RtcLocalTime => $"systemd moved the clock {direction} by {Words.Offset(step)} at boot: the real-time clock is read as local time",
            _ => $"{e.Source} found the clock wrong by {Words.Seconds(step)} (the stamps were {Words.Seconds(Math.Abs(step))} {ahead}) and corrected it",
        };
        var evidence = cluster.Select(c => "Clock witness: " + ClockWitnesses.Quote(c.File, c.Line)).ToList();
        evidence.Add($"No displaced run shows this step: it is under the displaced-run threshold, or no file kept lines on both sides of it. "
            + $"Lines stamped just before {Words.Time(f.StampAt(own[^1].Line.Index))} were {Words.Seconds(Math.Abs(step))} {ahead} of true time.");
        if (e.Kind == ClockEventKind.RtcLocalTime)
            evidence.Add("Cause: systemd applies the zone's offset to a clock the kernel set from an RTC kept in local time (timedatectl set-local-rtc 1): only the lines before it at boot (the kernel's) carry the RTC's zone.");
        return new LogAnomaly
        {
            Kind = AnomalyKind.ClockStep,
            Path = f.Path,
            FirstLine = f.Line[own[0].Line.Index],
            LastLine = f.Line[own[^1].Line.Index],
            LineCount = own.Count,
            StampedStart = f.StampAt(own[0].Line.Index),
            StampedEnd = f.StampAt(own[^1].Line.Index),
            Start = f.TrueAt(own[0].Line.Index),
            End = f.TrueAt(own[^1].Line.Index),
            OffsetSeconds = -step,
            OffsetUncertaintySeconds = 0,
            Basis = OffsetBasis.ClockWitness,
            Cause = e.Kind == ClockEventKind.RtcLocalTime ? AnomalyCause.TimeZone : AnomalyCause.Clock,
            Tampering = TamperVerdict.Unlikely,
            Confidence = e.Kind == ClockEventKind.ClockWrong ? 0.8 : 0.9,
            Service = e.Source,
            RelatedPaths = cluster.Select(c => c.File.Path).Where(p => p != f.Path).Distinct().ToList(),
            ClockEvents = cluster.Select(c => c.Line.Event).ToList(),
            Summary = summary,
            Evidence = evidence,
        };
    }
}
