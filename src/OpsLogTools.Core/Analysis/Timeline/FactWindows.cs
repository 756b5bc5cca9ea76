using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>
/// Which lines the displacement engine needs, from the first pass's <see cref="JumpLedger"/>s: in each file that
/// stepped back, the lines around the step (index windows), and in every file, the lines stamped in the stretch of
/// true time a run there could cover (time windows). The engine then keeps facts for those lines only, so its memory
/// grows with files and with the lines near displaced stretches, not with the bundle.
/// </summary>
/// <remarks>
/// The margins come from what the engine reads around a run (Analysis/Anomalies):
/// <list type="bullet">
/// <item>Index margin of syslog-like files, 52,000 lines: <see cref="CadenceMeasure"/> collects a periodic job's
/// firings up to 50,000 lines either side of the run, in the run's own file, and the tamper checks compare the mix of
/// programs over 2,000 lines and process ids over 300. Kept whole, those lines give the same grid, mix and pids; the
/// lines further out are only ever read by the check for replayed lines, which counts repeats over the whole file
/// (a once-only line of the run seen once or twice elsewhere) and so can see fewer repeats here.</item>
/// <item>Index margin of other files, 4,000 lines: no cadence there, only the mix (2,000) and pids (300).</item>
/// <item>Time margin, two hours either side of the good lines around a run: shared events are sought in other files
/// from a minute before the good line before the run to a minute after the good line after it
/// (<see cref="SharedEventMeasure"/>), boundary events within two minutes of the run's edges and lines of other
/// rsyslog files inside it (<see cref="TamperAssessor"/>), and runs of several files are one displacement when their
/// stamps overlap within ten minutes. Two hours covers all of that with room for jitter and slow access lines.</item>
/// </list>
/// Embedded clocks are calibrated on each program's good lines of the run's file (the first 2,000): a steady
/// clock gives the same median on the lines kept. A file that steps back more than
/// <see cref="JumpLedger.MaxCandidates"/> times is in no order at all, and the whole bundle is read as before.
/// </remarks>
internal sealed class FactWindows
{
    public const int SyslogLineMargin = 52_000;
    public const int OtherLineMargin = 4_000;
    public static readonly long TimeMargin = TimeSpan.FromHours(2).Ticks;

    private readonly Dictionary<int, List<(int From, int To)>> _lines = [];
    private readonly List<(long From, long To)> _times = [];
    private long[] _timeFrom = [];
    private long[] _timeTo = [];

    /// <summary>Adds the windows of one file's steps back (file numbered by <paramref name="file"/>, <paramref name="count"/> lines).</summary>
    public void Add(int file, LogFormat format, int count, IReadOnlyList<JumpLedger.Candidate> candidates)
    {
        if (candidates.Count == 0) return;
        bool syslogLike = format is LogFormat.Syslog or LogFormat.SyslogIso or LogFormat.JournalJson or LogFormat.JournalShortIso or LogFormat.Journal or LogFormat.JournalExport;
        int margin = syslogLike ? SyslogLineMargin : OtherLineMargin;
        var lines = new List<(int From, int To)>();
        foreach (var c in candidates)
        {
            // A repeat of a step back that has a run is passed over by the finder with the run's lines.
            if (c.EchoOf is { Closed: true }) continue;
            // The finder weighs two explanations of a step back (see DisplacedRunFinder): an early run starting there
            // or a late run ending there. A closed one (both ends found) beats an open one, so an open explanation
            // needs room only when the other cannot close.
            bool earlyClosed = c.ComeBack >= 0, lateClosed = c.RunStart >= 0;
            bool early = earlyClosed || (!c.Blocked && !lateClosed);
            bool late = lateClosed || (c.OpenAtStart && !earlyClosed);
            int from = c.At - 3, to = c.At + 2;
            long tFrom = Math.Min(c.Level, c.Stamp), tTo = Math.Max(c.Level, c.Stamp);
            if (early || late)
            {
                tFrom = long.MaxValue;
                tTo = long.MinValue;
            }
            if (early)
            {
                // Stamped early: its true time runs from the good line before the step to the come-back.
                to = Math.Max(to, earlyClosed ? c.ComeBack : count - 1);
                tFrom = Math.Min(tFrom, c.Level);
                tTo = Math.Max(tTo, earlyClosed ? c.GoodAfter : long.MaxValue);
            }
            if (late)
            {
                // Stamped late: its true time runs from the good line before its start to the step.
                from = Math.Min(from, lateClosed ? c.RunStart : 0);
                tFrom = Math.Min(tFrom, lateClosed ? c.GoodBefore : long.MinValue);
                tTo = Math.Max(tTo, c.Stamp);
            }
            lines.Add((Math.Max(0, from - margin), (int)Math.Min((long)count - 1, (long)to + margin)));
            _times.Add((Sat(tFrom, -TimeMargin), Sat(tTo, TimeMargin)));
        }
        _lines[file] = Merge(lines);
    }

    /// <summary>Ends the adding: the time windows are merged.</summary>
    public void Seal()
    {
        var merged = Merge(_times);
        _timeFrom = merged.Select(w => w.From).ToArray();
        _timeTo = merged.Select(w => w.To).ToArray();
    }

    /// <summary>
    /// The filter for one file, or null when none of its lines is wanted (no step back in it, and its stamps, from
    /// <paramref name="minStamp"/> to <paramref name="maxStamp"/>, miss every time window): it need not be read again.
    /// </summary>
    public LineFilter? For(int file, long minStamp, long maxStamp)
    {
        var lines = _lines.GetValueOrDefault(file);
        if (lines is null && !Overlaps(minStamp, maxStamp)) return null;
        return new LineFilter(lines ?? [], _timeFrom, _timeTo);
    }

    /// <summary>Lines of the index windows of every file (for the record).</summary>
    public long IndexLines => _lines.Values.Sum(l => l.Sum(w => (long)w.To - w.From + 1));

    /// <summary>The index windows of one file as 1-based entry ranges, for -Verbose.</summary>
    public string DescribeLines(int file) =>
        _lines.TryGetValue(file, out var l) ? string.Join(", ", l.Select(w => $"{w.From + 1}-{w.To + 1}")) : "";

    /// <summary>The time windows, for -Verbose.</summary>
    public string DescribeTimes() => string.Join(", ", _timeFrom.Select((f, k) => $"{Show(f)} to {Show(_timeTo[k])}"));

    private static string Show(long ticks) => ticks == long.MinValue ? "the start" : ticks == long.MaxValue ? "the end"
        : new DateTimeOffset(ticks, TimeSpan.Zero).ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private bool Overlaps(long from, long to)
    {
        for (int k = 0; k < _timeFrom.Length; k++)
        {
            if (_timeFrom[k] <= to && _timeTo[k] >= from) return true;
        }
        return false;
    }

    private static List<(T From, T To)> Merge<T>(List<(T From, T To)> windows) where T : struct, IComparable<T>
    {
        windows.Sort((a, b) => a.From.CompareTo(b.From));
        var merged = new List<(T From, T To)>();
        foreach (var w in windows)
        {
            if (merged.Count > 0 && w.From.CompareTo(merged[^1].To) <= 0)
            {
                if (w.To.CompareTo(merged[^1].To) > 0) merged[^1] = (merged[^1].From, w.To);
            }
            else merged.Add(w);
        }
        return merged;
    }

    private static long Sat(long value, long delta)
    {
        if (value == long.MinValue || value == long.MaxValue) return value;
        long r = value + delta;
        if (delta > 0 && r < value) return long.MaxValue;
        if (delta < 0 && r > value) return long.MinValue;
        return r;
    }

    /// <summary>Decides, line by line in file order, whether a line of one file is kept.</summary>
    internal sealed class LineFilter(List<(int From, int To)> lines, long[] timeFrom, long[] timeTo)
    {
        private int _cursor;

        /// <summary>True when line <paramref name="index"/> (0-based entry index, stamped <paramref name="ticks"/>) is wanted.</summary>
        public bool Keep(int index, long ticks)
        {
            while (_cursor < lines.Count && lines[_cursor].To < index) _cursor++;
            if (_cursor < lines.Count && lines[_cursor].From <= index) return true;
            if (timeFrom.Length == 0) return false;
            int k = Array.BinarySearch(timeFrom, ticks);
            if (k < 0) k = ~k - 1;
            return k >= 0 && ticks <= timeTo[k];
        }
    }
}
