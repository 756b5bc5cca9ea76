namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Request times of one client in bounded memory. Up to <see cref="ExactLimit"/> times are kept and sorted at the
/// end, so the intervals are exact whatever order the files were read in. Past that, the gaps between successive
/// arrivals are kept in a fixed-size reservoir sample (assumes the input is roughly in time order, as logs are).
/// </summary>
internal sealed class TimeSample
{
    internal const int ExactLimit = 4096;
    private long[] _ticks = new long[4];
    private int _count;
    private double[]? _reservoir;
    private long _seen;
    private long _lastTicks;
    private ulong _rng = 0x9E3779B97F4A7C15UL;

    public void Add(long utcTicks)
    {
        if (_reservoir is null)
        {
            if (_count == _ticks.Length)
            {
                if (_count == ExactLimit) { SwitchToReservoir(); AddInterval(utcTicks); return; }
                Array.Resize(ref _ticks, Math.Min(ExactLimit, _count * 2));
            }
            _ticks[_count++] = utcTicks;
            _lastTicks = Math.Max(_lastTicks, utcTicks);
            return;
        }
        AddInterval(utcTicks);
    }

    private void SwitchToReservoir()
    {
        Array.Sort(_ticks, 0, _count);
        _reservoir = new double[ExactLimit];
        for (int i = 1; i < _count; i++) _reservoir[i - 1] = (_ticks[i] - _ticks[i - 1]) / (double)TimeSpan.TicksPerSecond;
        _seen = _count - 1;
        _lastTicks = _ticks[_count - 1];
        _ticks = [];
        _count = 0;
    }

    private void AddInterval(long utcTicks)
    {
        double gap = Math.Abs(utcTicks - _lastTicks) / (double)TimeSpan.TicksPerSecond;
        _lastTicks = utcTicks;
        _seen++;
        if (_seen <= _reservoir!.Length) { _reservoir[_seen - 1] = gap; return; }
        // Deterministic xorshift: the same input gives the same report.
        _rng ^= _rng << 13; _rng ^= _rng >> 7; _rng ^= _rng << 17;
        long slot = (long)(_rng % (ulong)_seen);
        if (slot < _reservoir.Length) _reservoir[slot] = gap;
    }

    /// <summary>The cadence, or null with fewer than two times.</summary>
    public Cadence? Measure()
    {
        double[] intervals;
        if (_reservoir is null)
        {
            if (_count < 2) return null;
            var sorted = _ticks.AsSpan(0, _count).ToArray();
            Array.Sort(sorted);
            intervals = new double[_count - 1];
            for (int i = 1; i < sorted.Length; i++) intervals[i - 1] = (sorted[i] - sorted[i - 1]) / (double)TimeSpan.TicksPerSecond;
        }
        else
        {
            intervals = _reservoir.AsSpan(0, (int)Math.Min(_seen, _reservoir.Length)).ToArray();
        }
        Array.Sort(intervals);
        double median = Percentile(intervals, 0.5);
        int near = 0;
        foreach (var x in intervals) if (Math.Abs(x - median) <= 0.25 * median) near++;
        return new Cadence(intervals.Length, median, Percentile(intervals, 0.05), Percentile(intervals, 0.95), near / (double)intervals.Length);
    }

    private static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 1) return sorted[0];
        double pos = p * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
