using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Find-BotRequest's fast path over files: the same findings as reading the files with <see cref="LogReader"/> and feeding
/// every access entry to a <see cref="BotDetector"/>, without building an entry per request. Files are found and
/// recognised as <see cref="LogReader"/> does; CloudFront and access logs are decompressed and parsed on worker threads
/// (several files at once) straight into <see cref="RequestFacts"/>, handed over in small batches, and fed to the one
/// detector on the calling thread in the reader's order (rotated sets oldest first), so the report is identical.
/// Memory stays bounded: a few batches per file in flight, a few files ahead.
/// </summary>
public static class BotScan
{
    /// <summary>
    /// Reads the CloudFront and access logs under <paramref name="paths"/> and returns the detector's report. Files of
    /// other formats (syslog, error logs) hold no requests and are passed over with a verbose line. Diagnostics (bad
    /// lines, truncated gzip, unreadable files) and progress are reported on the calling thread, file by file in reading
    /// order, as <see cref="LogReader"/> reports them.
    /// </summary>
    /// <param name="paths">Files or directories (no wildcards).</param>
    /// <param name="options">Detector settings.</param>
    /// <param name="diagnostics">Receives warnings, errors and verbose lines.</param>
    /// <param name="readOptions">Format override, encoding, line limits and progress (time-zone settings do not matter: web logs carry their offset).</param>
    /// <param name="cancellationToken">Stops the scan with <see cref="OperationCanceledException"/>.</param>
    public static BotReport AnalyzeFiles(IReadOnlyList<string> paths, BotDetectorOptions? options, IReadDiagnostics diagnostics,
        LogReadOptions? readOptions = null, CancellationToken cancellationToken = default) =>
        AnalyzeFiles(paths, options, diagnostics, readOptions, DefaultWorkers, cancellationToken);

    /// <summary>Worker threads used by default: one per core, at most four (the single detector thread caps the gain).</summary>
    public static int DefaultWorkers => Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>As <see cref="AnalyzeFiles(IReadOnlyList{string}, BotDetectorOptions?, IReadDiagnostics, LogReadOptions?, CancellationToken)"/>, with a chosen number of worker threads.</summary>
    public static BotReport AnalyzeFiles(IReadOnlyList<string> paths, BotDetectorOptions? options, IReadDiagnostics diagnostics,
        LogReadOptions? readOptions, int workers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(diagnostics);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        readOptions ??= new LogReadOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(readOptions.MaxLineLength, 256);
        _ = LogEncoding.ForTranscoding(readOptions.Encoding);

        var scanner = new BundleScanner(FormatRegistry.All);
        var found = scanner.Scan(paths, readOptions.Format, readOptions.Encoding, diagnostics, cancellationToken);
        var byPath = found.ToDictionary(f => f.Path, StringComparer.Ordinal);

        // The reader's order: rotated sets one after the other, each oldest first.
        var files = new List<LogFile>();
        var setStarts = new Dictionary<int, string>();
        foreach (var set in RotatedSet.Group(found.Select(f => f.Path)))
        {
            var web = set.Files.Select(p => byPath[p]).Where(f => RequestFactParser.Handles(f.Format.Format)).ToList();
            foreach (var f in set.Files.Select(p => byPath[p]).Where(f => !RequestFactParser.Handles(f.Format.Format)))
                diagnostics.Verbose($"{f.DisplayName} ({f.Format.Format}) holds no web requests: not read for bot detection");
            if (web.Count == 0) continue;
            if (set.Files.Count > 1)
                setStarts[files.Count] = $"rotated set {set.BaseName}: {string.Join(", ", set.Files.Select(p => byPath[p].DisplayName))} (oldest first)";
            files.AddRange(web);
        }

        bool anyOrigin = files.Any(f => f.Format.Format != Model.LogFormat.CloudFront);
        var detector = new BotDetector(options, diagnostics) { OriginLinesExpected = anyOrigin };
        using var pipeline = new FactPipeline(files, readOptions, Math.Min(workers, Math.Max(1, files.Count)), anyOrigin, cancellationToken);
        pipeline.Run(detector, diagnostics, setStarts, readOptions.Progress);
        return detector.Finish();
    }
}
