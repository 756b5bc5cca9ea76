namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Where given times fall among the lines of origin access logs sorted by true time, answered without sorting (or
/// copying) the lines: two passes over them count, for each distinct given time, the lines before it and at it and
/// find the nearest line times either side (issue 19: the sorted copy was eight bytes an origin line). The answers are
/// those of the sorted array: <see cref="Position"/> is what <see cref="Array.BinarySearch(Array, object)"/> on it gives
/// (the index it lands on when the time is there, else the insertion point), simulated from the counts alone, since the
/// sorted array holds, at an index, a time below, at or above the one sought according to those counts.
/// </summary>
internal sealed class OriginRanks
{
    private readonly long[] _times;
    private readonly int[] _less;
    private readonly int[] _equal;
    private readonly long[] _below;
    private readonly long[] _above;
    private readonly Dictionary<long, int> _countOf;

    private OriginRanks(long[] times, int[] less, int[] equal, long[] below, long[] above, Dictionary<long, int> countOf, int lines, long least)
    {
        _times = times;
        _less = less;
        _equal = equal;
        _below = below;
        _above = above;
        _countOf = countOf;
        Lines = lines;
        Least = least;
    }

    /// <summary>Origin lines in all.</summary>
    public int Lines { get; }

    /// <summary>The least true time of an origin line (long.MaxValue when none).</summary>
    public long Least { get; }

    /// <summary>Counts the origin lines of <paramref name="access"/> against each of <paramref name="given"/> (in any order, repeats allowed).</summary>
    public static OriginRanks Measure(List<FileFacts> access, IEnumerable<long> given)
    {
        var d = given.Distinct().Order().ToArray();
        int m = d.Length;
        // Per bucket p (the lines with p given times at or below them): count, greatest, least, and least not equal to d[p-1].
        var count = new int[m + 1];
        var equal = new int[m];
        var greatest = new long[m + 1];
        var least = new long[m + 1];
        var leastAbove = new long[m + 1];
        Array.Fill(greatest, long.MinValue);
        Array.Fill(least, long.MaxValue);
        Array.Fill(leastAbove, long.MaxValue);
        long lines = 0, first = long.MaxValue;
        foreach (var f in access)
        {
            for (int i = 0; i < f.Count; i++)
            {
                long x = f.True[i];
                lines++;
                first = Math.Min(first, x);
                int p = UpperBound(d, x);
                count[p]++;
                greatest[p] = Math.Max(greatest[p], x);
                least[p] = Math.Min(least[p], x);
                if (p > 0 && d[p - 1] == x) equal[p - 1]++;
                else leastAbove[p] = Math.Min(leastAbove[p], x);
            }
        }
        if (lines > int.MaxValue) throw new InvalidOperationException("More origin lines than an index can count.");
        // Lines below d[j]: buckets 0..j. The greatest of them: the greatest of those buckets. The least above d[j]: bucket
        // j+1 without the lines at d[j], then every later bucket.
        var less = new int[m];
        var below = new long[m];
        var above = new long[m];
        int sum = 0;
        long max = long.MinValue;
        for (int j = 0; j < m; j++)
        {
            sum += count[j];
            max = Math.Max(max, greatest[j]);
            less[j] = sum;
            below[j] = max;
        }
        long min = long.MaxValue;
        for (int j = m - 1; j >= 0; j--)
        {
            above[j] = Math.Min(min, leastAbove[j + 1]);
            min = Math.Min(min, least[j + 1]);
        }
        // The second pass: how many lines share each time just below a given one (the rank of the last of them).
        var countOf = new Dictionary<long, int>();
        for (int j = 0; j < m; j++)
        {
            if (less[j] > 0) countOf[below[j]] = 0;
        }
        if (countOf.Count > 0)
        {
            foreach (var f in access)
            {
                for (int i = 0; i < f.Count; i++)
                {
                    long x = f.True[i];
                    if (countOf.TryGetValue(x, out int c)) countOf[x] = c + 1;
                }
            }
        }
        return new OriginRanks(d, less, equal, below, above, countOf, (int)lines, first);
    }

    /// <summary>
    /// The index <see cref="Array.BinarySearch(Array, object)"/> returns for <paramref name="t"/> (one of the given times) on the
    /// sorted origin times when it finds the time there, else the index where it would go.
    /// </summary>
    public int Position(long t)
    {
        int j = Given(t);
        int less = _less[j], equal = _equal[j];
        // Array.BinarySearch's own steps, each comparison read from the counts: below `less` a time is smaller, then `equal` at t.
        int lo = 0, hi = Lines - 1;
        while (lo <= hi)
        {
            int i = lo + ((hi - lo) >> 1);
            if (i < less) lo = i + 1;
            else if (i < less + equal) return i;
            else hi = i - 1;
        }
        return lo;
    }

    /// <summary>The sorted origin time at <paramref name="position"/> − 1 (<paramref name="position"/> from <see cref="Position"/> of <paramref name="t"/>), and its rank among the lines of that time.</summary>
    public (long Time, int Rank) Before(long t, int position)
    {
        int j = Given(t);
        if (position - 1 >= _less[j]) return (t, position - 1 - _less[j]);
        long time = _below[j];
        return (time, _countOf[time] - 1);
    }

    /// <summary>The sorted origin time at <paramref name="position"/> (from <see cref="Position"/> of <paramref name="t"/>, below <see cref="Lines"/>), and its rank among the lines of that time.</summary>
    public (long Time, int Rank) At(long t, int position)
    {
        int j = Given(t);
        if (position < _less[j] + _equal[j]) return (t, position - _less[j]);
        return (_above[j], 0);
    }

    private int Given(long t)
    {
        int j = Array.BinarySearch(_times, t);
        if (j < 0) throw new ArgumentException("Not one of the measured times.", nameof(t));
        return j;
    }

    // The number of values of the sorted array `d` at or below x.
    private static int UpperBound(long[] d, long x)
    {
        int lo = 0, hi = d.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (d[mid] <= x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
