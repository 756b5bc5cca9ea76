using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Finds stretches where one file fell silent although its own rate says it should not have, while other
/// files of the host went on. Lines that come together (a cron job's lines in one second) count as one
/// moment; the rate is of moments, so bursts do not inflate it. The rate for a silence is the lower of the
/// rates just before and just after it (a quiet night is quiet on at least one side), or, over two days
/// or more, the rate the file has at those hours of the day. A silence is reported when its probability
/// under that Poisson rate is below <see cref="AnomalyOptions.SilenceProbability"/>.
/// </summary>
internal static class SilenceDetector
{
    private const long Minute = TimeSpan.TicksPerMinute;
    private const long Hour = TimeSpan.TicksPerHour;
    private const long Together = 2 * TimeSpan.TicksPerSecond;

    private sealed class Moments(FileFacts file, long[] times, int[] lastIndex, int[] firstIndex)
    {
        public FileFacts File { get; } = file;
        /// <summary>Start of each moment (true time, sorted).</summary>
        public long[] Times { get; } = times;
        /// <summary>Last line (index) of each moment.</summary>
        public int[] LastIndex { get; } = lastIndex;
        /// <summary>First line (index) of each moment.</summary>
        public int[] FirstIndex { get; } = firstIndex;
        public double LinesPerMoment => File.Count / (double)Math.Max(1, Times.Length);
        public long Start => Times[0];
        public long End => Times[^1];

        public int CountBetween(long from, long to)
        {
            int a = Array.BinarySearch(Times, from);
            if (a < 0) a = ~a;
            int b = Array.BinarySearch(Times, to);
            if (b < 0) b = ~b;
            return Math.Max(0, b - a);
        }
    }

    public static List<LogAnomaly> Find(BundleFacts bundle, IReadOnlyList<LogAnomaly> outages)
    {
        var all = bundle.Files.Where(f => f.Count >= 2 && f.Format != LogFormat.Yum).Select(Build).Where(m => m.Times.Length >= 2).ToList();
        var found = new List<LogAnomaly>();
        foreach (var m in all)
        {
            if (m.Times.Length < 20) continue;
            var hourly = m.End - m.Start >= 48 * Hour ? HourOfDayRates(m) : null;
            var gaps = new List<(int K, long Length)>();
            for (int k = 0; k + 1 < m.Times.Length; k++) gaps.Add((k, m.Times[k + 1] - m.Times[k]));
            long usual = gaps.Select(g => g.Length).OrderBy(x => x).ElementAt(gaps.Count / 2);
            foreach (var (k, length) in gaps)
            {
                if (length < Math.Max(5 * Minute, 3 * usual)) continue;
                long t1 = m.Times[k], t2 = m.Times[k + 1];
                if (ExplainedByOutage(m.File, t1, t2, outages)) continue;
                double expected = hourly is null ? LocalRate(m, t1, t2) * (length / (double)Hour) : Integrate(hourly, t1, t2);
                double p = Math.Exp(-expected);
                if (p >= bundle.Options.SilenceProbability) continue;
                var goOn = OthersGoOn(all, m, t1, t2);
                if (goOn.Count == 0) continue;
                found.Add(Report(bundle, all, m, k, expected, p, goOn, hourly is not null));
            }
        }
        return found;
    }

    /// <summary>A web server's own logs are silent while it is down: that silence is the outage, not missing lines.</summary>
    private static bool ExplainedByOutage(FileFacts f, long t1, long t2, IReadOnlyList<LogAnomaly> outages)
    {
        if (!(f.IsAccessLog || f.IsErrorLog)) return false;
        foreach (var o in outages)
        {
            if (o.Service is not { } s || !(KnownServices.IsWebServer(s) || s == "origin")) continue;
            long overlap = Math.Min(t2, o.End.UtcTicks) - Math.Max(t1, o.Start.UtcTicks);
            if (overlap >= (t2 - t1) / 2) return true;
        }
        return false;
    }

    private static Moments Build(FileFacts f)
    {
        var order = Enumerable.Range(0, f.Count).ToArray();
        var keys = (long[])f.True.Clone();
        Array.Sort(keys, order);
        var times = new List<long>();
        var last = new List<int>();
        var first = new List<int>();
        for (int j = 0; j < keys.Length; j++)
        {
            if (times.Count > 0 && keys[j] - keys[j - 1] <= Together)
            {
                last[^1] = Math.Max(last[^1], order[j]);
                continue;
            }
            times.Add(keys[j]);
            last.Add(order[j]);
            first.Add(order[j]);
        }
        return new Moments(f, times.ToArray(), last.ToArray(), first.ToArray());
    }

    /// <summary>
    /// Moments per hour next to the silence: the lowest of the rates over windows of half an hour to a few
    /// hours on either side. Taking the lowest keeps a fading evening or a slow morning from making a quiet
    /// night look like a hole; a file that really kept its pace right up to a cut still shows its pace.
    /// </summary>
    private static double LocalRate(Moments m, long t1, long t2)
    {
        double best = double.MaxValue;
        foreach (long w in (long[])[Hour / 2, Hour, 2 * Hour, Math.Clamp(2 * (t2 - t1), Hour, 6 * Hour)])
        {
            long beforeSpan = Math.Min(w, t1 - m.Start), afterSpan = Math.Min(w, m.End - t2);
            if (beforeSpan >= w / 2) best = Math.Min(best, m.CountBetween(t1 - beforeSpan, t1 + 1) / (beforeSpan / (double)Hour));
            if (afterSpan >= w / 2) best = Math.Min(best, m.CountBetween(t2, t2 + afterSpan + 1) / (afterSpan / (double)Hour));
        }
        return best == double.MaxValue ? 0 : best;
    }

    /// <summary>Moments per hour for each hour of the day, over the whole file.</summary>
    private static double[] HourOfDayRates(Moments m)
    {
        var counts = new double[24];
        var cover = new double[24];
        foreach (long t in m.Times) counts[new DateTime(t).Hour]++;
        for (long h = m.Start / Hour; h <= m.End / Hour; h++) cover[new DateTime(h * Hour).Hour]++;
        var rates = new double[24];
        for (int h = 0; h < 24; h++) rates[h] = cover[h] > 0 ? counts[h] / cover[h] : 0;
        return rates;
    }

    private static double Integrate(double[] rates, long t1, long t2)
    {
        double total = 0;
        for (long t = t1; t < t2;)
        {
            long next = Math.Min(t2, (t / Hour + 1) * Hour);
            total += rates[new DateTime(t).Hour] * ((next - t) / (double)Hour);
            t = next;
        }
        return total;
    }

    /// <summary>Other files that kept logging through the silence at no less than a third of their own rate.</summary>
    private static List<(Moments File, int Count)> OthersGoOn(List<Moments> all, Moments m, long t1, long t2)
    {
        var result = new List<(Moments, int)>();
        foreach (var o in all)
        {
            if (ReferenceEquals(o, m) || o.Start >= t1 || o.End <= t2) continue;
            int count = o.CountBetween(t1 + 1, t2);
            double expected = LocalRate(o, t1, t2) * ((t2 - t1) / (double)Hour);
            if (count >= 3 && count >= expected / 3) result.Add((o, count));
        }
        return result;
    }

    private static LogAnomaly Report(BundleFacts bundle, List<Moments> all, Moments m, int k, double expected, double p,
        List<(Moments File, int Count)> goOn, bool byHour)
    {
        var f = m.File;
        int before = m.LastIndex[k], after = m.FirstIndex[k + 1];
        long t1 = m.Times[k], t2 = m.Times[k + 1];
        var span = TimeSpan.FromTicks(t2 - t1);
        double expectedLines = expected * m.LinesPerMoment;
        var evidence = new List<string>
        {
            $"{f.Where(before)} ({Words.Time(f.TrueAt(before))}) is followed by {f.Where(after)} ({Words.Time(f.TrueAt(after))}): {Words.Duration(span)} without a line.",
            (byHour ? "At those hours of the day" : "Around the silence (the lower of the rates before and after it)")
            + $" the file logs {Words.Number(expected / Math.Max(1e-9, span.TotalHours))} moment(s) an hour; {Words.Number(expected)} were due, "
            + $"so a silence this long has probability {Words.Probability(p)}.",
            "Meanwhile " + string.Join(", ", goOn.Select(g => $"{Words.File(g.File.File.Path)} logged {g.Count} moment(s)")) + ".",
        };
        var tampering = TamperVerdict.Possible;
        var silentSiblings = all.Where(o => !ReferenceEquals(o, m) && o.File.IsRsyslogFile && f.IsRsyslogFile && o.Start < t1 && o.End > t2
            && o.CountBetween(t1 + 1, t2) == 0 && LocalRate(o, t1, t2) * span.TotalHours >= 3).ToList();
        if (silentSiblings.Count > 0)
        {
            evidence.Add($"{string.Join(", ", silentSiblings.Select(o => Words.File(o.File.Path)))} fell silent at the same time: the logger (rsyslog) stopped writing, not this file alone.");
            if (f.Events.Any(e => e.Kind is ServiceEventKind.RsyslogStart or ServiceEventKind.Boot && e.Index >= after && e.Index < after + 20))
            {
                evidence.Add($"rsyslog starts again at {f.Where(after)}: a logger outage.");
                tampering = TamperVerdict.Unlikely;
            }
        }
        else
        {
            evidence.Add("Only this file has the hole while the others go on: lines removed from it, or lost on their way to it. Worth a look.");
        }
        return new LogAnomaly
        {
            Kind = AnomalyKind.MissingLines,
            Path = f.Path,
            FirstLine = f.Line[before],
            LastLine = f.Line[after],
            LineCount = 0,
            StampedStart = f.StampAt(before),
            StampedEnd = f.StampAt(after),
            Start = f.TrueAt(before),
            End = f.TrueAt(after),
            Cause = AnomalyCause.Unknown,
            Tampering = tampering,
            Confidence = Math.Round(Math.Min(0.99, 0.6 + 0.05 * Math.Log10(bundle.Options.SilenceProbability / Math.Max(p, 1e-300))), 2),
            ExpectedLines = Math.Round(expectedLines, 1),
            RelatedPaths = goOn.Select(g => g.File.File.Path).ToList(),
            Summary = $"{Words.Duration(span)} of silence in {Words.File(f.Path)} where about {Words.Number(Math.Round(expectedLines))} lines were due",
            Evidence = evidence,
        };
    }
}
