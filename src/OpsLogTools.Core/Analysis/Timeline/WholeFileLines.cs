using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>
/// What the displacement engine needs to see a whole file off by one constant (<see cref="WholeFileOffsets"/>): such a
/// file never steps back, so the <see cref="FactWindows"/> take none of it. The first pass counts, per syslog-like file,
/// the lines that print their own clock, and gathers the process ids of syslog-like files and of error logs. The
/// second pass then hands the engine, of each syslog-like file that never stepped back, its first and last line, its
/// clock lines and its lines whose process id also appears in an error log (the events it shares with a file in
/// true time), and of each error log the lines whose process id appears in a syslog-like file. Every other line the
/// engine would pair with those is one of them, so it measures the same offset from the same samples as over the
/// whole bundle. Memory: a count per file and two sets of process ids.
/// </summary>
internal sealed class WholeFileLines
{
    private readonly List<int> _clocks = [];
    private readonly HashSet<int> _syslogPids = [];
    private readonly HashSet<int> _errorLogPids = [];
    private bool[] _whole = [];
    private bool _sharedPids;

    /// <summary>First pass: notes one line of file number <paramref name="file"/> (files numbered in reading order).</summary>
    public void Note(int file, LogFormat format, LogEntry entry)
    {
        while (_clocks.Count <= file) _clocks.Add(0);
        if (IsSyslogLike(format))
        {
            if (HasClock(entry)) _clocks[file]++;
            if (entry.ProcessId is > 1 and int pid) _syslogPids.Add(pid);
        }
        else if (IsErrorLog(format) && entry.ProcessId is > 1 and int pid)
        {
            _errorLogPids.Add(pid);
        }
    }

    /// <summary>
    /// Ends the first pass (per file in reading order: its format, lines and steps back): a syslog-like file of at
    /// least two lines that never stepped back is taken whole, when some file prints enough clocks or shares process
    /// ids with an error log. True when any file is.
    /// </summary>
    public bool Seal(IReadOnlyList<(LogFormat Format, int Lines, int StepsBack)> files)
    {
        _whole = new bool[files.Count];
        _sharedPids = _syslogPids.Overlaps(_errorLogPids);
        bool evidence = _sharedPids || _clocks.Any(c => c >= WholeFileOffsets.MinimumSamples);
        if (!evidence) return false;
        for (int n = 0; n < files.Count; n++)
        {
            var (format, lines, steps) = files[n];
            _whole[n] = IsSyslogLike(format) && steps == 0 && lines >= WholeFileOffsets.MinimumLines;
        }
        return _whole.Any(w => w);
    }

    /// <summary>True when the second pass must read file <paramref name="file"/> for the whole-file check.</summary>
    public bool Wants(int file, LogFormat format) => file < _whole.Length && (_whole[file] || (_sharedPids && IsErrorLog(format)));

    /// <summary>Second pass: true when line <paramref name="index"/> of file <paramref name="file"/> (of <paramref name="count"/> lines) is kept.</summary>
    public bool Keep(int file, LogFormat format, int index, int count, LogEntry entry)
    {
        if (file >= _whole.Length) return false;
        if (_whole[file])
        {
            return index == 0 || index == count - 1 || HasClock(entry)
                || (_sharedPids && entry.ProcessId is > 1 and int pid && _errorLogPids.Contains(pid));
        }
        return _sharedPids && IsErrorLog(format) && entry.ProcessId is > 1 and int p && _syslogPids.Contains(p);
    }

    /// <summary>Files taken whole, for -Verbose.</summary>
    public int WholeFiles => _whole.Count(w => w);

    private static bool IsSyslogLike(LogFormat format) =>
        format is LogFormat.Syslog or LogFormat.SyslogIso or LogFormat.JournalJson or LogFormat.JournalShortIso or LogFormat.Journal or LogFormat.JournalExport;

    private static bool IsErrorLog(LogFormat format) => format is LogFormat.ApacheError22 or LogFormat.ApacheError24 or LogFormat.NginxError;

    private static bool HasClock(LogEntry entry) => EmbeddedClockParser.TryFind(entry.Message, out _, out _);
}
