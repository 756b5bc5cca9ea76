using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Request times of one client in bounded memory, to the second (web logs stamp whole seconds), kept in the detector's
/// <see cref="ClientStore"/>. A struct inside the client's state, so a request touches no object of its own
/// for it. Up to <see cref="ExactLimit"/> times are kept and sorted at the end, so the intervals are exact whatever order the files were read in. Past that, the gaps between successive arrivals are kept in a
/// fixed-size reservoir sample (assumes the input is roughly in time order, as logs are).
/// </summary>
internal struct TimeSample
{
    internal const int ExactLimit = 4096;
    private ClientStore.Chain _times;
    private double[]? _reservoir;
    private long _seen;
    private int _last;
    private ulong _rng;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ClientStore store, long utcTicks)
    {
        int seconds = store.Seconds(utcTicks);
        if (_reservoir is null)
        {
            if (_times.Count == ExactLimit) { SwitchToReservoir(store); AddInterval(seconds); return; }
            store.Append(ref _times, seconds);
            return;
        }
        AddInterval(seconds);
    }

    private readonly int[] Sorted(ClientStore store)
    {
        var sorted = new int[_times.Count];
        store.CopyTo(_times, sorted);
        Array.Sort(sorted);
        return sorted;
    }

    private void SwitchToReservoir(ClientStore store)
    {
        var sorted = Sorted(store);
        _rng = 0x9E3779B97F4A7C15UL;
        _reservoir = new double[ExactLimit];
        for (int i = 1; i < sorted.Length; i++) _reservoir[i - 1] = sorted[i] - (double)sorted[i - 1];
        _seen = sorted.Length - 1;
        _last = sorted[^1];
        // The chain's blocks stay in the store unused: at most ExactLimit values per client, so memory stays bounded.
        _times = default;
    }

    private void AddInterval(int seconds)
    {
        double gap = Math.Abs(seconds - (double)_last);
        _last = seconds;
        _seen++;
        if (_seen <= _reservoir!.Length) { _reservoir[_seen - 1] = gap; return; }
        // Deterministic xorshift: the same input gives the same report.
        _rng ^= _rng << 13; _rng ^= _rng >> 7; _rng ^= _rng << 17;
        long slot = (long)(_rng % (ulong)_seen);
        if (slot < _reservoir.Length) _reservoir[slot] = gap;
    }

    /// <summary>The cadence, or null with fewer than two times.</summary>
    public readonly Cadence? Measure(ClientStore store)
    {
        double[] intervals;
        if (_reservoir is null)
        {
            if (_times.Count < 2) return null;
            var sorted = Sorted(store);
            intervals = new double[sorted.Length - 1];
            for (int i = 1; i < sorted.Length; i++) intervals[i - 1] = sorted[i] - (double)sorted[i - 1];
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
