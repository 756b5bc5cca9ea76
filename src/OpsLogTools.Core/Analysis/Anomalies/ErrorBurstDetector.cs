using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Finds surges of errors against a file's own baseline, minute by minute. For access logs the baseline is
/// the share of 5xx among requests, so a surge of ordinary traffic with the usual share of errors is not a
/// burst; for error logs, the usual number of error-level lines a minute. The baseline is re-estimated
/// without the minutes already found hot, so the burst does not hide itself.
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
        var total = new int[span];
        var errors = new int[span];
        for (int i = 0; i < f.Count; i++)
        {
            int m = (int)(f.True[i] / Minute - t0);
            total[m]++;
            if ((f.Flags[i] & LineFlags.Error) != 0) errors[m]++;
        }
        bool byShare = !f.IsErrorLog;
        var hot = new bool[span];
        for (int round = 0; round < 3; round++)
        {
            double sumE = 1, sumN = 1;
            int minutes = 1;
            for (int m = 0; m < span; m++)
            {
                if (hot[m]) continue;
                sumE += errors[m];
                sumN += total[m];
                if (total[m] > 0 || !byShare) minutes++;
            }
            double share = sumE / sumN, perMinute = sumE / minutes;
            bool changed = false;
            for (int m = 0; m < span; m++)
            {
                if (hot[m] || errors[m] < 3) continue;
                double lambda = byShare ? share * total[m] : perMinute;
                double observedShare = byShare ? errors[m] / (double)total[m] : 0;
                bool strong = byShare ? observedShare >= Math.Max(0.05, 5 * share) : errors[m] >= 5 * perMinute;
                if (strong && PoissonTail(errors[m], lambda) < bundle.Options.BurstProbability) { hot[m] = true; changed = true; }
            }
            if (!changed) break;
        }

        // Hot minutes two or fewer minutes apart are one burst.
        int start = -1, lastHot = -1;
        for (int m = 0; m <= span; m++)
        {
            bool isHot = m < span && hot[m];
            if (isHot && start < 0) start = m;
            if (isHot) lastHot = m;
            if (start >= 0 && (m == span || m - lastHot > 2))
            {
                Emit(bundle, f, (start + t0) * Minute, (lastHot + 1 + t0) * Minute, errors.Skip(start).Take(lastHot - start + 1).Sum(),
                    total.Skip(start).Take(lastHot - start + 1).Sum(), found, byShare, errors, total, hot);
                start = -1;
            }
        }
    }

    private static void Emit(BundleFacts bundle, FileFacts f, long from, long to, int errorCount, int lineCount, List<LogAnomaly> found,
        bool byShare, int[] errors, int[] total, bool[] hot)
    {
        if (errorCount < bundle.Options.MinimumBurstErrors) return;
        int first = -1, last = -1;
        var statuses = new SortedDictionary<int, int>();
        int cdnErrors = 0;
        for (int i = 0; i < f.Count; i++)
        {
            if ((f.Flags[i] & LineFlags.Error) == 0 || f.True[i] < from || f.True[i] >= to) continue;
            if (first < 0 || f.True[i] < f.True[first]) first = i;
            if (last < 0 || f.True[i] >= f.True[last]) last = i;
            if (f.Status[i] > 0) statuses[f.Status[i]] = statuses.GetValueOrDefault(f.Status[i]) + 1;
            if ((f.Flags[i] & LineFlags.CdnError) != 0) cdnErrors++;
        }
        if (first < 0) return;
        int baseE = 0, baseN = 0, baseMinutes = 0;
        for (int m = 0; m < errors.Length; m++)
        {
            if (hot[m]) continue;
            baseE += errors[m];
            baseN += total[m];
            baseMinutes++;
        }
        var evidence = new List<string>
        {
            $"{errorCount} error line(s) from {f.Where(first)} ({Words.Time(f.TrueAt(first))}) to {f.Where(last)} ({Words.Time(f.TrueAt(last))})"
            + (byShare ? $" among {lineCount} request(s): {Words.Number(100.0 * errorCount / Math.Max(1, lineCount))}% errors." : "."),
            byShare
                ? $"Baseline outside the burst: {baseE} error(s) in {baseN} request(s) ({Words.Number(100.0 * baseE / Math.Max(1, baseN))}%)."
                : $"Baseline outside the burst: {baseE} error line(s) in {baseMinutes} minute(s).",
        };
        if (statuses.Count > 0) evidence.Add("Statuses in the burst: " + string.Join(", ", statuses.Select(kv => $"{kv.Key} ×{kv.Value}")) + ".");
        var cause = AnomalyCause.Unknown;
        if (f.IsCloudFront && cdnErrors * 2 >= errorCount)
        {
            cause = AnomalyCause.OriginUnreachable;
            evidence.Add($"{cdnErrors} of them are CloudFront's own errors (x-edge-result-type Error): the origin did not answer.");
        }
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
