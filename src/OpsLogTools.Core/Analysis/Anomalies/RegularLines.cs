namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Kinds of line that come on a grid (a cron job every ten minutes, its session in messages, an agent's hourly
/// report): lines of one shape whose intervals are, nearly always, one period. A silence in which such a job
/// should have fired several times and did not is stronger evidence than any rate: the job kept its grid all
/// through the rest of the file.
/// </summary>
internal sealed class RegularLines
{
    private const long Second = TimeSpan.TicksPerSecond;
    private const int FewestOccurrences = 24;

    private readonly List<Job> _jobs;

    private sealed record Job(int ExampleIndex, long Period, long[] Times, int Regular, int Intervals)
    {
        /// <summary>Chance that one run is skipped: skips seen in the file (plus one, so a clean record is not certainty) over runs.</summary>
        public double SkipChance => (Intervals - Regular + 1.0) / (Intervals + 2.0);
    }

    private RegularLines(List<Job> jobs) => _jobs = jobs;

    public static RegularLines Of(FileFacts f)
    {
        var jobs = new List<Job>();
        if (f.Shape.Count == 0) return new RegularLines(jobs);
        int lines = Math.Min(f.Count, f.Shape.Count);
        // A shape's median interval is at least a minute only if at most 2 × span / minute + 1 of its lines are in the file
        // (half its intervals would be that long): a shape with more is no job, and its lines are never listed (issue 19: a
        // line repeated millions of times cost 4 bytes each in its list). Counted first, so what is listed is bounded by time.
        var counts = new Dictionary<int, int>();
        for (int i = 0; i < lines; i++)
        {
            int shape = f.Shape[i];
            if (shape != 0) counts[shape] = counts.GetValueOrDefault(shape) + 1;
        }
        if (counts.Count == 0) return new RegularLines(jobs);
        long span = f.True.Max() - f.True.Min();
        long most = 2 * (span / (60 * Second)) + 2;
        var byShape = new Dictionary<int, List<int>>();
        foreach (var (shape, count) in counts)
        {
            if (count >= FewestOccurrences && count <= most) byShape[shape] = new List<int>(count);
        }
        if (byShape.Count == 0) return new RegularLines(jobs);
        for (int i = 0; i < lines; i++)
        {
            if (byShape.TryGetValue(f.Shape[i], out var list)) list.Add(i);
        }
        foreach (var indexes in byShape.Values)
        {
            if (indexes.Count < FewestOccurrences) continue;
            // Two arrays of the shape's lines, sorted in place: the count of regular intervals does not depend on their order.
            var times = new long[indexes.Count];
            for (int k = 0; k < times.Length; k++) times[k] = f.True[indexes[k]];
            Array.Sort(times);
            var intervals = new long[times.Length - 1];
            for (int k = 0; k < intervals.Length; k++) intervals[k] = times[k + 1] - times[k];
            Array.Sort(intervals);
            long period = intervals[intervals.Length / 2];
            if (period < 60 * Second) continue;
            long tolerance = Tolerance(period);
            int regular = 0;
            foreach (long x in intervals)
            {
                if (Math.Abs(x - period) <= tolerance) regular++;
            }
            if (regular < 0.9 * intervals.Length) continue;
            jobs.Add(new Job(indexes[0], period, times, regular, intervals.Length));
        }
        return new RegularLines(jobs);
    }

    private static long Tolerance(long period) => Math.Max(3 * Second, period / 100);

    /// <summary>
    /// The job whose missed runs in (<paramref name="t1"/>, <paramref name="t2"/>) are least likely by chance:
    /// it fired on its grid just before and just after, and skipped the runs between. Null when no job skipped two or more.
    /// </summary>
    public (int ExampleIndex, long Period, int Missed, double Probability)? Strongest(long t1, long t2)
    {
        (int, long, int, double)? best = null;
        foreach (var job in _jobs)
        {
            int a = Array.BinarySearch(job.Times, t1 + 1);
            if (a < 0) a = ~a;
            if (a == 0 || a >= job.Times.Length) continue;
            long before = job.Times[a - 1], after = job.Times[a];
            if (after < t2) continue;
            long span = after - before;
            int cycles = (int)Math.Round(span / (double)job.Period);
            // The runs on either side must be on one grid, or the job was moved, not skipped.
            if (Math.Abs(span - cycles * job.Period) > Tolerance(job.Period) * cycles) continue;
            int missed = cycles - 1;
            if (missed < 2) continue;
            double p = Math.Pow(job.SkipChance, missed);
            if (best is null || p < best.Value.Item4) best = (job.ExampleIndex, job.Period, missed, p);
        }
        return best;
    }
}
