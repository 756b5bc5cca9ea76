namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Each line's best estimate of its true time (UTC ticks): its stamp, less the offset of the displaced runs that
/// were re-timed over it. The runs are kept as ranges over the stamps, not as a copy of them: a file with a displaced
/// night costs a few bytes for it, not eight more a line. Where re-timed ranges overlap, the one re-timed last holds
/// (as when the times were written over a copy in that order).
/// </summary>
internal sealed class TrueTimes
{
    private readonly StampColumn _stamps;
    private readonly List<(int First, int Last, long OffsetTicks)> _retimed = [];

    public TrueTimes(StampColumn stamps) => _stamps = stamps;

    public int Length => _stamps.Length;

    /// <summary>True when no line was re-timed (the true times are the stamps).</summary>
    public bool AreStamps => _retimed.Count == 0;

    public long this[int index]
    {
        get
        {
            long stamp = _stamps[index];
            for (int k = _retimed.Count - 1; k >= 0; k--)
            {
                var (first, last, offset) = _retimed[k];
                if (index >= first && index <= last) return stamp - offset;
            }
            return stamp;
        }
    }

    /// <summary>Re-times lines <paramref name="first"/> to <paramref name="last"/>: their true time is the stamp less <paramref name="offsetTicks"/>.</summary>
    public void Retime(int first, int last, long offsetTicks)
    {
        if (first > last) return;
        _retimed.Add((first, last, offsetTicks));
    }

    /// <summary>The least true time (there must be a line).</summary>
    public long Min()
    {
        if (AreStamps) return _stamps.Min();
        long min = long.MaxValue;
        for (int i = 0; i < Length; i++) min = Math.Min(min, this[i]);
        return Length > 0 ? min : throw new InvalidOperationException("No lines.");
    }

    /// <summary>The greatest true time (there must be a line).</summary>
    public long Max()
    {
        if (AreStamps) return _stamps.Max();
        long max = long.MinValue;
        for (int i = 0; i < Length; i++) max = Math.Max(max, this[i]);
        return Length > 0 ? max : throw new InvalidOperationException("No lines.");
    }
}
