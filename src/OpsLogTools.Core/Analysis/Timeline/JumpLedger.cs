using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>
/// The first pass's record of one file's steps back, kept without holding the file: for each step back (a stamp
/// earlier than one of the three before it by more than the tolerance, the test <see cref="DisplacedRunFinder"/>
/// opens every run with) where a run starting there would come back onto the file's course, where a run ending
/// there would have jumped off it, and so which lines and which stretch of true time the finder and the offset
/// estimators will look at. <see cref="Finish"/> turns that into the file's <see cref="FactWindows"/> share.
/// Memory: a few stamps, a stack of forward jumps and at most <see cref="MaxCandidates"/> steps back.
/// </summary>
internal sealed class JumpLedger
{
    /// <summary>Steps back a file may have before it counts as in no order at all (then the whole bundle is read).</summary>
    public const int MaxCandidates = 256;

    private const int MaxJumps = 4096;
    private const int Ring = 8;

    // The finder's longer tolerance for access logs (stamped when a request began, written when it ended).
    private static readonly long AccessLogTolerance = TimeSpan.FromMinutes(10).Ticks;

    private readonly long _tolerance;
    private readonly YearlessStamps _years;
    private readonly long[] _ring = new long[Ring];
    // Forward jumps, newest last, each larger than every newer one: for any size, the top-most one at least that
    // large is the nearest such jump before a step back (a smaller one behind a larger is never the nearest).
    private readonly List<Jump> _jumps = [];
    private readonly List<Candidate> _candidates = [];
    private readonly List<Tracker> _active = [];
    private int _count;
    private int _processed;
    // The last line-to-line step back beyond the tolerance: the finder's search for a run's start stops there.
    private int _blockedAt = -1;

    public JumpLedger(LogFormat format, AnomalyOptions options)
    {
        _tolerance = ToleranceFor(format, options);
        _years = new YearlessStamps(format);
    }

    /// <summary>The step back (ticks) the finder lets pass as jitter in a file of <paramref name="format"/>.</summary>
    public static long ToleranceFor(LogFormat format, AnomalyOptions options)
    {
        long tol = options.JitterTolerance.Ticks;
        bool access = format is LogFormat.ApacheCommon or LogFormat.ApacheCombined or LogFormat.ApacheVhostCombined
            or LogFormat.NginxAccess or LogFormat.CloudFront;
        return access ? Math.Max(tol, AccessLogTolerance) : tol;
    }

    /// <summary>Lines seen.</summary>
    public int Count => _count;

    /// <summary>True when the file stepped back more often than <see cref="MaxCandidates"/>.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Steps back recorded.</summary>
    public int Candidates => _candidates.Count;

    /// <summary>Earliest and latest stamp (UTC ticks, yearless stamps given the engine's year).</summary>
    public long MinStamp { get; private set; } = long.MaxValue;
    public long MaxStamp { get; private set; } = long.MinValue;

    public void Add(DateTimeOffset stamp)
    {
        long t = _years.Next(stamp).UtcTicks;
        int j = _count;
        _ring[j % Ring] = t;
        _count++;
        MinStamp = Math.Min(MinStamp, t);
        MaxStamp = Math.Max(MaxStamp, t);
        if (j > 0)
        {
            long previous = S(j - 1);
            for (int k = _active.Count - 1; k >= 0; k--)
            {
                if (_active[k].Check(j, t, previous, _tolerance)) _active.RemoveAt(k);
            }
        }
        // A step back is judged two lines late: the finder measures its drop to the lowest of it and the next two.
        if (j >= 2) Process(j - 2);
    }

    /// <summary>Ends the file and returns its steps back (empty when it never stepped back).</summary>
    public IReadOnlyList<Candidate> Finish()
    {
        while (_processed < _count) Process(_processed);
        _active.Clear();
        _jumps.Clear();
        return _candidates;
    }

    private long S(int i) => _ring[i % Ring];

    private void Process(int i)
    {
        _processed = i + 1;
        if (i == 0) return;
        long s = S(i);
        long level = S(i - 1);
        if (i > 1) level = Math.Max(level, S(i - 2));
        if (i > 2) level = Math.Max(level, S(i - 3));
        if (s < level - _tolerance) StepBack(i, level);

        long jump = s - S(i - 1);
        if (jump < -_tolerance)
        {
            _jumps.Clear();
            _blockedAt = i;
        }
        else if (jump > 0)
        {
            while (_jumps.Count > 0 && _jumps[^1].Size <= jump) _jumps.RemoveAt(_jumps.Count - 1);
            // Dropping the oldest only makes a start harder to find; the window then reaches back to the block.
            if (_jumps.Count == MaxJumps) _jumps.RemoveAt(0);
            _jumps.Add(new Jump(i, jump, S(i - 1)));
        }
    }

    private void StepBack(int i, long level)
    {
        if (_candidates.Count >= MaxCandidates)
        {
            Overflowed = true;
            return;
        }
        long low = S(i);
        for (int k = i + 1; k <= Math.Min(i + 2, _count - 1); k++) low = Math.Min(low, S(k));
        long drop = level - low;
        var c = new Candidate(i, level, S(i), _tolerance);
        // The two lines after a step back are often below the same level: the finder looks at them only when it
        // found no run at the step itself.
        if (_candidates.Count > 0 && _candidates[^1] is { } last && last.At >= i - 2 && last.Level == level)
            c.EchoOf = last.EchoOf ?? last;

        // A run that ended just before i, stamped late, began at a forward jump about as large as the drop. The
        // finder searches back from i and takes the first jump whose size is within its slack of the drop (the slack
        // is at least twice the tolerance); failing that, the best one before the last step back.
        bool any = false;
        long lowestBefore = long.MaxValue;
        for (int k = _jumps.Count - 1; k >= 0; k--)
        {
            var jmp = _jumps[k];
            if (jmp.Size < drop - _tolerance || jmp.StampBefore > low + _tolerance) continue;
            any = true;
            lowestBefore = Math.Min(lowestBefore, jmp.StampBefore);
            if (Math.Abs(jmp.Size - drop) <= 2 * _tolerance)
            {
                c.RunStart = jmp.Index - 1;
                c.GoodBefore = jmp.StampBefore;
                break;
            }
        }
        if (c.RunStart < 0 && any)
        {
            // Only poor matches (the finder's slack is at least twice the tolerance, more in a quiet file): it takes the
            // first within its slack or the best, anywhere back to the last step back, so the lines reach back there.
            // Its true time starts at one of those jumps.
            c.RunStart = Math.Max(0, _blockedAt - 1);
            c.GoodBefore = lowestBefore;
        }
        else if (c.RunStart < 0 && _blockedAt < 0)
        {
            // Nothing before i stepped back or jumped far enough: a late run could reach back to the file's start.
            c.OpenAtStart = true;
        }

        // A run that starts at i, stamped early, ends where the stamps jump forward by about the drop back onto the
        // file's course: watched line by line from here (the two lines already seen first).
        var tracker = new Tracker(c, drop, S(i));
        bool done = false;
        for (int k = i + 1; k < _count && !done; k++) done = tracker.Check(k, S(k), S(k - 1), _tolerance);
        if (!done) _active.Add(tracker);
        _candidates.Add(c);
    }

    private readonly record struct Jump(int Index, long Size, long StampBefore);

    /// <summary>One step back and what the first pass learnt about the runs that could explain it.</summary>
    internal sealed class Candidate
    {
        public Candidate(int at, long level, long stamp, long tolerance)
        {
            At = at;
            Level = level;
            Stamp = stamp;
            Tolerance = tolerance;
        }

        /// <summary>Index of the line that stepped back.</summary>
        public int At { get; }
        /// <summary>Highest stamp of the three lines before it (the good line before an early run).</summary>
        public long Level { get; }
        /// <summary>The stamp of the line that stepped back.</summary>
        public long Stamp { get; }
        public long Tolerance { get; }

        /// <summary>Index of the good line before a late run ending at the step (or where the search for one stops); -1 when none.</summary>
        public int RunStart { get; set; } = -1;
        /// <summary>Stamp of that line.</summary>
        public long GoodBefore { get; set; }
        /// <summary>True when a late run could start with the file (nothing before the step bounds it).</summary>
        public bool OpenAtStart { get; set; }

        /// <summary>Index of the furthest line where an early run starting at the step could end (the best come-back); -1 when none.</summary>
        public int ComeBack { get; set; } = -1;
        public long ComeBackMismatch { get; set; } = long.MaxValue;
        /// <summary>Latest stamp among the come-backs.</summary>
        public long GoodAfter { get; set; } = long.MinValue;
        /// <summary>True when the search for a come-back met another step back first (no early run here).</summary>
        public bool Blocked { get; set; }

        /// <summary>The step back this one repeats (one of the two lines after it, below the same level), if any.</summary>
        public Candidate? EchoOf { get; set; }

        /// <summary>True when one of the two explanations has both its ends: the finder then keeps a run here.</summary>
        public bool Closed => ComeBack >= 0 || RunStart >= 0;
    }

    /// <summary>Follows the lines after a step back the way the finder's search for the run's end does.</summary>
    private sealed class Tracker(Candidate c, long drop, long runMax)
    {
        private long _runMax = runMax;

        /// <summary>Looks at line <paramref name="k"/>; true when the finder's search would have stopped by now.</summary>
        public bool Check(int k, long stamp, long previous, long tolerance)
        {
            if (stamp < _runMax - tolerance)
            {
                c.Blocked = c.ComeBack < 0;
                return true;
            }
            long jump = stamp - previous;
            if (jump >= drop - tolerance && stamp >= c.Level - tolerance)
            {
                long mismatch = Math.Abs(jump - drop);
                if (mismatch < c.ComeBackMismatch)
                {
                    // The finder keeps the best match; a later one replaces it only when it matches better.
                    c.ComeBackMismatch = mismatch;
                    c.ComeBack = k;
                    c.GoodAfter = Math.Max(c.GoodAfter, stamp);
                }
                if (mismatch <= 2 * tolerance) return true;
            }
            _runMax = Math.Max(_runMax, stamp);
            return false;
        }
    }
}
