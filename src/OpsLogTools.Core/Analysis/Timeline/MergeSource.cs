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
    /// <summary>Files at most this long on disk are read to their end when their time comes (see <see cref="_ahead"/>).</summary>
    internal const long SmallFile = 64 * 1024;

    private readonly TimelineFile _file;
    private readonly Func<IEnumerator<LogEntry>> _open;
    private readonly long _window;
    private readonly PriorityQueue<MergedLine, (long Ticks, long Line)> _buffer = new();
    private readonly YearlessStamps _years;
    private readonly ReorderBuffers _budget;
    // A small file's lines read ahead in file order, its reader closed: a few lines held instead of an open file and its
    // 128 KB read buffer, which 10,000 small logs written in the same seconds would all hold at once. The window takes
    // its lines from here exactly as it would from the reader, so the merge's order is the same.
    private readonly Queue<LogEntry>? _ahead;
    private IEnumerator<LogEntry>? _entries;
    private bool _readerDone;
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
        if (file.File is { Length: <= SmallFile }) _ahead = new Queue<LogEntry>();
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
        _budget.Opened();
        if (_ahead is not null)
        {
            // Within the caps: a small file of one-byte lines would otherwise hold 64,000 lines.
            while (_ahead.Count < _budget.PerFile && _budget.MayReadAhead && !_readerDone)
            {
                if (!_entries.MoveNext()) CloseReader();
                else
                {
                    _ahead.Enqueue(_entries.Current);
                    _budget.TookAhead();
                }
            }
        }
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
            if (!TryRead(out var entry))
            {
                _exhausted = true;
                return;
            }
            var line = Place(entry);
            long ticks = line.Time.UtcTicks;
            if (ticks > _latest) _latest = ticks;
            if (ticks < _releasedUpTo) OutOfPlace++;
            _buffer.Enqueue(line, (ticks, entry.LineNumber));
            _budget.Took(_buffer.Count);
        }
    }

    private bool TryRead(out LogEntry entry)
    {
        if (_ahead is { Count: > 0 })
        {
            entry = _ahead.Dequeue();
            _budget.GaveAhead();
            return true;
        }
        entry = null!;
        if (_readerDone) return false;
        if (_entries!.MoveNext())
        {
            entry = _entries.Current;
            return true;
        }
        CloseReader();
        return false;
    }

    // Read to its end: the reader (its file handle and buffer) goes now, not when the merge ends.
    private void CloseReader()
    {
        if (_readerDone) return;
        _readerDone = true;
        _entries!.Dispose();
        _budget.Closed();
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
        for (int n = _ahead?.Count ?? 0; n > 0; n--) _budget.GaveAhead();
        _buffer.Clear();
        _ahead?.Clear();
        if (_entries is not null) CloseReader();
    }
}
