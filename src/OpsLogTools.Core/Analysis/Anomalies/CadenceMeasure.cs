namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>A periodic kind of line seen both around and inside a displaced run.</summary>
internal sealed record CadenceFinding(
    FileFacts File, int ExampleIndex, int PeriodSeconds, double PhaseOutside, double PhaseInside,
    int InsideCycles, int ExpectedInsideCycles, bool SteadyOutside, bool SteadyInside, double OutsideReliability);

/// <summary>
/// Measures an offset from the grid of periodic jobs: a job that fires every P seconds at a fixed second
/// keeps firing on its grid inside a displaced run, so the run's phase minus the outside phase is the offset
/// modulo P. With the boundary bounds narrower than P that pins the offset; several jobs narrow it further.
/// </summary>
internal static class CadenceMeasure
{
    private static readonly int[] Periods = [86400, 43200, 21600, 14400, 7200, 3600, 1800, 1200, 900, 600, 300, 120, 60];
    private const double PhaseTolerance = 3.0;
    private const int OutsideReach = 50_000;

    public static OffsetMeasure? Measure(IReadOnlyList<DisplacedRun> members, long low, long high, RunLookup runs, BundleFacts bundle, List<CadenceFinding> findings)
    {
        foreach (var r in members) FindInRun(r, runs, findings);
        var steady = findings.Where(c => c.SteadyOutside && c.SteadyInside).OrderByDescending(c => c.PeriodSeconds).ToList();
        if (steady.Count == 0 || low == long.MinValue || high == long.MaxValue) return null;

        double lo = low / (double)TimeSpan.TicksPerSecond - PhaseTolerance, hi = high / (double)TimeSpan.TicksPerSecond + PhaseTolerance;
        var lead = steady[0];
        double delta = Wrap(lead.PhaseInside - lead.PhaseOutside, lead.PeriodSeconds);
        double firstM = Math.Ceiling((lo - delta) / lead.PeriodSeconds);
        double lastM = Math.Floor((hi - delta) / lead.PeriodSeconds);
        if (lastM - firstM > 1000) return null;
        var candidates = new List<double>();
        for (double m = firstM; m <= lastM; m++)
        {
            double c = delta + m * lead.PeriodSeconds;
            bool fitsAll = steady.All(o => Math.Abs(Centered(c - (o.PhaseInside - o.PhaseOutside), o.PeriodSeconds)) <= PhaseTolerance);
            if (fitsAll) candidates.Add(c);
        }
        if (candidates.Count != 1) return null;
        double value = Math.Round(candidates[0]);
        var names = steady.Take(3).Select(c => $"'{Describe(bundle, c)}' every {Words.Duration(TimeSpan.FromSeconds(c.PeriodSeconds))}");
        string text = $"Cadence: {string.Join("; ", names)} fire(s) at a fixed second of the grid outside the run and at a shifted second inside it; "
            + $"with the bounds, that leaves one offset: {Words.Offset(value)}.";
        return new OffsetMeasure((long)value * TimeSpan.TicksPerSecond, 2, text);
    }

    public static string Describe(BundleFacts bundle, CadenceFinding c) =>
        $"{bundle.ProgramName(c.File.Program(c.ExampleIndex))} ({c.File.Where(c.ExampleIndex)})";

    private static void FindInRun(DisplacedRun r, RunLookup runs, List<CadenceFinding> findings)
    {
        var f = r.File;
        if (!f.IsSyslogLike) return;
        var inside = new Dictionary<int, List<long>>();
        var example = new Dictionary<int, int>();
        for (int i = r.First; i <= r.Last; i++)
        {
            int shape = f.Shape[i];
            if (!inside.TryGetValue(shape, out var list)) { inside[shape] = list = []; example[shape] = i; }
            if (list.Count < 2000) list.Add(f.Stamp[i]);
        }
        var outside = new Dictionary<int, List<long>>();
        foreach (var (shape, list) in inside)
        {
            if (list.Count >= 2) outside[shape] = [];
        }
        if (outside.Count == 0) return;
        int from = Math.Max(0, r.First - OutsideReach), to = Math.Min(f.Count - 1, r.Last + OutsideReach);
        for (int i = from; i <= to; i++)
        {
            if (i == r.First) { i = r.Last; continue; }
            if (outside.TryGetValue(f.Shape[i], out var list) && list.Count < 2000 && !runs.InRun(f, i)) list.Add(f.Stamp[i]);
        }
        foreach (var (shape, outTimes) in outside)
        {
            if (outTimes.Count < 4) continue;
            var inTimes = inside[shape];
            foreach (int period in Periods)
            {
                var o = Steady(outTimes, period, 3);
                if (o is null) continue;
                var n = Steady(inTimes, period, 2);
                int expected = GridPoints(f.Stamp[r.First], f.Stamp[r.Last], n?.Phase ?? 0, period);
                double reliability = Reliability(outTimes, period);
                findings.Add(new CadenceFinding(f, example[shape], period, o.Value.Phase, n?.Phase ?? double.NaN,
                    n?.Cycles ?? Cycles(inTimes, period), expected, true, n is not null, reliability));
                break;
            }
        }
    }

    /// <summary>The phase (seconds into the period) most of the times share, if at least 80% do and they span enough cycles.</summary>
    private static (double Phase, int Cycles)? Steady(List<long> times, int period, int minCycles)
    {
        if (times.Count < minCycles) return null;
        var phases = times.Select(t => PhaseOf(t, period)).ToArray();
        int bestCount = 0;
        double bestRef = 0;
        for (int k = 0; k < Math.Min(20, phases.Length); k++)
        {
            int count = phases.Count(p => Math.Abs(Centered(p - phases[k], period)) <= PhaseTolerance);
            if (count > bestCount) { bestCount = count; bestRef = phases[k]; }
        }
        if (bestCount < 0.8 * phases.Length) return null;
        var near = phases.Select(p => Centered(p - bestRef, period)).Where(d => Math.Abs(d) <= PhaseTolerance).OrderBy(d => d).ToList();
        double phase = Wrap(bestRef + near[near.Count / 2], period);
        int cycles = Cycles(times, period);
        if (cycles < minCycles) return null;
        return (phase, cycles);
    }

    private static int Cycles(List<long> times, int period) =>
        times.Select(t => t / (period * TimeSpan.TicksPerSecond)).Distinct().Count();

    /// <summary>Share of the grid points between the first and last time at which the job did fire.</summary>
    private static double Reliability(List<long> times, int period)
    {
        long min = times.Min(), max = times.Max();
        double expected = (max - min) / (double)(period * TimeSpan.TicksPerSecond) + 1;
        return Math.Min(1, Cycles(times, period) / expected);
    }

    private static int GridPoints(long first, long last, double phase, int period)
    {
        double a = first / (double)TimeSpan.TicksPerSecond - PhaseTolerance, b = last / (double)TimeSpan.TicksPerSecond + PhaseTolerance;
        double m0 = Math.Ceiling((a - phase) / period), m1 = Math.Floor((b - phase) / period);
        return (int)Math.Max(0, m1 - m0 + 1);
    }

    private static double PhaseOf(long ticks, int period)
    {
        long p = period * TimeSpan.TicksPerSecond;
        long r = ticks % p;
        if (r < 0) r += p;
        return r / (double)TimeSpan.TicksPerSecond;
    }

    internal static double Wrap(double x, int period)
    {
        double r = x % period;
        return r < 0 ? r + period : r;
    }

    internal static double Centered(double x, int period)
    {
        double r = Wrap(x, period);
        return r > period / 2.0 ? r - period : r;
    }
}
