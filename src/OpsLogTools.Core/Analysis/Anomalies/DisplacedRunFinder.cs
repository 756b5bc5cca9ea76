namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Finds runs of lines stamped with a constant offset in otherwise ordered files. A backward step larger
/// than the jitter tolerance is explained either by a run starting there (stamps earlier than true time,
/// ending where the stamps jump forward back onto the file's course) or by a run ending just before it
/// (stamps later than true time, starting at a forward jump). The explanation kept is the one whose
/// stamped span fits between its boundary lines; when both fit, the shorter run.
/// </summary>
internal static class DisplacedRunFinder
{
    private static readonly TimeSpan AccessLogTolerance = TimeSpan.FromMinutes(10);

    public static List<DisplacedRun> FindAll(BundleFacts bundle)
    {
        var runs = new List<DisplacedRun>();
        foreach (var chain in RotationChains.Of(bundle.Files))
        {
            if (chain.Count > 1)
            {
                FindAcross(chain, bundle.Options, runs);
                continue;
            }
            var f = chain[0];
            if (f.Count < 3) continue;
            foreach (var c in FindInSpan(new StampSeries([f.Stamp]), f.IsAccessLog || f.IsCloudFront, bundle.Options))
                runs.Add(new DisplacedRun(f, c.First, c.Last, c.Before, c.After, c.Low, c.High));
        }
        return runs;
    }

    /// <summary>
    /// Runs along a rotated set read as the one stream it was written as: a run that crosses a rotation is found whole,
    /// with the good lines around it wherever they are, and kept as one piece per file (linked in a <see cref="RunChain"/>).
    /// </summary>
    private static void FindAcross(List<FileFacts> chain, AnomalyOptions options, List<DisplacedRun> runs)
    {
        var s = new StampSeries(chain.Select(f => f.Stamp).ToList());
        if (s.Length < 3) return;
        (int File, int Index) Locate(int g) => s.Locate(g);
        bool access = chain[0].IsAccessLog;
        foreach (var c in FindInSpan(s, access, options))
        {
            var (kf, first) = Locate(c.First);
            var (kl, last) = Locate(c.Last);
            (int File, int Index)? before = c.Before >= 0 ? Locate(c.Before) : null;
            (int File, int Index)? after = c.After >= 0 ? Locate(c.After) : null;
            bool alone = kf == kl && (before is null || before.Value.File == kf) && (after is null || after.Value.File == kf);
            if (alone)
            {
                runs.Add(new DisplacedRun(chain[kf], first, last, before?.Index ?? -1, after?.Index ?? -1, c.Low, c.High));
                continue;
            }
            var linked = new RunChain
            {
                Before = before is { } b ? (chain[b.File], b.Index) : null,
                After = after is { } a ? (chain[a.File], a.Index) : null,
            };
            for (int k = kf; k <= kl; k++)
            {
                var f = chain[k];
                if (f.Count == 0) continue;
                int from = k == kf ? first : 0, to = k == kl ? last : f.Count - 1;
                int localBefore = k == kf && before is { } b2 && b2.File == k ? b2.Index : -1;
                int localAfter = k == kl && after is { } a2 && a2.File == k ? a2.Index : -1;
                var piece = new DisplacedRun(f, from, to, localBefore, localAfter, c.Low, c.High) { Chain = linked };
                linked.Pieces.Add(piece);
                runs.Add(piece);
            }
        }
    }

    private static List<Cand> FindInSpan(StampSeries s, bool accessLike, AnomalyOptions options)
    {
        var found = new List<Cand>();
        int n = s.Length;
        long tol = options.JitterTolerance.Ticks;
        int minLines = Math.Max(1, options.MinimumRunLines);
        if (accessLike)
        {
            // Access logs are written when a request ends but stamped when it began: a slow upload lands minutes
            // "early" among its neighbours. Only a longer step over several lines is a clock.
            tol = Math.Max(tol, AccessLogTolerance.Ticks);
            minLines = Math.Max(minLines, 5);
        }
        // A file in no order at all is not "otherwise normal order": bound the scanning work and give up on it.
        long budget = 40L * n + 10_000;
        // A jump that matches the drop within the usual gaps between lines is taken at once; failing that, the best
        // match. Without this, a quiet spell much later that happens to match better would swallow good lines.
        long slack = Math.Max(2 * tol, 2 * UsualGap(s));
        int lastEnd = -1;
        int i = 1;
        while (i < n)
        {
            int from = Math.Max(lastEnd + 1, i - 3);
            int p = ArgMax(s, from, i - 1);
            if (from > i - 1 || s[i] >= s[p] - tol)
            {
                i++;
                continue;
            }
            int q = ArgMin(s, i, Math.Min(n - 1, i + 2));
            long drop = s[p] - s[q];

            // Hypothesis A: the run starts at i, stamped before true time. It ends at the forward jump back onto
            // the file's course whose size best matches the drop (jump = |offset| + gap, drop = |offset| - gap).
            int end = n;
            long bestMismatch = long.MaxValue;
            long runMax = s[i];
            bool blockedA = false;
            for (int k = i + 1; k < n && budget-- > 0; k++)
            {
                long jump = s[k] - s[k - 1];
                // Another backward step: a second disturbance that this run cannot reach past.
                if (s[k] < runMax - tol) { blockedA = end == n; break; }
                if (jump >= drop - tol && s[k] >= s[p] - tol)
                {
                    long mismatch = Math.Abs(jump - drop);
                    if (mismatch < bestMismatch) { bestMismatch = mismatch; end = k; }
                    if (mismatch <= slack) break;
                }
                runMax = Math.Max(runMax, s[k]);
            }
            if (budget <= 0) return found;
            var a = blockedA ? default : Candidate(s, i, end - 1, p, end < n ? end : -1, tol, bestMismatch);

            // Hypothesis B: the run ended at i-1, stamped after true time. It started at the forward jump off
            // the file's course whose size best matches the drop.
            int start = lastEnd + 1;
            long bestB = long.MaxValue;
            bool blockedB = false;
            for (int h = i - 1; h > lastEnd + 1 && budget-- > 0; h--)
            {
                long jump = s[h] - s[h - 1];
                if (jump < -tol) { blockedB = start == lastEnd + 1; break; }
                if (jump >= drop - tol && s[h - 1] <= s[q] + tol)
                {
                    long mismatch = Math.Abs(jump - drop);
                    if (mismatch < bestB) { bestB = mismatch; start = h; }
                    if (mismatch <= slack) break;
                }
            }
            if (budget <= 0) return found;
            // A run open at the start must begin the file, not butt onto the previous run.
            if (start == lastEnd + 1 && lastEnd >= 0) blockedB = true;
            var b = blockedB ? default : Candidate(s, start, i - 1, start > lastEnd + 1 ? start - 1 : -1, q, tol, bestB);

            var chosen = Choose(a, b, minLines);
            if (chosen is null)
            {
                i++;
                continue;
            }
            var c = chosen.Value;
            found.Add(c);
            lastEnd = c.Last;
            i = c.After >= 0 ? Math.Max(c.After, c.Last + 1) + 1 : n;
        }
        return found;
    }

    private readonly record struct Cand(int First, int Last, int Before, int After, long Low, long High, bool Fits, long Mismatch)
    {
        public bool Closed => Before >= 0 && After >= 0;
        public int Lines => Last - First + 1;
    }

    private static Cand Candidate(in StampSeries s, int first, int last, int before, int after, long tol, long mismatch)
    {
        if (last < first) return new Cand(first, last, before, after, 0, 0, false, mismatch);
        // The run's true times lie between the good lines around it: true(first) >= stamp(before) and
        // true(last) <= stamp(after), so stamp(last) - stamp(after) <= offset <= stamp(first) - stamp(before).
        long low = after >= 0 ? s[last] - s[after] - tol : long.MinValue;
        long high = before >= 0 ? s[first] - s[before] + tol : long.MaxValue;
        bool fits = low <= high;
        // An offset near zero is jitter, not a run: the boundaries must rule zero out.
        if (low <= 0 && high >= 0) fits = false;
        return new Cand(first, last, before, after, low, high, fits, mismatch);
    }

    private static Cand? Choose(Cand a, Cand b, int minLines)
    {
        // When fewer lines than a run needs explain the step (one line written late among its neighbours, as a buffered
        // kernel message on a laptop waking up), nothing was displaced: a longer run on the other side would put a clock
        // fault where a late line is the simpler reading.
        if (a.Fits && a.Closed && a.Lines < minLines || b.Fits && b.Closed && b.Lines < minLines) return null;
        bool aOk = a.Fits && a.Lines >= minLines;
        bool bOk = b.Fits && b.Lines >= minLines;
        if (aOk && a.Closed && bOk && b.Closed)
        {
            if (a.Mismatch != b.Mismatch) return a.Mismatch < b.Mismatch ? a : b;
            return a.Lines <= b.Lines ? a : b;
        }
        if (aOk && a.Closed) return a;
        if (bOk && b.Closed) return b;
        // Open runs (reaching either end of the file) are kept for now; only an outside clock can confirm them.
        if (aOk && bOk) return a.Lines <= b.Lines ? a : b;
        if (aOk) return a;
        if (bOk) return b;
        return null;
    }

    /// <summary>The 95th percentile of the forward gaps between lines (sampled), in ticks.</summary>
    private static long UsualGap(in StampSeries s)
    {
        int step = Math.Max(1, s.Length / 8192);
        var gaps = new List<long>(s.Length / step + 1);
        for (int j = step; j < s.Length; j += step)
        {
            long g = s[j] - s[j - 1];
            if (g >= 0) gaps.Add(g);
        }
        if (gaps.Count == 0) return 0;
        gaps.Sort();
        return gaps[(int)(gaps.Count * 0.95)];
    }

    private static int ArgMax(in StampSeries s, int from, int to)
    {
        int best = to;
        for (int j = from; j <= to; j++) if (s[j] > s[best]) best = j;
        return best;
    }

    private static int ArgMin(in StampSeries s, int from, int to)
    {
        int best = from;
        for (int j = from; j <= to; j++) if (s[j] < s[best]) best = j;
        return best;
    }
}
