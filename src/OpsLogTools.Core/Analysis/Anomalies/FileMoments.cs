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

    public static FileMoments Build(FileFacts f)
    {
        // A file already in true-time order (most, and every file of one line repeated) is walked as it is: sorting a
        // copy would cost 12 bytes a line for nothing. Sorted or walked, the moments are the same.
        // The true times are read through their packed column; only a file out of order is copied out to be sorted.
        var trueTimes = f.True;
        long[]? keys = null;
        int[]? order = null;
        if (!IsSorted(trueTimes))
        {
            keys = new long[trueTimes.Length];
            for (int i = 0; i < keys.Length; i++) keys[i] = trueTimes[i];
            order = Enumerable.Range(0, f.Count).ToArray();
            Array.Sort(keys, order);
        }
        var times = new List<long>();
        var last = new List<int>();
        var first = new List<int>();
        long previous = 0;
        for (int j = 0; j < trueTimes.Length; j++)
        {
            int line = order is null ? j : order[j];
            long key = keys is null ? trueTimes[j] : keys[j];
            if (times.Count > 0 && key - previous <= Together)
            {
                // Array.Sort is not stable: lines of the same second may come in any order, so keep the extremes.
                last[^1] = Math.Max(last[^1], line);
                first[^1] = Math.Min(first[^1], line);
                previous = key;
                continue;
            }
            times.Add(key);
            last.Add(line);
            first.Add(line);
            previous = key;
        }
        return new FileMoments(f, times.ToArray(), last.ToArray(), first.ToArray());
    }

    private static bool IsSorted(TrueTimes keys)
    {
        long previous = long.MinValue;
        for (int j = 0; j < keys.Length; j++)
        {
            long key = keys[j];
            if (key < previous) return false;
            previous = key;
        }
        return true;
    }
}
