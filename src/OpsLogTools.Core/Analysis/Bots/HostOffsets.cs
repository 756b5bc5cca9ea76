namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// The host's own UTC offsets, learned from the origin's access log lines (Apache and nginx write local time with its
/// offset): which offset was in force over which stretch of time. Bot findings show their times in it, like the rest
/// of the module (entries, anomalies, timelines), rather than in the UTC of the CloudFront logs (issue 18). A zone that
/// changes its offset (summer time) gives two or more stretches; a time is placed in the stretch that holds it, else
/// the nearest one. With no origin line (CloudFront logs only), times keep their own offset.
/// </summary>
internal sealed class HostOffsets
{
    private readonly List<(TimeSpan Offset, long MinUtcTicks, long MaxUtcTicks)> _spans = new();
    private int _last = -1;

    /// <summary>Notes one origin line's stamp.</summary>
    public void Note(DateTimeOffset stamp)
    {
        long ticks = stamp.UtcTicks;
        var offset = stamp.Offset;
        // Nearly every line has the offset of the line before: one comparison on the hot path.
        int i = _last >= 0 && _spans[_last].Offset == offset ? _last : _spans.FindIndex(s => s.Offset == offset);
        if (i < 0)
        {
            _spans.Add((offset, ticks, ticks));
            _last = _spans.Count - 1;
            return;
        }
        var s = _spans[i];
        if (ticks < s.MinUtcTicks || ticks > s.MaxUtcTicks) _spans[i] = (offset, Math.Min(ticks, s.MinUtcTicks), Math.Max(ticks, s.MaxUtcTicks));
        _last = i;
    }

    /// <summary>True once an origin line was noted.</summary>
    public bool Known => _spans.Count > 0;

    /// <summary>The same instant in the host's offset at that time (unchanged when no origin line was seen).</summary>
    public DateTimeOffset ToHost(DateTimeOffset time)
    {
        if (_spans.Count == 0) return time;
        long ticks = time.UtcTicks;
        TimeSpan best = _spans[0].Offset;
        long bestDistance = long.MaxValue;
        foreach (var s in _spans)
        {
            long distance = ticks < s.MinUtcTicks ? s.MinUtcTicks - ticks : ticks > s.MaxUtcTicks ? ticks - s.MaxUtcTicks : 0;
            if (distance < bestDistance) { bestDistance = distance; best = s.Offset; }
        }
        return time.ToOffset(best);
    }
}
