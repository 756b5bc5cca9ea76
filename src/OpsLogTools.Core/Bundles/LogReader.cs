using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Bundles;

/// <summary>
/// Reads logs into entries: the engine behind <c>Get-LogEntry</c> and every cmdlet that reads a bundle.
/// Expands the paths (directories recursively), detects each file's format from its content, groups rotated
/// siblings and reads each set oldest first, each file with its own <see cref="StampClock"/> resolved against the
/// bundle's <see cref="TimeReference"/>. Bad input never throws: it becomes warnings and errors in the
/// diagnostics and counts in <see cref="Reports"/>.
/// </summary>
public sealed class LogReader
{
    private const long ProgressStep = 1 << 20;

    private readonly IReadOnlyList<ILogFormat> _formats;
    private readonly List<FileReadReport> _reports = new();

    /// <summary>Creates a reader that knows the given formats.</summary>
    public LogReader(IReadOnlyList<ILogFormat> formats)
    {
        ArgumentNullException.ThrowIfNull(formats);
        _formats = formats;
    }

    /// <summary>
    /// One report per file read so far by the current (or last) <see cref="Read"/>, in reading order (first those passed
    /// over because their content is nothing but NUL bytes, <see cref="BundleScanner.DamagedFiles"/>); a file's report
    /// is <see cref="FileReadReport.Completed"/> once the file has been read. A snapshot: call again for newer ones.
    /// </summary>
    public IReadOnlyList<FileReadReport> Reports => _reports.ToArray();

    /// <summary>The files recognised by the current (or last) <see cref="Read"/>, in path order.</summary>
    public IReadOnlyList<LogFile> Files { get; private set; } = [];

    /// <summary>
    /// Reads every recognised log under <paramref name="paths"/>. Lazily: nothing is opened until the first entry
    /// is asked for. Rotated sets come one after the other (sets by directory and name, each set oldest file first);
    /// within a file, entries come in file order.
    /// </summary>
    /// <param name="paths">Files or directories (no wildcards: the cmdlets resolve those).</param>
    /// <param name="options">Format override, time zone and reference date, encoding, progress.</param>
    /// <param name="diagnostics">Receives warnings (bad lines), errors (unreadable files) and verbose lines.</param>
    /// <param name="cancellationToken">Stops the read with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentException">The options name a format no reader is registered for, or an encoding that is not byte-oriented.</exception>
    public IEnumerable<LogEntry> Read(IReadOnlyList<string> paths, LogReadOptions options, IReadDiagnostics diagnostics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(diagnostics);
        ArgumentNullException.ThrowIfNull(options.LocalZone);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLineLength, 256);
        // Mistakes in the options are the caller's, and are said at once rather than at the first entry.
        _ = LogEncoding.ForTranscoding(options.Encoding);
        var scanner = new BundleScanner(_formats);
        if (options.Format is { } forced) scanner.FindFormat(forced);
        return ReadAll(scanner, paths, options, diagnostics, cancellationToken);
    }

    private IEnumerable<LogEntry> ReadAll(BundleScanner scanner, IReadOnlyList<string> paths, LogReadOptions options, IReadDiagnostics diagnostics,
        CancellationToken cancellationToken)
    {
        _reports.Clear();
        Files = [];
        var files = scanner.Scan(paths, options.Format, options.Encoding, diagnostics, cancellationToken);
        Files = files;
        // Files passed over as damage (nothing but NUL bytes) are reported too, for Corruption findings.
        _reports.AddRange(scanner.DamagedFiles);
        var times = new TimeReferenceBuilder(files, options, diagnostics, cancellationToken);
        var byPath = files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var sets = RotatedSet.Group(files.Select(f => f.Path));

        var merging = files.Where(f => f.Format is IRecordFormat { MergeOrder: not null }).GroupBy(f => f.Format).ToDictionary(g => g.Key, g => g.ToList());
        var progress = options.Progress;
        long total = files.Sum(f => f.Length);
        long done = 0;
        int number = 0;
        foreach (var set in sets)
        {
            if (set.Files.Count > 1)
            {
                diagnostics.Verbose($"rotated set {set.BaseName}: {string.Join(", ", set.Files.Select(p => byPath[p].DisplayName))} (oldest first)");
            }
            byte[]? carried = null;
            for (int i = 0; i < set.Files.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var file = byPath[set.Files[i]];
                if (file.Format is IRecordFormat { MergeOrder: { } order })
                {
                    // One log split over many files (a journal directory): all its files merge into one stream, read
                    // where its first file falls in path order.
                    if (!merging.Remove(file.Format, out var group)) continue;
                    progress?.Report(new ReadProgress(done, total, file.Path, number + 1, files.Count));
                    foreach (var entry in ReadMerged(group, order, times, options, diagnostics, cancellationToken)) yield return entry;
                    number += group.Count;
                    done += group.Sum(f => f.Length);
                    continue;
                }
                number++;
                progress?.Report(new ReadProgress(done, total, file.Path, number, files.Count));

                // A line cut in two by the rotation (its start ends the older file without a line feed) is read whole.
                byte[]? cameIn = carried;
                var newer = i + 1 < set.Files.Count ? byPath[set.Files[i + 1]] : null;
                using var session = new FileReadSession(file, times.For(file), options, diagnostics, cancellationToken)
                {
                    ContinuesInNextFile = newer?.DisplayName,
                    CarriedIn = cameIn,
                };
                carried = null;
                _reports.Add(session.Report);
                if (session.Open())
                {
                    long lastReported = 0;
                    int sinceCheck = 0;
                    while (session.TryNext(out var entry))
                    {
                        yield return entry;
                        if (progress is not null && (++sinceCheck & 0x3FF) == 0)
                        {
                            long position = session.DiskPosition;
                            if (position - lastReported >= ProgressStep)
                            {
                                lastReported = position;
                                progress.Report(new ReadProgress(done + Math.Min(position, file.Length), total, file.Path, number, files.Count));
                            }
                        }
                    }
                    carried = session.CarriedLine;
                }
                else if (cameIn is not null)
                {
                    diagnostics.Verbose($"{file.Path}: the older file's last line, cut by the rotation, continues here and this file cannot be read: it is left out");
                }
                done += file.Length;
            }
        }
        progress?.Report(new ReadProgress(total, total, "", number, files.Count, completed: true));
    }

    /// <summary>The files of one merged log, each read by its own session, merged entry by entry (one entry held per file).</summary>
    private IEnumerable<LogEntry> ReadMerged(List<LogFile> group, IComparer<LogEntry> order, TimeReferenceBuilder times, LogReadOptions options,
        IReadDiagnostics diagnostics, CancellationToken cancellationToken)
    {
        var sessions = new List<FileReadSession>(group.Count);
        try
        {
            var queue = new PriorityQueue<FileReadSession, LogEntry>(group.Count, order);
            foreach (var file in group)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var session = new FileReadSession(file, times.For(file), options, diagnostics, cancellationToken);
                sessions.Add(session);
                _reports.Add(session.Report);
                if (session.Open() && session.TryNext(out var first)) queue.Enqueue(session, first);
            }
            if (group.Count > 1) diagnostics.Verbose($"{group[0].Format.Format}: {group.Count} files merged in one stream ({string.Join(", ", group.Select(f => f.DisplayName))})");
            while (queue.TryDequeue(out var session, out var entry))
            {
                yield return entry;
                if (session.TryNext(out var next)) queue.Enqueue(session, next);
            }
        }
        finally
        {
            foreach (var session in sessions) session.Dispose();
        }
    }
}
