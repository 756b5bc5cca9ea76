using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>
/// The logs of one host lined up on true time. Made in a first pass that reads every file once, keeping per-file
/// facts and a ledger of steps back in the stamps (<see cref="JumpLedger"/>); only when some file steps back far
/// enough to start a displaced run does the anomaly engine (<see cref="AnomalyScan"/>, a few compact facts per line)
/// read the bundle again, taking only the lines near those steps (<see cref="FactWindows"/>), to find the displaced
/// stretches and their offsets. After that, <see cref="Events(TimelineOptions?, CancellationToken)"/> merges the
/// files in a streaming pass (a k-way merge over per-file readers, memory bounded by the number of files, not lines:
/// each file's reorder buffer is capped, see <see cref="TimelineOptions.MaxReorderLinesPerFile"/>) and
/// <see cref="Story"/> condenses it.
/// </summary>
public sealed class HostTimeline
{
    private readonly List<TimelineFile> _files;
    private readonly TimeReferenceBuilder? _times;
    private readonly LogReadOptions? _readOptions;

    private HostTimeline(List<TimelineFile> files, IReadOnlyList<LogAnomaly> displacements, TimeReferenceBuilder? times, LogReadOptions? readOptions)
    {
        _files = files;
        Displacements = displacements;
        _times = times;
        _readOptions = readOptions;
        var byPath = files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        foreach (var a in displacements)
        {
            if (byPath.TryGetValue(a.Path, out var f)) f.Stretches.Add(new DisplacedStretch(a));
            if (string.Equals(a.EndPath, a.Path, StringComparison.Ordinal)) continue;
            // A run across rotations goes on into the next files of the set (files are in set order): wholly through any
            // between, and to its last line in the last.
            int from = files.FindIndex(x => x.Path == a.Path), to = files.FindIndex(x => x.Path == a.EndPath);
            for (int k = from + 1; from >= 0 && k < to; k++) files[k].Stretches.Add(new DisplacedStretch(a, 1, long.MaxValue));
            if (to >= 0) files[to].Stretches.Add(new DisplacedStretch(a, 1, a.EndLine));
        }
        foreach (var f in files) f.Stretches.Sort((x, y) => x.FirstLine.CompareTo(y.FirstLine));
    }

    /// <summary>The displaced stretches the anomaly engine found, in bundle order (Kind is always DisplacedTimestamps).</summary>
    public IReadOnlyList<LogAnomaly> Displacements { get; }

    /// <summary>The files of the timeline, in reading order.</summary>
    public IReadOnlyList<string> Paths => _files.Select(f => f.Path).ToList();

    /// <summary>Lines read in the first pass.</summary>
    public long EntryCount => _files.Sum(f => f.EntryCount);

    /// <summary>True when the file's stamps carry full dates and zones (a trusted clock: Apache %z, CloudFront).</summary>
    public bool StampsAreAbsolute(string path) => _files.Any(f => f.Path == path && f.StampsAreAbsolute);

    internal IReadOnlyList<TimelineFile> Files => _files;

    /// <summary>
    /// Reads every recognised log under <paramref name="paths"/> (directories recursively) and finds the displaced
    /// stretches. Unreadable files and bad lines are reported to <paramref name="diagnostics"/>; the rest goes on.
    /// </summary>
    public static HostTimeline Read(IReadOnlyList<string> paths, LogReadOptions options, IReadDiagnostics diagnostics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var files = Scan(paths, options, diagnostics, cancellationToken);
        return Read(files, options, diagnostics, cancellationToken);
    }

    /// <summary>Finds the files under <paramref name="paths"/> and their formats (what <see cref="LogReader"/> would read).</summary>
    internal static IReadOnlyList<LogFile> Scan(IReadOnlyList<string> paths, LogReadOptions options, IReadDiagnostics diagnostics, CancellationToken cancellationToken)
    {
        _ = LogEncoding.ForTranscoding(options.Encoding);
        var scanner = new BundleScanner(FormatRegistry.All);
        if (options.Format is { } forced) scanner.FindFormat(forced);
        return scanner.Scan(paths, options.Format, options.Encoding, diagnostics, cancellationToken);
    }

    internal static HostTimeline Read(IReadOnlyList<LogFile> scanned, LogReadOptions options, IReadDiagnostics diagnostics, CancellationToken cancellationToken) =>
        Read(scanned, options, diagnostics, wholeBundle: false, cancellationToken);

    /// <summary>
    /// As <see cref="Read(IReadOnlyList{string}, LogReadOptions, IReadDiagnostics, CancellationToken)"/>; with
    /// <paramref name="wholeBundle"/> the displacement engine takes every line, not only those near steps back
    /// (what the windows are checked against).
    /// </summary>
    internal static HostTimeline Read(IReadOnlyList<string> paths, LogReadOptions options, IReadDiagnostics diagnostics, bool wholeBundle, CancellationToken cancellationToken = default)
    {
        var files = Scan(paths, options, diagnostics, cancellationToken);
        return Read(files, options, diagnostics, wholeBundle, cancellationToken);
    }

    private static HostTimeline Read(IReadOnlyList<LogFile> scanned, LogReadOptions options, IReadDiagnostics diagnostics, bool wholeBundle, CancellationToken cancellationToken)
    {
        var unique = new Dictionary<string, LogFile>(StringComparer.Ordinal);
        foreach (var f in scanned) unique.TryAdd(f.Path, f);
        var times = new TimeReferenceBuilder(unique.Values.ToList(), options, diagnostics, cancellationToken);
        var anomalyOptions = new AnomalyOptions { Kinds = [AnomalyKind.DisplacedTimestamps] };
        var files = new List<TimelineFile>();
        var ledgers = new List<JumpLedger>();
        var progress = options.Progress;
        long total = unique.Values.Sum(f => f.Length), done = 0;
        bool mayHoldRun = false;
        // Journal files whose clock steps inside a boot: the engine takes them whole (their steps are measured exactly).
        var stepped = new HashSet<int>();
        // What a whole-file offset (no step at all) is measured from: clocks printed in messages, pids shared with error logs.
        var whole = new WholeFileLines();
        // Later passes read quietly, but a file rotated since the first pass is said (once).
        var changes = new OncePerFileDiagnostics(diagnostics);
        // First pass: the merge's own facts (first and last times per file) and a ledger of each file's steps back
        // that keeps a few stamps and the steps themselves. Per-line facts for the displacement engine are wanted
        // only when some file steps back far enough to start a displaced run; a bundle in order costs memory by
        // files, not lines.
        foreach (var set in RotatedSet.Group(unique.Keys))
        {
            foreach (string path in set.Files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var file = unique[path];
                progress?.Report(new ReadProgress(done, total, path, files.Count + 1, unique.Count));
                var facts = new TimelineFile(path, file.Format.Format, file.Format.StampsAreAbsolute, files.Count, file, null);
                files.Add(facts);
                var ledger = new JumpLedger(facts.Format, anomalyOptions);
                ledgers.Add(ledger);
                var monotonic = new MonotonicWatch();
                using var session = new FileReadSession(file, times.For(file), options, diagnostics, cancellationToken);
                if (session.Open())
                {
                    while (session.TryNext(out var entry))
                    {
                        ledger.Add(entry.Timestamp);
                        facts.Note(entry);
                        whole.Note(files.Count - 1, facts.Format, entry);
                        monotonic.Note(entry);
                    }
                }
                ledger.Finish();
                if (monotonic.Stepped) stepped.Add(files.Count - 1);
                // The finder looks only at files of three lines or more.
                mayHoldRun |= ledger.Candidates > 0 && ledger.Count >= 3;
                facts.TotalLines = Math.Max(facts.TotalLines, session.Report.Lines);
                done += file.Length;
            }
        }
        progress?.Report(new ReadProgress(total, total, "", files.Count, unique.Count, completed: true));
        long lines = files.Sum(f => f.EntryCount);
        List<LogAnomaly> found = [];
        long factLines = 0;
        // A file off from its first line to its last never steps back: the engine also takes the few lines of it that
        // outside clocks can be read from (WholeFileLines), facts by files plus those sparse lines, not by lines.
        bool wholeFiles = whole.Seal(files.Select((f, n) => (f.Format, ledgers[n].Count, ledgers[n].Candidates)).ToList());
        if (mayHoldRun || wholeFiles || stepped.Count > 0)
        {
            // Some file stepped back. Its run's offset may be measured from any file (shared events, cadence, clocks),
            // so the engine reads the bundle again, quietly (the first pass reported every warning already), but keeps
            // only the lines near the steps back and those stamped in the true time a run could cover (FactWindows).
            var windows = wholeBundle || ledgers.Any(l => l.Overflowed) ? null : Windows(files, ledgers, diagnostics);
            using var scan = new AnomalyScan(anomalyOptions);
            for (int n = 0; n < files.Count; n++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var f = files[n];
                FactWindows.LineFilter? filter = null;
                bool sparse = windows is not null && whole.Wants(n, f.Format);
                bool all = windows is null || stepped.Contains(n);
                if (!all)
                {
                    filter = windows!.For(n, ledgers[n].MinStamp, ledgers[n].MaxStamp);
                    if (filter is null && !sparse) continue;
                }
                int count = ledgers[n].Count;
                using var session = new FileReadSession(f.File!, times.For(f.File!), options, NullDiagnostics.Instance, cancellationToken, changes);
                if (!session.Open()) continue;
                // The same year choice the ledger made, so a line is judged by the stamp it was recorded with.
                var years = new YearlessStamps(f.Format);
                int index = 0;
                while (session.TryNext(out var entry))
                {
                    long ticks = years.Next(entry.Timestamp).UtcTicks;
                    bool keep = all || (filter is not null && filter.Keep(index, ticks))
                        || (sparse && whole.Keep(n, f.Format, index, count, entry));
                    if (keep) scan.Add(f.Path, f.Format, entry);
                    index++;
                }
            }
            found = Displaced(scan.Detect());
            factLines = scan.LinesSeen;
        }
        foreach (int n in stepped) diagnostics.Verbose($"timeline: {files[n].Path} steps its clock inside a boot (realtime − monotonic changes); the displacement engine takes it whole");
        if (wholeFiles) diagnostics.Verbose($"timeline: {whole.WholeFiles} syslog file(s) in order are checked whole: the engine takes their first and last lines, their printed clocks and the lines they share with error logs");
        diagnostics.Verbose($"timeline: {lines} lines in {files.Count} file(s); {found.Count} displaced stretch(es); facts kept for {factLines} line(s)");
        return new HostTimeline(files, found, times, options) { FactLines = factLines, Changes = changes };
    }

    private static FactWindows Windows(List<TimelineFile> files, List<JumpLedger> ledgers, IReadDiagnostics diagnostics)
    {
        var windows = new FactWindows();
        for (int n = 0; n < files.Count; n++)
        {
            var steps = ledgers[n].Finish();
            windows.Add(n, files[n].Format, ledgers[n].Count, steps);
            if (steps.Count > 0) diagnostics.Verbose($"timeline: {files[n].Path} steps back {steps.Count} time(s); the displacement engine takes its lines {windows.DescribeLines(n)}");
        }
        windows.Seal();
        string times = windows.DescribeTimes();
        if (times.Length > 0) diagnostics.Verbose($"timeline: the displacement engine takes every file's lines stamped {times}");
        return windows;
    }

    /// <summary>
    /// Lines for which the displacement engine kept per-line facts: none when no file steps back far enough to start
    /// a displaced run (the merge itself keeps only per-file facts), else those near the steps back (<see cref="FactWindows"/>).
    /// </summary>
    internal long FactLines { get; private init; }

    /// <summary>Where the passes after the first say that a file is no longer the one first read (rotated, truncated).</summary>
    private IReadDiagnostics? Changes { get; init; }

    /// <summary>
    /// Lines up entries already read (from the pipeline). Each file's entries must come in file order; they are
    /// held in memory, since the merge reads them a second time.
    /// </summary>
    public static HostTimeline FromEntries(IEnumerable<LogEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var byPath = new Dictionary<string, List<LogEntry>>(StringComparer.Ordinal);
        var order = new List<string>();
        using var scan = new AnomalyScan(new AnomalyOptions { Kinds = [AnomalyKind.DisplacedTimestamps] });
        long n = 0;
        foreach (var e in entries)
        {
            if ((++n & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (!byPath.TryGetValue(e.Path, out var list))
            {
                list = [];
                byPath.Add(e.Path, list);
                order.Add(e.Path);
            }
            list.Add(e);
            scan.Add(e);
        }
        var files = new List<TimelineFile>();
        foreach (string path in order)
        {
            var list = byPath[path];
            var format = list[0].Format;
            bool absolute = FormatRegistry.All.FirstOrDefault(f => f.Format == format)?.StampsAreAbsolute ?? false;
            var facts = new TimelineFile(path, format, absolute, files.Count, null, list);
            foreach (var e in list) facts.Note(e);
            files.Add(facts);
        }
        return new HostTimeline(files, Displaced(scan.Detect()), null, null) { FactLines = scan.LinesSeen };
    }

    /// <summary>
    /// Every line of every file, merged in true-time order (displaced lines re-timed), cut to the options' window.
    /// Streams: only the files whose time has come are open, each with a few seconds of itself buffered.
    /// </summary>
    public IEnumerable<TimelineEvent> Events(TimelineOptions? options = null, CancellationToken cancellationToken = default) =>
        Events(options, null, cancellationToken);

    /// <summary>
    /// As <see cref="Events(TimelineOptions?, CancellationToken)"/>, telling <paramref name="diagnostics"/> when a file
    /// had more lines within the reorder window than its buffer may hold (<see cref="TimelineOptions.MaxReorderLinesPerFile"/>).
    /// </summary>
    public IEnumerable<TimelineEvent> Events(TimelineOptions? options, IReadDiagnostics? diagnostics, CancellationToken cancellationToken = default)
    {
        foreach (var line in Merge(options ?? TimelineOptions.Default, diagnostics ?? NullDiagnostics.Instance, cancellationToken)) yield return ToEvent(line);
    }

    /// <summary>
    /// The story of the night: first server errors, worker limits, OOM kills, services down and up, logins, sudo
    /// commands, update runs, and when clocks went wrong and came right, in time order, within the options' window.
    /// </summary>
    public IReadOnlyList<StoryEvent> Story(TimelineOptions? options = null, IReadDiagnostics? diagnostics = null, CancellationToken cancellationToken = default)
    {
        var teller = new StoryTeller(this, diagnostics ?? NullDiagnostics.Instance);
        foreach (var line in Merge(options ?? TimelineOptions.Default, diagnostics ?? NullDiagnostics.Instance, cancellationToken)) teller.Observe(line);
        return teller.Finish(options ?? TimelineOptions.Default);
    }

    internal IEnumerable<MergedLine> Merge(TimelineOptions options, IReadDiagnostics diagnostics, CancellationToken cancellationToken) =>
        Merge(options, new ReorderBuffers(options.MaxReorderLinesPerFile, options.MaxReorderLines), diagnostics, cancellationToken);

    /// <summary>The merge, with the reorder buffers' budget given (the tests read what it held).</summary>
    internal IEnumerable<MergedLine> Merge(TimelineOptions options, ReorderBuffers buffers, IReadDiagnostics diagnostics, CancellationToken cancellationToken)
    {
        long window = Math.Max(0, options.ReorderWindow.Ticks);
        long after = options.After?.UtcTicks ?? long.MinValue;
        long before = options.Before?.UtcTicks ?? long.MaxValue;
        // A file is opened a little before its first line is due (the window covers its own jitter), and a file that
        // lies wholly outside the cut is never opened. The margin keeps files whose edges jitter around the cut.
        long margin = Math.Max(window, TimeSpan.TicksPerMinute);
        var queue = new PriorityQueue<MergeSource, (long Ticks, int File, long Line)>();
        var sources = new List<MergeSource>();
        try
        {
            foreach (var f in _files)
            {
                if (f.EntryCount == 0) continue;
                long first = Math.Min(f.FirstTrueTicks, f.FirstStampTicks), last = Math.Max(f.LastTrueTicks, f.LastStampTicks);
                if (f.Stretches.Count == 0 && (last < SafeAdd(after, -margin) || first > SafeAdd(before, margin))) continue;
                var source = new MergeSource(f, () => Open(f, cancellationToken), options.ReorderWindow, buffers);
                sources.Add(source);
                queue.Enqueue(source, (SafeAdd(f.FirstTrueTicks, -window), f.Index, -1));
            }
            long stopAt = SafeAdd(before, window);
            long count = 0;
            while (queue.TryDequeue(out var source, out var key))
            {
                if (key.Ticks > stopAt) yield break;
                if ((++count & 0x3FF) == 0) cancellationToken.ThrowIfCancellationRequested();
                if (!source.IsOpen)
                {
                    source.Open();
                }
                else
                {
                    var line = source.Take();
                    long t = line.Time.UtcTicks;
                    if (t >= after && t <= before) yield return line;
                }
                if (source.TryPeek(out _, out var head)) queue.Enqueue(source, (head.Ticks, source.File.Index, head.Line));
            }
        }
        finally
        {
            foreach (var s in sources)
            {
                s.Dispose();
                if (s.Released > 0) Capped(s, options, buffers, diagnostics);
            }
        }
    }

    private static void Capped(MergeSource s, TimelineOptions options, ReorderBuffers buffers, IReadDiagnostics diagnostics)
    {
        string harm = s.OutOfPlace == 0
            ? "none came out of time order (lines stamped alike keep their file order)"
            : $"{s.OutOfPlace:N0} line(s) read after them were stamped earlier and came out where they are, not in time order";
        diagnostics.Warning(s.File.Path, 0,
            $"more lines of this file fall within the {options.ReorderWindow.TotalSeconds:0.#}-second reorder window than the reorder buffer holds ({buffers.PerFile:N0} lines a file, {buffers.Total:N0} in all; stamps that do not advance): " +
            $"{s.Released:N0} line(s) went out in reading order without waiting; {harm}");
    }

    private IEnumerator<LogEntry> Open(TimelineFile f, CancellationToken cancellationToken)
    {
        if (f.Entries is { } held) return held.GetEnumerator();
        return ReadAgain(f.File!, cancellationToken).GetEnumerator();
    }

    private IEnumerable<LogEntry> ReadAgain(LogFile file, CancellationToken cancellationToken)
    {
        // The first pass reported every warning and error already: the second one reads quietly.
        using var session = new FileReadSession(file, _times!.For(file), _readOptions!, NullDiagnostics.Instance, cancellationToken, Changes);
        if (!session.Open()) yield break;
        while (session.TryNext(out var entry)) yield return entry;
    }

    /// <summary>Reads a file again in a second pass, for callers that walk one file (segments).</summary>
    internal IEnumerable<LogEntry> Entries(TimelineFile f, CancellationToken cancellationToken)
    {
        using var e = Open(f, cancellationToken);
        while (e.MoveNext()) yield return e.Current;
    }

    private static TimelineEvent ToEvent(MergedLine line)
    {
        var e = line.Entry;
        return new TimelineEvent
        {
            Time = line.Time,
            StampedTime = line.Stamped,
            OffsetSeconds = line.OffsetTicks / (double)TimeSpan.TicksPerSecond,
            Path = e.Path,
            LineNumber = e.LineNumber,
            Category = EventCategories.Of(e),
            Program = e.Program,
            Message = EventCategories.MessageOf(e),
            Format = e.Format,
            HostName = e.HostName,
        };
    }

    private static List<LogAnomaly> Displaced(IReadOnlyList<LogAnomaly> found) =>
        found.Where(a => a.Kind == AnomalyKind.DisplacedTimestamps).ToList();

    private static long SafeAdd(long a, long b)
    {
        long r = a + b;
        if (b > 0 && r < a) return long.MaxValue;
        if (b < 0 && r > a) return long.MinValue;
        return r;
    }
}
