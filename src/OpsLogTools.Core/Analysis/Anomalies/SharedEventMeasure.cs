namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Measures an offset from moments that another file of the bundle logged in true time: the same process
/// id (CROND's job in <c>cron</c> and its pam session in <c>secure</c>), or a cron job and the session it
/// opened (<c>Started Session N</c> in <c>messages</c>). Also counts the same moments in other displaced
/// files, which shows that one displacement covers them all.
/// </summary>
internal static class SharedEventMeasure
{
    private const long Second = TimeSpan.TicksPerSecond;
    private const int MaxPairs = 200_000;
    /// <summary>
    /// Lines of other files one measurement looks at, in all: each run's file is paired with every other syslog file,
    /// so 10,000 small files taken whole as one rsyslog group would cost 10,000 × 10,000 passes. Past this, the
    /// measurement uses the pairings made so far.
    /// </summary>
    internal const long MaxLinesVisited = 20_000_000;
    /// <summary>Pairings kept for the vote, in all (a million agree or disagree as well as more would).</summary>
    internal const int MaxVotes = 1_000_000;
    /// <summary>Pairs of files named in the evidence as sharing displaced moments; more are counted in one sentence.</summary>
    internal const int MaxSameMomentPairs = 20;

    public static OffsetMeasure? Measure(IReadOnlyList<DisplacedRun> members, long low, long high, RunLookup runs, List<string> sameMoments)
    {
        var pidVotes = new List<long>();
        var jobVotes = new List<long>();
        var pidFiles = new SortedSet<string>(StringComparer.Ordinal);
        var jobFiles = new SortedSet<string>(StringComparer.Ordinal);
        int jobEvents = 0;
        var otherFiles = runs.AllFiles.Where(f => f.IsSyslogLike || f.IsErrorLog).ToList();
        long visited = 0;
        var memberSet = new HashSet<DisplacedRun>(members);
        // One set of shared process ids, emptied for each pair of files: most pairs share none.
        var same = new HashSet<int>();
        int pairsMore = 0;
        bool Spent() => visited >= MaxLinesVisited || pidVotes.Count + jobVotes.Count >= MaxVotes;

        foreach (var r in members)
        {
            if (Spent()) break;
            var a = r.File;
            var pids = new Dictionary<int, List<int>>();
            var jobs = new List<int>();
            for (int i = r.First; i <= r.Last; i++)
            {
                int pid = a.Pid[i];
                if (pid > 1)
                {
                    if (!pids.TryGetValue(pid, out var list)) pids[pid] = list = [];
                    if (list.Count < 8) list.Add(i);
                }
                if ((a.Flags[i] & (LineFlags.JobStart | LineFlags.SessionOpen)) != 0) jobs.Add(i);
            }
            jobEvents += jobs.Count;

            // The true window of the run, widened by a minute; open bounds search the whole file.
            long from = high == long.MaxValue ? long.MinValue : a.Stamp[r.First] - high - 60 * Second;
            long to = low == long.MinValue ? long.MaxValue : a.Stamp[r.Last] - low + 60 * Second;
            foreach (var b in otherFiles)
            {
                if (ReferenceEquals(b, a) || b.Count == 0) continue;
                if (Spent()) break;
                string? bName = null;
                int j0 = from == long.MinValue ? 0 : LowerBoundStamp(b, from, runs);
                int pairs = 0;
                same.Clear();
                for (int j = j0; j < b.Count && pairs < MaxPairs && !Spent(); j++)
                {
                    visited++;
                    var other = runs.RunAt(b, j);
                    if (other is null && to != long.MaxValue && b.Stamp[j] > to) break;
                    int pid = b.Pid[j];
                    bool bJob = (b.Flags[j] & (LineFlags.JobStart | LineFlags.SessionOpen)) != 0;
                    if (other is not null)
                    {
                        // A line of another displaced run: its stamps are displaced too, so the same moment has the same stamp.
                        if (!memberSet.Contains(other)) continue;
                        if (pid > 1 && pids.TryGetValue(pid, out var same1) && SameMoment(a, same1, b.Stamp[j])) same.Add(pid);
                        continue;
                    }
                    if (pid > 1 && pids.TryGetValue(pid, out var idx))
                    {
                        foreach (int i in idx)
                        {
                            long d = a.Stamp[i] - b.Stamp[j];
                            if (d >= Sat(low, -2 * Second) && d <= Sat(high, 2 * Second)) { pidVotes.Add(d); pidFiles.Add(bName ??= Words.File(b.Path)); pairs++; }
                        }
                    }
                    if (bJob)
                    {
                        foreach (int i in jobs)
                        {
                            long d = a.Stamp[i] - b.Stamp[j];
                            if (d >= Sat(low, -2 * Second) && d <= Sat(high, 2 * Second)) { jobVotes.Add(d); jobFiles.Add(bName ??= Words.File(b.Path)); pairs++; }
                        }
                    }
                }
                if (same.Count > 0 && string.CompareOrdinal(a.Path, b.Path) < 0 && sameMoments.Count >= MaxSameMomentPairs) pairsMore++;
                else if (same.Count > 0 && string.CompareOrdinal(a.Path, b.Path) < 0)
                    sameMoments.Add($"{same.Count} process(es) logged in the runs of both {Words.File(a.Path)} and {Words.File(b.Path)} carry the same displaced stamps there (within 2 s): the same moments, the same displacement.");
            }
        }

        if (pairsMore > 0) sameMoments.Add($"{pairsMore} more pair(s) of files carry the same displaced stamps at the same moments.");
        var pidPeak = Peak(pidVotes, 2, 0.6, 0);
        var jobPeak = Peak(jobVotes, 3, 0.0, 2.0);
        if (pidPeak is { } p)
        {
            string text = $"Shared events: {p.Count} of {pidVotes.Count} pairing(s) of run lines with good lines of {string.Join(", ", pidFiles)} by process id agree; "
                + $"stamped minus true is {Words.Offset(p.Value / (double)Second)}.";
            if (jobPeak is { } jp && Math.Abs(jp.Value - p.Value) <= 2 * Second)
                text += $" {jp.Count} cron job(s) and the sessions they opened in {string.Join(", ", jobFiles)} agree.";
            return new OffsetMeasure(p.Value, 1, text, p.Count);
        }
        if (jobPeak is { } best && best.Count >= Math.Max(3, jobEvents / 4))
        {
            string text = $"Shared events: {best.Count} cron job(s)/session(s) in the run line up with sessions or jobs logged in true time in {string.Join(", ", jobFiles)}; "
                + $"stamped minus true is {Words.Offset(best.Value / (double)Second)}.";
            return new OffsetMeasure(best.Value, 1, text, best.Count);
        }
        return null;
    }

    /// <summary>The densest 3-second window of votes; null unless it has enough votes, a share of them, and stands out from the next window.</summary>
    private static (long Value, int Count)? Peak(List<long> votes, int minCount, double minShare, double overSecond)
    {
        if (votes.Count < minCount) return null;
        votes.Sort();
        int bestCount = 0, bestAt = 0;
        int lo = 0;
        for (int hi = 0; hi < votes.Count; hi++)
        {
            while (votes[hi] - votes[lo] > 2 * Second) lo++;
            if (hi - lo + 1 > bestCount) { bestCount = hi - lo + 1; bestAt = lo; }
        }
        if (bestCount < minCount || bestCount < minShare * votes.Count) return null;
        long center = votes[bestAt + bestCount / 2];
        if (overSecond > 0)
        {
            // Periodic jobs repeat: a wide window finds the same pattern a period away. Ask for a clear winner.
            int second = 0;
            lo = 0;
            for (int hi = 0; hi < votes.Count; hi++)
            {
                while (votes[hi] - votes[lo] > 2 * Second) lo++;
                long mid = votes[lo + (hi - lo) / 2];
                if (Math.Abs(mid - center) > 4 * Second) second = Math.Max(second, hi - lo + 1);
            }
            if (bestCount < overSecond * second) return null;
        }
        return (EmbeddedClockMeasure.RoundToSecond(center), bestCount);
    }

    private static bool SameMoment(FileFacts a, List<int> lines, long stamp)
    {
        foreach (int i in lines)
        {
            if (Math.Abs(a.Stamp[i] - stamp) <= 2 * Second) return true;
        }
        return false;
    }

    private static int LowerBoundStamp(FileFacts f, long ticks, RunLookup runs)
    {
        // Stamps of a file with displaced runs are not sorted; the true times are nearly so.
        int lo = 0, hi = f.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (runs.TrueEstimate(f, mid) < ticks) lo = mid + 1; else hi = mid;
        }
        return Math.Max(0, lo - 50);
    }

    private static long Sat(long v, long d) => EmbeddedClockMeasure.Sat(v, d);
}
