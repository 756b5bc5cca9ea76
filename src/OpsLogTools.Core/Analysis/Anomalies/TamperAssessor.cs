using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Judges whether a displaced run was only re-stamped (a clock or zone) or edited: do process ids keep
/// rising with the neighbours, do periodic jobs keep their grid, is the mix of programs and the rate the
/// same, are lines repeated word for word from elsewhere (journal replay, copied lines), does an event
/// (package update, rsyslog restart, clock step, boot) sit at a boundary, and did the same rsyslog stamp
/// other files correctly at the same moments?
/// </summary>
internal static class TamperAssessor
{
    private const int Window = 300;

    public static (TamperVerdict Verdict, List<string> Reasons) AssessRun(BundleFacts bundle, DisplacedRun r, IReadOnlyList<DisplacedRun> group,
        RunLookup runs, IReadOnlyList<CadenceFinding> cadence, long trueStart, long trueEnd)
    {
        var likely = new List<string>();
        var possible = new List<string>();
        var benign = new List<string>();
        var f = r.File;

        PidOrder(f, r, likely, possible, benign);
        Cadence(bundle, r, cadence, possible, benign);
        Mix(bundle, f, r, trueStart, trueEnd, possible, benign);
        Replay(f, r, likely, benign);
        // The run truly began between the good line before it and its first line, and ended between its last line
        // and the good line after it: an event anywhere in those windows sits at the boundary.
        long startFrom = r.Before >= 0 ? f.Stamp[r.Before] : trueStart, endTo = r.After >= 0 ? f.Stamp[r.After] : trueEnd;
        BoundaryEvents(bundle, runs, (Math.Min(startFrom, trueStart), trueStart), (trueEnd, Math.Max(endTo, trueEnd)), benign);
        SameWriter(runs, f, group, trueStart, trueEnd, possible);

        var verdict = likely.Count > 0 ? TamperVerdict.Likely : possible.Count > 0 ? TamperVerdict.Possible : TamperVerdict.Unlikely;
        var reasons = new List<string>();
        reasons.AddRange(likely.Select(s => "Tamper check (against): " + s));
        reasons.AddRange(possible.Select(s => "Tamper check (doubtful): " + s));
        reasons.AddRange(benign.Select(s => "Tamper check (fits a re-stamp): " + s));
        return (verdict, reasons);
    }

    private static void PidOrder(FileFacts f, DisplacedRun r, List<string> likely, List<string> possible, List<string> benign)
    {
        if (r.Before < 0 || r.After < 0) return;
        var seen = new HashSet<int>();
        var pre = NewPids(f, Math.Max(0, r.Before - Window + 1), r.Before, seen);
        var run = NewPids(f, r.First, r.Last, seen);
        var post = NewPids(f, r.After, Math.Min(f.Count - 1, r.After + Window - 1), seen);
        if (pre.Count < 3 || run.Count < 3 || post.Count < 3) return;
        double control = Concordance(pre, post);
        if (control < 0.8)
        {
            benign.Add($"process ids around the run do not rise steadily (wrapped or reused), so their order proves nothing either way.");
            return;
        }
        double c = Math.Min(Concordance(pre, run), Concordance(run, post));
        string span = $"{run.Count} new process id(s) in the run ({run.Min()}–{run.Max()}), before it {pre.Min()}–{pre.Max()}, after it {post.Min()}–{post.Max()}";
        if (c >= 0.7) benign.Add($"process ids keep rising with their neighbours: {span}.");
        else if (c < 0.4) likely.Add($"process ids inside the run are out of sequence with their neighbours ({Words.Number(c)} in order): {span}; these lines were not written at that point.");
        else possible.Add($"process ids inside the run only partly follow their neighbours ({Words.Number(c)} in order): {span}.");
    }

    private static List<int> NewPids(FileFacts f, int from, int to, HashSet<int> seen)
    {
        var list = new List<int>();
        for (int i = from; i <= to; i++)
        {
            int pid = f.Pid[i];
            if (pid > 1 && seen.Add(pid)) list.Add(pid);
        }
        return list;
    }

    /// <summary>Share of pairs (x from the earlier list, y from the later) with x &lt; y.</summary>
    private static double Concordance(List<int> earlier, List<int> later)
    {
        var sorted = earlier.ToArray();
        Array.Sort(sorted);
        long ordered = 0;
        foreach (int y in later)
        {
            int k = Array.BinarySearch(sorted, y);
            if (k < 0) k = ~k;
            ordered += k;
        }
        return ordered / (double)((long)sorted.Length * later.Count);
    }

    private static void Cadence(BundleFacts bundle, DisplacedRun r, IReadOnlyList<CadenceFinding> cadence, List<string> possible, List<string> benign)
    {
        foreach (var c in cadence.Where(c => ReferenceEquals(c.File, r.File)).OrderByDescending(c => c.InsideCycles).Take(3))
        {
            string job = CadenceMeasure.Describe(bundle, c);
            string every = Words.Duration(TimeSpan.FromSeconds(c.PeriodSeconds));
            if (c.SteadyInside)
            {
                int missed = c.ExpectedInsideCycles - c.InsideCycles;
                if (missed >= 2 && c.OutsideReliability >= 0.95)
                    possible.Add($"'{job}' fires every {every} without fail outside the run but misses {missed} of {c.ExpectedInsideCycles} firings inside it.");
                else
                    benign.Add($"'{job}' keeps its every-{every} cadence inside the run ({c.InsideCycles} firings).");
            }
            else if (c.InsideCycles >= 3)
            {
                possible.Add($"'{job}' keeps a steady every-{every} grid outside the run but not inside it.");
            }
        }
    }

    private static void Mix(BundleFacts bundle, FileFacts f, DisplacedRun r, long trueStart, long trueEnd, List<string> possible, List<string> benign)
    {
        int n = r.LineCount;
        if (n < 30) return;
        int take = Math.Min(2000, Math.Max(n, 200));
        int a0 = Math.Max(0, r.First - take), a1 = Math.Min(f.Count - 1, r.Last + take);
        var inside = new Dictionary<int, int>();
        var around = new Dictionary<int, int>();
        for (int i = r.First; i <= r.Last; i++) Bump(inside, f.Program(i));
        int aroundCount = 0;
        for (int i = a0; i < r.First; i++) { Bump(around, f.Program(i)); aroundCount++; }
        for (int i = r.Last + 1; i <= a1; i++) { Bump(around, f.Program(i)); aroundCount++; }
        if (aroundCount < 30) return;
        double tvd = 0;
        foreach (int key in inside.Keys.Union(around.Keys))
            tvd += Math.Abs(inside.GetValueOrDefault(key) / (double)n - around.GetValueOrDefault(key) / (double)aroundCount);
        tvd /= 2;
        var top = inside.OrderByDescending(kv => kv.Value).Take(4).Select(kv => $"{bundle.ProgramName(kv.Key)} {kv.Value}");
        if (tvd > 0.5) possible.Add($"the mix of programs inside the run differs from around it (distance {Words.Number(tvd)}; inside: {string.Join(", ", top)}).");
        else benign.Add($"the mix of programs is the same as around it (distance {Words.Number(tvd)}; inside: {string.Join(", ", top)}).");

        double runHours = (trueEnd - trueStart) / (double)TimeSpan.TicksPerHour;
        long aroundTicks = 0;
        if (r.First - 1 > a0) aroundTicks += f.True[r.First - 1] - f.True[a0];
        if (r.Last + 1 < a1) aroundTicks += f.True[a1] - f.True[r.Last + 1];
        double aroundHours = aroundTicks / (double)TimeSpan.TicksPerHour;
        if (runHours >= 0.5 && aroundHours >= 0.5)
        {
            double ratio = (n / runHours) / (aroundCount / aroundHours);
            if (ratio < 0.25) possible.Add($"the run holds {Words.Number(n / runHours)} lines an hour against {Words.Number(aroundCount / aroundHours)} around it: lines may be missing.");
        }
    }

    private static void Bump(Dictionary<int, int> d, int key) => d[key] = d.GetValueOrDefault(key) + 1;

    private static void Replay(FileFacts f, DisplacedRun r, List<string> likely, List<string> benign)
    {
        // A line a program writes again and again (a heartbeat with a fixed pid) repeats by nature. A replayed
        // or copied line is one that was unique: it occurs once in the run and once or twice elsewhere, no more.
        var counts = new Dictionary<int, (int Inside, int Outside, int Example)>();
        int withPid = 0;
        for (int i = r.First; i <= r.Last; i++)
        {
            if (f.Pid[i] <= 1) continue;
            withPid++;
            var c = counts.GetValueOrDefault(f.Full[i]);
            counts[f.Full[i]] = (c.Inside + 1, 0, c.Inside == 0 ? i : c.Example);
        }
        if (withPid < 5) return;
        int exampleOutside = -1, exampleInside = -1;
        for (int i = 0; i < f.Count; i++)
        {
            if (i == r.First) { i = r.Last; continue; }
            if (f.Pid[i] <= 1 || !counts.TryGetValue(f.Full[i], out var c)) continue;
            counts[f.Full[i]] = (c.Inside, c.Outside + 1, c.Example);
        }
        int replayed = 0;
        foreach (var (hash, c) in counts)
        {
            if (c.Inside != 1 || c.Outside is < 1 or > 2) continue;
            replayed++;
            if (exampleInside < 0)
            {
                exampleInside = c.Example;
                for (int i = 0; i < f.Count && exampleOutside < 0; i++)
                {
                    if ((i < r.First || i > r.Last) && f.Full[i] == hash) exampleOutside = i;
                }
            }
        }
        if (replayed >= 3 && replayed >= 0.2 * withPid)
            likely.Add($"{replayed} of {withPid} lines in the run repeat once-only lines of another period word for word, process id included (e.g. {f.Where(exampleInside)} = {f.Where(exampleOutside)}): replayed or copied lines.");
        else
            benign.Add($"no stretch of the run repeats another period word for word ({replayed} of {withPid} lines with a process id occur elsewhere too).");
    }

    private static void BoundaryEvents(BundleFacts bundle, RunLookup runs, (long From, long To) start, (long From, long To) end, List<string> benign)
    {
        long reach = 2 * TimeSpan.TicksPerMinute;
        var said = new HashSet<string>();
        foreach (var g in bundle.Files)
        {
            foreach (var e in g.Events)
            {
                if (e.Kind is not (ServiceEventKind.PackageUpdate or ServiceEventKind.RsyslogStart or ServiceEventKind.ClockStep or ServiceEventKind.Boot)) continue;
                long t = runs.TrueEstimate(g, e.Index);
                string? edge = t >= start.From - reach && t <= start.To + reach ? "begins" : t >= end.From - reach && t <= end.To + reach ? "ends" : null;
                if (edge is null) continue;
                string what = e.Kind switch
                {
                    ServiceEventKind.PackageUpdate => "a package update ran",
                    ServiceEventKind.RsyslogStart => "rsyslog (re)started",
                    ServiceEventKind.ClockStep => "the clock was stepped",
                    _ => "the machine booted",
                };
                string key = edge + what;
                if (said.Add(key))
                    benign.Add($"the run {edge} when {what} ({g.Where(e.Index)}, {Words.Time(g.InstantNear(t, e.Index))}): a boundary at such an event fits a mechanism, not an edit.");
            }
        }
    }

    private static void SameWriter(RunLookup runs, FileFacts f, IReadOnlyList<DisplacedRun> group, long trueStart, long trueEnd, List<string> possible)
    {
        if (!f.IsRsyslogFile) return;
        long margin = TimeSpan.TicksPerMinute;
        if (trueEnd - trueStart <= 2 * margin) return;
        foreach (var g in runs.AllFiles)
        {
            if (ReferenceEquals(g, f) || !g.IsRsyslogFile || group.Any(m => ReferenceEquals(m.File, g))) continue;
            int count = 0;
            for (int i = Math.Max(0, g.LowerBound(trueStart + margin) - 50); i < g.Count; i++)
            {
                long t = runs.TrueEstimate(g, i);
                if (t > trueEnd - margin && g.Stamp[i] > trueEnd - margin) break;
                if (t > trueStart + margin && t < trueEnd - margin && !runs.InRun(g, i)) count++;
            }
            if (count >= 3)
                possible.Add($"{Words.File(g.Path)} has {count} lines stamped correctly while this run was displaced; rsyslog stamps every file with one clock and zone, so a clock or zone change would show there too.");
        }
    }
}
