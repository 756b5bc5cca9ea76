namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Measures an offset from the clocks programs print in their own messages. Each program's clock is first
/// calibrated on the good lines of the same file (stamp minus printed time there is its zone and lag), so
/// a clock printed in local time, in UTC or with a small lag all measure the same thing.
/// </summary>
internal static class EmbeddedClockMeasure
{
    private static readonly long TwoSeconds = 2 * TimeSpan.TicksPerSecond;

    public static OffsetMeasure? Measure(BundleFacts bundle, IReadOnlyList<DisplacedRun> members, long low, long high, RunLookup runs, List<string> notes)
    {
        var values = new List<long>();
        var programs = new SortedSet<string>(StringComparer.Ordinal);
        int displacedToo = 0;
        var where = new List<string>();
        foreach (var r in members)
        {
            var f = r.File;
            if (f.Clocks.Count == 0) continue;
            var calibration = Calibrate(f, runs);
            int start = FirstClockAtOrAfter(f.Clocks, r.First);
            for (int c = start; c < f.Clocks.Count && f.Clocks[c].Index <= r.Last; c++)
            {
                var clock = f.Clocks[c];
                int program = f.Program(clock.Index);
                long lag;
                if (calibration.TryGetValue(program, out long? cal))
                {
                    // Printed dates that do not follow the stamps on good lines are not a clock (expiry dates, versions).
                    if (cal is null) continue;
                    lag = cal.Value;
                }
                else if (clock.HasZone) lag = 0;
                else
                {
                    // No good line of this program to calibrate on: assume it prints the host's local time.
                    int near = r.Before >= 0 ? r.Before : r.After;
                    if (near < 0)
                    {
                        // A whole file has no good line at all: the zone the file was read in is the host's.
                        near = clock.Index;
                        // A stamp equal to the printed time read as UTC is what a program printing UTC without a zone shows
                        // beside correct stamps: that reading cannot be told from a file shifted by the host's offset.
                        if (f.OffsetMinutes[near] != 0 && Math.Abs(f.Stamp[clock.Index] - clock.Ticks) <= TwoSeconds) continue;
                    }
                    lag = -f.OffsetMinutes[near] * TimeSpan.TicksPerMinute;
                }
                long d = f.Stamp[clock.Index] - clock.Ticks - lag;
                if (Math.Abs(d) <= TwoSeconds) displacedToo++;
                if (d < Sat(low, -TwoSeconds) || d > Sat(high, TwoSeconds)) continue;
                values.Add(d);
                programs.Add(bundle.ProgramName(program));
                if (where.Count < 3) where.Add(f.Where(clock.Index));
            }
        }
        if (displacedToo > 0 && displacedToo >= values.Count)
            notes.Add($"{displacedToo} clock(s) printed inside the run show the same displacement as the stamps: the programs' own clock was off too, so the system clock itself was wrong.");
        if (values.Count == 0) return null;
        values.Sort();
        long median = values[values.Count / 2];
        int agree = values.Count(v => Math.Abs(v - median) <= TwoSeconds);
        if (agree < Math.Max(1, (int)Math.Ceiling(0.6 * values.Count))) return null;
        var near2 = values.Where(v => Math.Abs(v - median) <= TwoSeconds).ToList();
        long rounded = RoundToSecond(near2[near2.Count / 2]);
        double spread = (near2[^1] - near2[0]) / (double)TimeSpan.TicksPerSecond;
        string text = $"Embedded clocks: {agree} of {values.Count} line(s) in the run print their own time ({string.Join(", ", programs)}; e.g. {string.Join(", ", where)}); "
            + $"stamped minus printed is {Words.Offset(rounded / (double)TimeSpan.TicksPerSecond)}, spread {Words.Seconds(spread)}.";
        return new OffsetMeasure(rounded, Math.Max(1, spread / 2 + 0.5), text, agree);
    }

    /// <summary>Per program, the median of stamp minus printed time over the good lines (only for programs whose clock is steady there).</summary>
    private static Dictionary<int, long?> Calibrate(FileFacts f, RunLookup runs)
    {
        var byProgram = new Dictionary<int, List<long>>();
        foreach (var clock in f.Clocks)
        {
            if (runs.InRun(f, clock.Index)) continue;
            int program = f.Program(clock.Index);
            if (!byProgram.TryGetValue(program, out var list)) byProgram[program] = list = [];
            if (list.Count < 2000) list.Add(f.Stamp[clock.Index] - clock.Ticks);
        }
        var result = new Dictionary<int, long?>();
        foreach (var (program, list) in byProgram)
        {
            list.Sort();
            long median = list[list.Count / 2];
            int steady = list.Count(v => Math.Abs(v - median) <= 5 * TimeSpan.TicksPerSecond);
            result[program] = steady >= 0.8 * list.Count ? median : null;
        }
        return result;
    }

    private static int FirstClockAtOrAfter(List<EmbeddedClock> clocks, int index)
    {
        int lo = 0, hi = clocks.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (clocks[mid].Index < index) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    internal static long RoundToSecond(long ticks) =>
        (long)Math.Round(ticks / (double)TimeSpan.TicksPerSecond) * TimeSpan.TicksPerSecond;

    internal static long Sat(long value, long delta)
    {
        if (value == long.MinValue || value == long.MaxValue) return value;
        return value + delta;
    }
}
