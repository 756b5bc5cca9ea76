using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>
/// One file in the k-way merge: reads it lazily, takes the offset off displaced lines, and keeps a small buffer
/// (the reorder window) so lines a few seconds out of order still come out in true-time order. The buffer is capped
/// (<see cref="ReorderBuffers"/>): when the window would hold more, the earliest line goes out without waiting, and a
/// line read later that belongs before a line so released is counted (<see cref="OutOfPlace"/>) for the warning.
/// </summary>
internal sealed class MergeSource : IDisposable
{
    private readonly TimelineFile _file;
    private readonly Func<IEnumerator<LogEntry>> _open;
    private readonly long _window;
    private readonly PriorityQueue<MergedLine, (long Ticks, long Line)> _buffer = new();
    private readonly YearlessStamps _years;
    private readonly ReorderBuffers _budget;
    private IEnumerator<LogEntry>? _entries;
    private int _stretch;
    private long _latest = long.MinValue;
    private bool _exhausted;
    // The latest stamp of a line given out before the window let it go (the cap released it).
    private long _releasedUpTo = long.MinValue;

    public MergeSource(TimelineFile file, Func<IEnumerator<LogEntry>> open, TimeSpan window, ReorderBuffers budget)
    {
        _file = file;
        _open = open;
        _window = window.Ticks;
        _years = new YearlessStamps(file.Format);
        _budget = budget;
    }

    public TimelineFile File => _file;
    public bool IsOpen => _entries is not null;

    /// <summary>Lines the cap gave out before the reorder window let them go.</summary>
    public long Released { get; private set; }

    /// <summary>Lines read after an earlier-released line stamped later than them: out of time order because of the cap.</summary>
    public long OutOfPlace { get; private set; }

    public void Open()
    {
        _entries = _open();
        Fill();
    }

    /// <summary>The earliest buffered line, safe to emit: no later line of the file is expected before it (beyond the window).</summary>
    public bool TryPeek(out MergedLine line, out (long Ticks, long Line) key) => _buffer.TryPeek(out line, out key);

    public MergedLine Take()
    {
        var line = _buffer.Dequeue();
        _budget.Gave();
        long ticks = line.Time.UtcTicks;
        if (!_exhausted && _latest < ticks + _window)
        {
            // The window would have kept it: only the cap lets it out now.
            Released++;
            if (ticks > _releasedUpTo) _releasedUpTo = ticks;
        }
        Fill();
        return line;
    }

    private void Fill()
    {
        if (_entries is null) return;
        while (!_exhausted)
        {
            if (_buffer.TryPeek(out _, out var head) && (_latest >= head.Ticks + _window || _budget.Full(_buffer.Count))) return;
            if (!_entries.MoveNext())
            {
                _exhausted = true;
                return;
            }
            var entry = _entries.Current;
            var line = Place(entry);
            long ticks = line.Time.UtcTicks;
            if (ticks > _latest) _latest = ticks;
            if (ticks < _releasedUpTo) OutOfPlace++;
            _buffer.Enqueue(line, (ticks, entry.LineNumber));
            _budget.Took(_buffer.Count);
        }
    }

    private MergedLine Place(LogEntry entry)
    {
        var stretches = _file.Stretches;
        long number = entry.LineNumber;
        var stamp = _years.Next(entry.Timestamp);
        while (_stretch < stretches.Count && number > stretches[_stretch].LastLine) _stretch++;
        if (_stretch < stretches.Count && number >= stretches[_stretch].FirstLine)
        {
            var s = stretches[_stretch];
            var time = s.Correct(stamp);
            return new MergedLine(entry, stamp, time, stamp.UtcTicks - time.UtcTicks, _file);
        }
        return new MergedLine(entry, stamp, stamp, 0, _file);
    }

    public void Dispose()
    {
        // Lines still held when the merge stops early (a cut) leave the budget with the file.
        for (int n = _buffer.Count; n > 0; n--) _budget.Gave();
        _buffer.Clear();
        _entries?.Dispose();
    }
}
