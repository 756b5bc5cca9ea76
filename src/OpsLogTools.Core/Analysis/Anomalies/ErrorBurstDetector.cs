using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Finds surges of errors against a file's own baseline, minute by minute. For access logs the baseline is
/// the share of 5xx among requests, so a surge of ordinary traffic with the usual share of errors is not a
/// burst; for error logs, the usual number of error-level lines a minute. The baseline is robust (the
/// quieter half of the hours), so a long burst does not hide itself by raising it. A burst is the stretch of
/// minutes with the highest log-likelihood ratio of "burst" against "baseline" (any length, found like a
/// maximum sub-array), kept when that ratio beats <see cref="AnomalyOptions.BurstProbability"/>.
/// In error logs, an error that recurs all along the file (<see cref="ChronicErrorFinder"/>) is reported once as
/// <see cref="AnomalyKind.ChronicErrors"/>; its hour-by-hour rate is added to the baseline, so its busy hours are not
/// bursts and a burst must rise clearly above it.
/// </summary>
internal static class ErrorBurstDetector
{
    private const long Minute = TimeSpan.TicksPerMinute;
    private const int MaxMinutes = 2_000_000;

    public static List<LogAnomaly> Find(BundleFacts bundle)
    {
        var found = new List<LogAnomaly>();
        foreach (var f in bundle.Files)
        {
            if (f.Count < 10 || !(f.IsAccessLog || f.IsCloudFront || f.IsErrorLog)) continue;
            FindInFile(bundle, f, found);
        }
        return found;
    }

    private static void FindInFile(BundleFacts bundle, FileFacts f, List<LogAnomaly> found)
    {
        long t0 = f.True.Min() / Minute, t1 = f.True.Max() / Minute;
        if (t1 - t0 + 1 > MaxMinutes) return;
        int span = (int)(t1 - t0 + 1);
        // One error recurring all along the file is one chronic finding; its hour-by-hour rate is part of the
        // background a burst is measured against, and its lines do not set the baseline of the other errors.
        var chronic = ChronicErrorFinder.Find(bundle, f);
        foreach (var c in chronic) found.Add(ChronicErrorFinder.Report(f, c));
        var isChronic = new HashSet<int>(chronic.SelectMany(c => c.Indexes));
        var total = new int[span];
        var errors = new int[span];
        var others = new int[span];
        for (int i = 0; i < f.Count; i++)
        {
            int m = (int)(f.True[i] / Minute - t0);
            total[m]++;
            if ((f.Flags[i] & LineFlags.Error) == 0) continue;
            errors[m]++;
            if (!isChronic.Contains(i)) others[m]++;
        }
        if (errors.Sum() < bundle.Options.MinimumBurstErrors) return;
        bool byShare = !f.IsErrorLog;
        double baseline = Baseline(others, total, byShare);
        var background = chronic.Count > 0 ? ChronicErrorFinder.BackgroundPerMinute(chronic, t0, span) : null;
        // The alternative a burst is tested against: errors ten times as common, and at least a fifth of requests
        // (or one error line a minute), on top of the chronic errors' own rate in that minute.
        var score = new double[span];
        for (int m = 0; m < span; m++)
        {
            double expected = baseline + (background?[m] ?? 0);
            double burst = byShare ? Math.Max(0.2, 10 * expected) : Math.Max(1.0, 10 * expected);
            score[m] = errors[m] * Math.Log(burst / expected) - (byShare ? total[m] * (burst - expected) : burst - expected);
        }

        double threshold = Math.Log(1 / bundle.Options.BurstProbability);
        for (int round = 0; round < 50; round++)
        {
            var (a, b, value) = MaxSegment(score);
            if (a < 0 || value < threshold) break;
            for (int m = a; m <= b; m++) score[m] = double.NegativeInfinity;
            // Single errors at the edges, a few quiet minutes away, are the baseline's, not the burst's.
            var edge = chronic.Count > 0 ? others : errors;
            if (edge.Skip(a).Take(b - a + 1).Sum() * 2 < errors.Skip(a).Take(b - a + 1).Sum()) edge = errors;
            while (a < b && edge[a] <= 1 && NextErrorMinute(edge, a + 1, b) - a > 2) a = NextErrorMinute(edge, a + 1, b);
            while (b > a && edge[b] <= 1 && b - PreviousErrorMinute(edge, a, b - 1) > 2) b = PreviousErrorMinute(edge, a, b - 1);
            int e = 0, n = 0;
            for (int m = a; m <= b; m++) { e += errors[m]; n += total[m]; }
            double share = e / (double)Math.Max(1, n);
            if (e < bundle.Options.MinimumBurstErrors || (byShare && share < Math.Max(0.05, 5 * baseline))) continue;
            // The burst's first and last lines are its own errors, not the chronic ones around them.
            Emit(bundle, f, (a + t0) * Minute, (b + 1 + t0) * Minute, e, n, found, byShare, baseline, ReferenceEquals(edge, others) ? isChronic : null, chronic);
        }
    }

    /// <summary>Errors per request (or per minute) over the quieter half of the hours, with one error of prior so it is never zero.</summary>
    private static double Baseline(int[] errors, int[] total, bool byShare)
    {
        var hours = new List<(int E, int N)>();
        for (int h = 0; h * 60 < errors.Length; h++)
        {
            int e = 0, n = 0;
            for (int m = h * 60; m < Math.Min(errors.Length, h * 60 + 60); m++) { e += errors[m]; n += total[m]; }
            hours.Add((e, byShare ? n : Math.Min(60, errors.Length - h * 60)));
        }
        var quiet = hours.Where(h => h.N > 0).OrderBy(h => h.E / (double)h.N).ToList();
        quiet = quiet.Take(Math.Max(1, (quiet.Count + 1) / 2)).ToList();
        double sumE = quiet.Sum(h => h.E) + 1, sumN = quiet.Sum(h => h.N) + 1;
        return sumE / sumN;
    }

    private static (int Start, int End, double Value) MaxSegment(double[] score)
    {
        double best = double.NegativeInfinity, run = 0;
        int bestA = -1, bestB = -1, a = 0;
        for (int m = 0; m < score.Length; m++)
        {
            if (double.IsNegativeInfinity(score[m])) { run = 0; a = m + 1; continue; }
            if (run <= 0) { run = 0; a = m; }
            run += score[m];
            if (run > best) { best = run; bestA = a; bestB = m; }
        }
        return (bestA, bestB, best);
    }

    private static int NextErrorMinute(int[] errors, int from, int to)
    {
        for (int m = from; m <= to; m++) if (errors[m] > 0) return m;
        return to;
    }

    private static int PreviousErrorMinute(int[] errors, int from, int to)
    {
        for (int m = to; m >= from; m--) if (errors[m] > 0) return m;
        return from;
    }

    private static void Emit(BundleFacts bundle, FileFacts f, long from, long to, int errorCount, int lineCount, List<LogAnomaly> found,
        bool byShare, double baseline, HashSet<int>? skip, List<ChronicError> chronic)
    {
        if (errorCount < bundle.Options.MinimumBurstErrors) return;
        int first = -1, last = -1;
        var statuses = new SortedDictionary<int, int>();
        int cdnErrors = 0;
        for (int i = 0; i < f.Count; i++)
        {
            if ((f.Flags[i] & LineFlags.Error) == 0 || f.True[i] < from || f.True[i] >= to) continue;
            if (skip is not null && skip.Contains(i)) continue;
            if (first < 0 || f.True[i] < f.True[first]) first = i;
            if (last < 0 || f.True[i] >= f.True[last]) last = i;
            if (f.Status[i] > 0) statuses[f.Status[i]] = statuses.GetValueOrDefault(f.Status[i]) + 1;
            if ((f.Flags[i] & LineFlags.CdnError) != 0) cdnErrors++;
        }
        if (first < 0) return;
        var evidence = new List<string>
        {
            $"{errorCount} error line(s) from {f.Where(first)} ({Words.Time(f.TrueAt(first))}) to {f.Where(last)} ({Words.Time(f.TrueAt(last))})"
            + (byShare ? $" among {lineCount} request(s): {Words.Number(100.0 * errorCount / Math.Max(1, lineCount))}% errors." : "."),
            byShare
                ? $"The file's baseline (its quieter half of the hours) is {Words.Number(100.0 * baseline)}% errors."
                : $"The file's baseline (its quieter half of the hours) is {Words.Number(baseline)} error line(s) a minute.",
        };
        foreach (var c in chronic)
            evidence.Add($"On top of a chronic error reported once on its own (about {Words.Number(c.RatePerHour)} an hour all along the file): {c.Text}");
        if (statuses.Count > 0) evidence.Add("Statuses in the burst: " + string.Join(", ", statuses.Select(kv => $"{kv.Key} ×{kv.Value}")) + ".");
        var cause = AnomalyCause.Unknown;
        foreach (var g in bundle.Files)
        {
            var limit = g.Events.FirstOrDefault(e => e.Kind == ServiceEventKind.WorkerLimit && g.True[e.Index] >= from - 5 * Minute && g.True[e.Index] < to);
            if (limit.Service is not null)
            {
                cause = AnomalyCause.Overload;
                evidence.Add($"The server ran out of workers at {g.Where(limit.Index)} ({Words.Time(g.TrueAt(limit.Index))}).");
                break;
            }
        }
        if (f.IsCloudFront && cdnErrors * 2 >= errorCount)
        {
            cause = AnomalyCause.OriginUnreachable;
            evidence.Add($"{cdnErrors} of them are CloudFront's own errors (x-edge-result-type Error): the origin did not answer.");
        }
        string service = f.IsCloudFront ? "cloudfront" : f.Format is LogFormat.NginxAccess or LogFormat.NginxError ? "nginx" : "httpd";
        found.Add(new LogAnomaly
        {
            Kind = AnomalyKind.ErrorBurst,
            Path = f.Path,
            FirstLine = f.Line[first],
            LastLine = f.Line[last],
            LineCount = Math.Abs(last - first) + 1,
            StampedStart = f.StampAt(first),
            StampedEnd = f.StampAt(last),
            Start = f.TrueAt(first),
            End = f.TrueAt(last),
            Cause = cause,
            Tampering = TamperVerdict.Unlikely,
            Confidence = 0.9,
            Service = service,
            Summary = $"{errorCount} errors in {Words.Duration(TimeSpan.FromTicks(f.True[last] - f.True[first]))} in {Words.File(f.Path)} against its baseline",
            Evidence = evidence,
        });
    }

    /// <summary>P(X ≥ k) for X ~ Poisson(lambda), summed in log space so large k do not overflow.</summary>
    internal static double PoissonTail(int k, double lambda)
    {
        if (k <= 0) return 1;
        if (lambda <= 0) return 0;
        // P(X >= k) = 1 - sum_{j<k} P(j); for k well above lambda, sum the upper terms directly.
        double logP = -lambda + k * Math.Log(lambda) - LogFactorial(k);
        double term = Math.Exp(logP), sum = 0;
        for (int j = k; j < k + 1000; j++)
        {
            sum += term;
            term *= lambda / (j + 1);
            if (term < sum * 1e-12) break;
        }
        return Math.Min(1, sum);
    }

    private static double LogFactorial(int n)
    {
        double s = 0;
        for (int i = 2; i <= n; i++) s += Math.Log(i);
        return s;
    }
}
