using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Finds stretches where one file fell silent although it should not have, while other files of the host went on.
/// An origin access log behind CloudFront is judged by CloudFront's own record (<see cref="CdnOriginCheck"/>):
/// a silence is a hole only if CloudFront forwarded requests to the origin during it. Any other file is judged by
/// its own rate of moments (<see cref="FileMoments"/>), in its own regime: the rate just before and just after the
/// silence (the lower of the two, each over a window long enough to hold a few moments), lowered, over two days or
/// more, to the rate the file has at those hours of the day when that is far lower. A rate is never raised by what
/// the file did on other days, so a prober that came on one day does not make another day's quiet hours a hole.
/// Periodic jobs (<see cref="RegularLines"/>) that skipped several runs are evidence of their own. The silence is
/// reported when the chance of one that long anywhere in the file is below <see cref="AnomalyOptions.SilenceProbability"/>.
/// </summary>
internal static class SilenceDetector
{
    private const long Minute = TimeSpan.TicksPerMinute;
    private const long Hour = TimeSpan.TicksPerHour;
    /// <summary>A side's rate is measured over a window that holds at least this many moments (or is as long as allowed).</summary>
    private const int MomentsForRate = 30;
    private const long LongestRateWindow = 6 * Hour;
    /// <summary>Fewest forwarded requests inside a silence of an origin log before it counts as a hole.</summary>
    private const int FewestForwarded = 3;

    public static List<LogAnomaly> Find(BundleFacts bundle, IReadOnlyList<LogAnomaly> outages)
    {
        var all = bundle.Files.Where(f => f.Count >= 2 && !Formats.PackageFormats.IsPackageLog(f.Format)).Select(f => FileMoments.Build(f)).Where(m => m.Times.Length >= 2).ToList();
        // CloudFront splits each hour's requests among several files (one per edge server that answered): a silence
        // in one of them is another file's share, never a hole. CloudFront still counts as a file that went on.
        var judged = all.Where(m => !m.File.IsCloudFront).ToList();
        var cdn = CdnOriginCheck.For(bundle);
        var found = new List<LogAnomaly>();
        foreach (var m in judged)
        {
            if (m.Times.Length < 20) continue;
            (double Share, int Fetches) origin = (double.NaN, 0);
            if (cdn is not null && m.File.IsAccessLog) origin = cdn.OriginShare(m);
            bool isOrigin = origin.Fetches >= 10 && origin.Share >= 0.5;
            (double[] Counts, double[] Cover)? hourly = m.End - m.Start >= 48 * Hour ? HourOfDayRates(m) : null;
            var regular = RegularLines.Of(m.File);
            // The median gap, from the gaps' lengths alone (eight bytes a moment for this file's look).
            var lengths = new long[m.Times.Length - 1];
            for (int k = 0; k < lengths.Length; k++) lengths[k] = m.Times[k + 1] - m.Times[k];
            Array.Sort(lengths);
            long usual = lengths[lengths.Length / 2];
            for (int k = 0; k + 1 < m.Times.Length; k++)
            {
                long length = m.Times[k + 1] - m.Times[k];
                if (length < Math.Max(5 * Minute, 3 * usual)) continue;
                long t1 = m.Times[k], t2 = m.Times[k + 1];
                if (ExplainedByOutage(m.File, t1, t2, outages)) continue;
                if (isOrigin && cdn!.Covers(t1, t2))
                {
                    var forwarded = cdn.Inside(t1, t2);
                    if (forwarded.Count < FewestForwarded) continue;
                    // Each forwarded request is logged with the probability the rest of the file shows.
                    double pMiss = Math.Pow(1 - Math.Min(origin.Share, 0.999), forwarded.Count);
                    if (pMiss >= bundle.Options.SilenceProbability) continue;
                    found.Add(ReportOrigin(bundle, m, k, forwarded, origin.Share, origin.Fetches, pMiss));
                    continue;
                }
                double local = LocalRate(m, t1, t2) * (length / (double)Hour);
                double byHour = hourly is null ? double.MaxValue : Integrate(hourly.Value, t1, t2);
                // The hours of the day only lower the rate, and only when they say clearly less (a night against
                // a day): a rate learnt on other days is never a reason for an alarm, nor is its noise.
                bool quietHours = byHour < local / 2;
                double expected = quietHours ? byHour : local;
                // The file had as many chances to show a long silence as it has moments: the chance that one this
                // long shows anywhere in it is what must be small, or a long busy file would always have one.
                double chances = m.Times.Length;
                double p = Math.Min(1, chances * Math.Exp(-expected));
                var job = regular.Strongest(t1, t2);
                double pJob = job is { } j ? Math.Min(1, chances * j.Probability) : 1;
                if (Math.Min(p, pJob) >= bundle.Options.SilenceProbability) continue;
                var goOn = OthersGoOn(all, m, t1, t2);
                if (goOn.Count == 0) continue;
                found.Add(Report(bundle, all, m, k, expected, p, pJob < p ? job : null, pJob, goOn, quietHours));
            }
        }
        return found;
    }

    /// <summary>A web server's own logs are silent while it is down (or stopped for a restart), and every log while the host is down: that silence is the outage, not missing lines.</summary>
    private static bool ExplainedByOutage(FileFacts f, long t1, long t2, IReadOnlyList<LogAnomaly> outages)
    {
        // Every log of the host is silent while the host is down.
        foreach (var o in outages)
        {
            if (o.Kind == AnomalyKind.HostShutdown && !f.IsCloudFront && Math.Min(t2, o.End.UtcTicks) - Math.Max(t1, o.Start.UtcTicks) >= (t2 - t1) / 2) return true;
        }
        if (!(f.IsAccessLog || f.IsErrorLog)) return false;
        foreach (var o in outages)
        {
            if (o.Service is not { } s || !(KnownServices.IsWebServer(s) || s == "origin")) continue;
            long overlap = Math.Min(t2, o.End.UtcTicks) - Math.Max(t1, o.Start.UtcTicks);
            if (overlap >= (t2 - t1) / 2) return true;
        }
        return false;
    }

    /// <summary>
    /// Moments per hour next to the silence. Each side is measured from the silence outwards over half an hour,
    /// doubled until it holds <see cref="MomentsForRate"/> moments (or six hours): short enough that a fading
    /// evening or a slow morning shows, long enough that a sparse file's rate is not a guess from a few lines.
    /// When the two sides differ by more than chance, the lower is taken (a quiet night is quiet on at least one
    /// side); when they agree, they are one rate and are pooled. The moments that bound the silence are not
    /// counted: the silence is what is being judged.
    /// </summary>
    private static double LocalRate(FileMoments m, long t1, long t2)
    {
        var before = SideCount(m, t1, -1);
        var after = SideCount(m, t2, +1);
        if (before.Hours <= 0) return after.Hours <= 0 ? 0 : after.Count / after.Hours;
        if (after.Hours <= 0) return before.Count / before.Hours;
        double total = before.Count + after.Count;
        double share = before.Hours / (before.Hours + after.Hours);
        double spread = Math.Sqrt(total * share * (1 - share));
        if (Math.Abs(before.Count - total * share) <= 2 * spread + 1) return total / (before.Hours + after.Hours);
        return Math.Min(before.Count / before.Hours, after.Count / after.Hours);
    }

    private static (int Count, double Hours) SideCount(FileMoments m, long edge, int direction)
    {
        long available = direction < 0 ? edge - m.Start : m.End - edge;
        if (available < Hour / 2) return (0, 0);
        long window = Hour / 2;
        while (true)
        {
            int n = direction < 0 ? m.CountBetween(edge - window, edge) : m.CountBetween(edge + 1, edge + window + 1);
            if (n >= MomentsForRate || window >= LongestRateWindow || window >= available) return (n, window / (double)Hour);
            window = Math.Min(Math.Min(2 * window, LongestRateWindow), available);
        }
    }

    /// <summary>Moments and hours covered for each hour of the day, over the whole file.</summary>
    private static (double[] Counts, double[] Cover) HourOfDayRates(FileMoments m)
    {
        var counts = new double[24];
        var cover = new double[24];
        foreach (long t in m.Times) counts[new DateTime(t).Hour]++;
        for (long t = m.Start; t < m.End;)
        {
            long next = Math.Min(m.End, (t / Hour + 1) * Hour);
            cover[new DateTime(t).Hour] += (next - t) / (double)Hour;
            t = next;
        }
        return (counts, cover);
    }

    /// <summary>
    /// Moments due in the silence at the file's hour-of-day rates, those rates learnt from the rest of the file:
    /// the silence is left out of what they are learnt from, or a long hole would lower its own expectation.
    /// </summary>
    private static double Integrate((double[] Counts, double[] Cover) profile, long t1, long t2)
    {
        var inside = new double[24];
        for (long t = t1; t < t2;)
        {
            long next = Math.Min(t2, (t / Hour + 1) * Hour);
            inside[new DateTime(t).Hour] += (next - t) / (double)Hour;
            t = next;
        }
        double total = 0;
        for (int h = 0; h < 24; h++)
        {
            if (inside[h] <= 0) continue;
            double cover = profile.Cover[h] - inside[h];
            if (cover < 1) return double.MaxValue;
            total += profile.Counts[h] / cover * inside[h];
        }
        return total;
    }

    /// <summary>Other files that kept logging through the silence at no less than a third of their own rate.</summary>
    private static List<(FileMoments File, int Count)> OthersGoOn(List<FileMoments> all, FileMoments m, long t1, long t2)
    {
        var result = new List<(FileMoments, int)>();
        foreach (var o in all)
        {
            if (ReferenceEquals(o, m) || o.Start >= t1 || o.End <= t2) continue;
            int count = o.CountBetween(t1 + 1, t2);
            double expected = LocalRate(o, t1, t2) * ((t2 - t1) / (double)Hour);
            if (count >= 3 && count >= expected / 3) result.Add((o, count));
        }
        return result;
    }

    private static string Gap(FileMoments m, int k)
    {
        var f = m.File;
        int before = m.LastIndex[k], after = m.FirstIndex[k + 1];
        var span = TimeSpan.FromTicks(m.Times[k + 1] - m.Times[k]);
        return $"{f.Where(before)} ({Words.Time(f.TrueAt(before))}) is followed by {f.Where(after)} ({Words.Time(f.TrueAt(after))}): {Words.Duration(span)} without a line.";
    }

    private static double Confidence(BundleFacts bundle, double p) =>
        Math.Round(Math.Min(0.99, 0.6 + 0.05 * Math.Log10(bundle.Options.SilenceProbability / Math.Max(p, 1e-300))), 2);

    private static LogAnomaly ReportOrigin(BundleFacts bundle, FileMoments m, int k, CdnOriginCheck.Forwarded forwarded,
        double share, int fetches, double p)
    {
        var f = m.File;
        int before = m.LastIndex[k], after = m.FirstIndex[k + 1];
        var span = TimeSpan.FromTicks(m.Times[k + 1] - m.Times[k]);
        var first = forwarded.First;
        var last = forwarded.Last;
        var evidence = new List<string>
        {
            Gap(m, k),
            $"Meanwhile CloudFront forwarded {forwarded.Count} request(s) to the origin and passed on its answers (Miss or RefreshHit): "
            + $"{first.File.Where(first.Index)} ({Words.Time(f.InstantNear(first.Time, before))}) first, {last.File.Where(last.Index)} ({Words.Time(f.InstantNear(last.Time, before))}) last. None is in {Words.File(f.Path)}.",
            $"Elsewhere {Words.File(f.Path)} has {Words.Number(Math.Round(100 * share, 1))}% of the {fetches} request(s) CloudFront forwarded while it was written, "
            + $"so missing all of these by chance has probability {Words.Probability(p)}.",
            "CloudFront reached an origin that answered, so the server was up: the lines were removed from the file, or lost on their way to it. Worth a look.",
        };
        return Silence(f, before, after, TamperVerdict.Possible, Confidence(bundle, p), forwarded.Count,
            forwarded.Paths,
            $"{Words.Duration(span)} of silence in {Words.File(f.Path)} while CloudFront forwarded {forwarded.Count} request(s) to it", evidence);
    }

    private static LogAnomaly Report(BundleFacts bundle, List<FileMoments> all, FileMoments m, int k, double expected, double p,
        (int ExampleIndex, long Period, int Missed, double Probability)? job, double pJob, List<(FileMoments File, int Count)> goOn, bool byHour)
    {
        var f = m.File;
        int before = m.LastIndex[k], after = m.FirstIndex[k + 1];
        long t1 = m.Times[k], t2 = m.Times[k + 1];
        var span = TimeSpan.FromTicks(t2 - t1);
        double expectedLines = expected * m.LinesPerMoment;
        var evidence = new List<string>
        {
            Gap(m, k),
            (byHour ? "At those hours of the day (far lower than right around the silence)" : "Just before and just after the silence")
            + $" the file logs {Words.Number(expected / Math.Max(1e-9, span.TotalHours))} moment(s) an hour; {Words.Number(expected)} were due, "
            + $"so a silence this long anywhere in its {m.Times.Length} moment(s) has probability {Words.Probability(p)}.",
            "Meanwhile " + string.Join(", ", goOn.Select(g => $"{Words.File(g.File.File.Path)} logged {g.Count} moment(s)")) + ".",
        };
        if (job is { } j)
        {
            evidence.Insert(2, $"Lines like {f.Where(j.ExampleIndex)} come every {Words.Duration(TimeSpan.FromTicks(j.Period))} all through the file, "
                + $"on time just before and just after the silence, and skipped {j.Missed} run(s) in it: by chance, probability {Words.Probability(pJob)}.");
            p = Math.Min(p, pJob);
        }
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
            var siblings = goOn.Where(g => g.File.File.IsRsyslogFile && f.IsRsyslogFile).Select(g => Words.File(g.File.File.Path)).ToList();
            evidence.Add(siblings.Count > 0
                ? $"{string.Join(", ", siblings)}, written by the same rsyslog, went on: the logger was running, so only this file lost lines. Worth a look."
                : "Only this file has the hole while the others go on: lines removed from it, or lost on their way to it. Worth a look.");
        }
        return Silence(f, before, after, tampering, Confidence(bundle, p), Math.Round(expectedLines, 1),
            goOn.Select(g => g.File.File.Path).ToList(),
            $"{Words.Duration(span)} of silence in {Words.File(f.Path)} where about {Words.Number(Math.Round(expectedLines))} lines were due", evidence);
    }

    // A silence between two lines of a file (no line of it is missing text: LineCount 0), as the two findings report it.
    private static LogAnomaly Silence(FileFacts f, int before, int after, TamperVerdict tampering, double confidence, double expectedLines,
        List<string> relatedPaths, string summary, List<string> evidence) => new()
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
            Confidence = confidence,
            ExpectedLines = expectedLines,
            RelatedPaths = relatedPaths,
            Summary = summary,
            Evidence = evidence,
        };
}
