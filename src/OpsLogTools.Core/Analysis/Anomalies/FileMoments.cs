namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// A file's lines grouped into moments: lines within two seconds of each other (an ssh attempt's three lines, a
/// cron job's start and session) count once, so bursts do not inflate a rate. Times are true times, sorted.
/// </summary>
internal sealed class FileMoments
{
    private const long Together = 2 * TimeSpan.TicksPerSecond;

    private FileMoments(FileFacts file, long[] times, int[] lastIndex, int[] firstIndex)
    {
        File = file;
        Times = times;
        LastIndex = lastIndex;
        FirstIndex = firstIndex;
    }

    public FileFacts File { get; }
    /// <summary>Start of each moment (true time, sorted).</summary>
    public long[] Times { get; }
    /// <summary>Last line (index) of each moment.</summary>
    public int[] LastIndex { get; }
    /// <summary>First line (index) of each moment.</summary>
    public int[] FirstIndex { get; }
    public double LinesPerMoment => File.Count / (double)Math.Max(1, Times.Length);
    public long Start => Times[0];
    public long End => Times[^1];

    /// <summary>Moments in [from, to).</summary>
    public int CountBetween(long from, long to)
    {
        int a = Array.BinarySearch(Times, from);
        if (a < 0) a = ~a;
        int b = Array.BinarySearch(Times, to);
        if (b < 0) b = ~b;
        return Math.Max(0, b - a);
    }

    /// <summary>True when a moment lies within <paramref name="slack"/> of <paramref name="t"/>.</summary>
    public bool HasNear(long t, long slack) => CountBetween(t - slack, t + slack + 1) > 0;

    /// <summary>A file that steps back at most this far below its latest time is sorted on the fly (<see cref="Build(FileFacts, long)"/>).</summary>
    internal static readonly long ReorderReach = TimeSpan.TicksPerHour;

    public static FileMoments Build(FileFacts f) => Build(f, ReorderReach);

    /// <summary>
    /// The moments of <paramref name="f"/>. A file in true-time order (most, and every file of one line repeated) is walked
    /// as it is. A file that steps back at most <paramref name="reach"/> below its latest time so far (an access log's
    /// lines written when each request ended: seconds) is sorted on the fly, holding only the lines within that reach of
    /// its latest time; any other is copied out and sorted (12 bytes a line for this file while it is). The moments depend
    /// only on the sorted times and each moment's first and last line, so the three ways give the same moments.
    /// </summary>
    internal static FileMoments Build(FileFacts f, long reach)
    {
        var trueTimes = f.True;
        var moments = new Builder();
        long back = 0, latest = long.MinValue;
        for (int j = 0; j < trueTimes.Length; j++)
        {
            long key = trueTimes[j];
            if (key < latest) back = Math.Max(back, latest - key);
            else latest = key;
        }
        if (back == 0)
        {
            for (int j = 0; j < trueTimes.Length; j++) moments.Add(trueTimes[j], j);
        }
        else if (back <= reach)
        {
            // A line stamped below (latest so far − back) can have no later line before it: it is given out in order.
            var pending = new PriorityQueue<int, long>();
            latest = long.MinValue;
            for (int j = 0; j < trueTimes.Length; j++)
            {
                long key = trueTimes[j];
                pending.Enqueue(j, key);
                latest = Math.Max(latest, key);
                while (pending.TryPeek(out int line, out long at) && at < latest - back)
                {
                    pending.Dequeue();
                    moments.Add(at, line);
                }
            }
            while (pending.TryDequeue(out int line, out long at)) moments.Add(at, line);
        }
        else
        {
            var keys = new long[trueTimes.Length];
            for (int i = 0; i < keys.Length; i++) keys[i] = trueTimes[i];
            var order = Enumerable.Range(0, f.Count).ToArray();
            Array.Sort(keys, order);
            for (int j = 0; j < keys.Length; j++) moments.Add(keys[j], order[j]);
        }
        return new FileMoments(f, moments.Times.ToArray(), moments.Last.ToArray(), moments.First.ToArray());
    }

    /// <summary>Moments from lines given in time order (lines of the same time in any order).</summary>
    private sealed class Builder
    {
        public readonly List<long> Times = [];
        public readonly List<int> Last = [];
        public readonly List<int> First = [];
        private long _previous;

        public void Add(long key, int line)
        {
            if (Times.Count > 0 && key - _previous <= Together)
            {
                // Lines of the same second may come in any order (a sort that is not stable, a queue), so keep the extremes.
                Last[^1] = Math.Max(Last[^1], line);
                First[^1] = Math.Min(First[^1], line);
            }
            else
            {
                Times.Add(key);
                Last.Add(line);
                First.Add(line);
            }
            _previous = key;
        }
    }
}
