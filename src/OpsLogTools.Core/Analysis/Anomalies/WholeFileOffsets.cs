using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Finds syslog-like files that are off by one constant from their first line to their last (rsyslog writing UTC on a
/// JST host, a clock an hour off all week): no step, so <see cref="DisplacedRunFinder"/> sees nothing. Each such file
/// is taken as one candidate run, open at both ends, and measured with the estimators a run is measured with. Only
/// outside clocks count here: the clocks programs print in their messages, and events shared with a file in true time
/// (the web server's error log: the same process id at the same moment). With no boundary and no good line, the cron grid
/// and the boundaries say nothing, so they are never enough.
/// </summary>
internal static class WholeFileOffsets
{
    /// <summary>Fewest agreeing clock readings or shared events: one odd line is not a wrong clock.</summary>
    public const int MinimumSamples = 6;

    /// <summary>Fewest lines a file must have: its first and last line (the timeline keeps no more of a file without clocks).</summary>
    public const int MinimumLines = 2;

    /// <summary>How the evidence of a whole-file finding begins (the timeline's story tells those apart by it).</summary>
    public const string EvidenceMark = "Whole file:";

    private const long Second = TimeSpan.TicksPerSecond;

    /// <summary>
    /// The whole-file displacements of the bundle's syslog-like files that hold no displaced run. Confirmed candidates
    /// are added to <paramref name="runs"/> (so their lines are re-timed with the rest).
    /// </summary>
    public static List<LogAnomaly> Find(BundleFacts bundle, List<DisplacedRun> runs)
    {
        var found = new List<LogAnomaly>();
        var withRuns = runs.Select(r => r.File).ToHashSet();
        var candidates = bundle.Files
            .Where(f => f.IsSyslogLike && f.Count >= MinimumLines && !withRuns.Contains(f) && !StepsBack(f, bundle.Options.JitterTolerance.Ticks))
            .Select(f => new DisplacedRun(f, 0, f.Count - 1, -1, -1, long.MinValue, long.MaxValue))
            .ToList();
        if (candidates.Count == 0) return found;
        var confirmed = new List<DisplacedRun>();
        foreach (var members in Group(candidates))
        {
            // Files trusted to be in true time for shared events: error logs with no run of their own (the web server
            // keeps its own zone whatever rsyslog writes in). A journal in order is a candidate itself, not a witness.
            var partners = bundle.Files.Where(f => f.IsErrorLog && !withRuns.Contains(f));
            var lookup = new RunLookup([.. members.Select(m => m.File), .. partners], members);
            if (Measure(bundle, members, lookup) is not { } measured) continue;
            var (offset, uncertainty, basis, evidence) = measured;

            double seconds = offset / (double)Second;
            var causeWords = new List<string>();
            var cause = DisplacementAnalysis.Cause(seconds, uncertainty, causeWords);
            if (GuessCheck.Explains(bundle, members, offset, uncertainty, cause) is { } guessed)
            {
                // Measured against a year or zone the reader guessed: the time is uncertain, not shown wrong.
                foreach (var m in members)
                {
                    (m.HasOffset, m.OffsetTicks, m.UncertaintySeconds, m.Basis) = (true, offset, uncertainty, basis);
                    found.Add(GuessCheck.Uncertain(m, members, guessed, evidence));
                }
                confirmed.AddRange(members);
                continue;
            }
            evidence.AddRange(causeWords);
            if (members.Count > 1)
                evidence.Add($"The same offset covers {members.Count} files written by one clock ({string.Join(", ", members.Select(m => Words.File(m.File.Path)).Distinct())}): one cause, not {members.Count}.");
            foreach (var m in members)
            {
                m.HasOffset = true;
                m.OffsetTicks = offset;
                m.UncertaintySeconds = uncertainty;
                m.Basis = basis;
            }
            foreach (var m in members)
                found.Add(DisplacementAnalysis.Build(bundle, m, members, lookup, [], cause, evidence));
            confirmed.AddRange(members);
        }
        runs.AddRange(confirmed);
        return found;
    }

    private static (long Offset, double Uncertainty, OffsetBasis Basis, List<string> Evidence)? Measure(BundleFacts bundle, List<DisplacedRun> members, RunLookup lookup)
    {
        var notes = new List<string>();
        var sameMoments = new List<string>();
        var embedded = EmbeddedClockMeasure.Measure(bundle, members, long.MinValue, long.MaxValue, lookup, notes);
        var shared = SharedEventMeasure.Measure(members, long.MinValue, long.MaxValue, lookup, sameMoments);
        if (embedded is { Samples: < MinimumSamples }) embedded = null;
        if (shared is { Samples: < MinimumSamples }) shared = null;

        long offset;
        double uncertainty;
        OffsetBasis basis;
        if (embedded is { } e && shared is { } s)
        {
            // Two outside clocks that disagree leave the file's true time open: no finding.
            if (Math.Abs(e.Ticks - s.Ticks) > 2 * Second) return null;
            (offset, uncertainty, basis) = (s.Ticks, Math.Max(1, Math.Abs(e.Ticks - s.Ticks) / (double)Second), OffsetBasis.EmbeddedClocks | OffsetBasis.SharedEvents);
        }
        else if (embedded is { } e1) (offset, uncertainty, basis) = (e1.Ticks, e1.UncertaintySeconds, OffsetBasis.EmbeddedClocks);
        else if (shared is { } s1) (offset, uncertainty, basis) = (s1.Ticks, s1.UncertaintySeconds, OffsetBasis.SharedEvents);
        else return null;
        // Within the jitter tolerance the stamps are as good as true: the engine never calls that a displacement.
        if (Math.Abs(offset) < bundle.Options.JitterTolerance.Ticks) return null;

        var evidence = new List<string>
        {
            EvidenceMark + " the stamps never step, so nothing inside the file shows the offset; it is measured over every line against outside clocks.",
        };
        if (embedded is { } e2) evidence.Add(e2.Evidence);
        if (shared is { } s2) evidence.Add(s2.Evidence);
        evidence.AddRange(notes.Where(n => !n.Contains("system clock itself", StringComparison.Ordinal)));
        return (offset, uncertainty, basis, evidence);
    }

    /// <summary>
    /// True when a stamp is earlier than one of the three before it by more than the tolerance: the test that opens every
    /// run. Such a file is the finder's; taken whole, it would mix the stretches on either side of the step.
    /// </summary>
    private static bool StepsBack(FileFacts f, long tolerance)
    {
        var s = f.Stamp;
        for (int i = 1; i < s.Length; i++)
        {
            long level = s[i - 1];
            if (i > 1) level = Math.Max(level, s[i - 2]);
            if (i > 2) level = Math.Max(level, s[i - 3]);
            if (s[i] < level - tolerance) return true;
        }
        return false;
    }

    /// <summary>
    /// rsyslog files whose stamps overlap were written by one rsyslog with one clock in one stretch of time (messages,
    /// cron and secure of one rotation); each journal file stands alone.
    /// </summary>
    private static List<List<DisplacedRun>> Group(List<DisplacedRun> candidates)
    {
        var groups = new List<List<DisplacedRun>>();
        var rsyslog = candidates.Where(c => c.File.IsRsyslogFile).OrderBy(c => c.StampedStart).ToList();
        long end = long.MinValue;
        foreach (var c in rsyslog)
        {
            if (groups.Count == 0 || c.StampedStart > end) groups.Add([]);
            groups[^1].Add(c);
            end = Math.Max(end, c.File.Stamp.Max());
        }
        foreach (var c in candidates.Where(c => !c.File.IsRsyslogFile)) groups.Add([c]);
        foreach (var g in groups) g.Sort((a, b) => a.File.Index.CompareTo(b.File.Index));
        return groups;
    }
}
