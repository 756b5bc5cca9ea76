using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
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

    /// <summary>Worker threads used by default: one per core, at most four.</summary>
    public static int DefaultWorkers => Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>
    /// Client shards for <paramref name="workers"/> parsing workers: one (the calling thread counts every client) up to
    /// three workers, half the workers from four. Measured on 2 cores (issue 19's one-time set): two shards beside two
    /// parsing workers ran at 0.77–0.89× of one shard, the shards' hand-off costing more than the cores they could not
    /// get; with more cores the counting is the limit once parsing is spread. The report is the same for any number.
    /// </summary>
    public static int ShardsFor(int workers) => workers >= 4 ? workers / 2 : 1;

    /// <summary>As <see cref="AnalyzeFiles(IReadOnlyList{string}, BotDetectorOptions?, IReadDiagnostics, LogReadOptions?, CancellationToken)"/>, with a chosen number of worker threads.</summary>
    public static BotReport AnalyzeFiles(IReadOnlyList<string> paths, BotDetectorOptions? options, IReadDiagnostics diagnostics,
        LogReadOptions? readOptions, int workers, CancellationToken cancellationToken = default) =>
        AnalyzeFiles(paths, options, diagnostics, readOptions, workers, ShardsFor(workers), FileChunks.DefaultChunkBytes, cancellationToken);

    /// <summary>As above, with a chosen number of client shards and chunk size (the benchmark varies them).</summary>
    internal static BotReport AnalyzeFiles(IReadOnlyList<string> paths, BotDetectorOptions? options, IReadDiagnostics diagnostics,
        LogReadOptions? readOptions, int workers, int shards, long chunkBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(diagnostics);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        readOptions ??= new LogReadOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(readOptions.MaxLineLength, 256);
        _ = LogEncoding.ForTranscoding(readOptions.Encoding);

        // The shipped sets load on another core while the bundle scan probes every file's head (both only read).
        bool cdnRanges = options?.ShippedCdnRanges ?? true, signatures = options?.ShippedSignatures ?? true;
        _ = Task.Run(() => WarmUp(cdnRanges, signatures), CancellationToken.None);
        var sets = WebLogSets.Find(paths, readOptions, diagnostics, cancellationToken);
        return AnalyzeSets(sets, options, diagnostics, readOptions, workers, shards, cancellationToken, chunkBytes);
    }

    /// <summary>
    /// Loads what the detector needs ahead of it: the special-purpose address table, and the shipped CDN ranges
    /// (<paramref name="cdnRanges"/>) and signatures (<paramref name="signatures"/>) when the options use them (a set the
    /// caller loaded from a file is loaded already). Each is built once for the process (a thread-safe
    /// <see cref="Lazy{T}"/> or a static constructor), so the detector's thread finds it ready or waits for the same
    /// load; a failure here is left for that thread to meet and report as it would without this.
    /// </summary>
    private static void WarmUp(bool cdnRanges, bool signatures)
    {
        try
        {
            _ = SpecialPurposeRegistry.ClassifyV4(0);
            if (cdnRanges) _ = CdnRangeSet.Default;
            if (signatures) _ = BotSignatureSet.Default;
        }
        catch (Exception)
        {
            // Deliberately ignored: the detector's thread loads the same sets again and meets the same error.
        }
        // Then the per-line code the workers and the detector's thread run first (compiled by the JIT, not ReadyToRun),
        // once a process.
        if (Interlocked.Exchange(ref _precompiled, 1) != 0) return;
        try
        {
            Precompile.AggressiveMethods(FactPathTypes);
        }
        catch (Exception)
        {
            // Deliberately ignored: compiling ahead is only a head start.
        }
    }

    private static int _precompiled;

    /// <summary>
    /// The types whose aggressively optimised methods the fast path runs: the workers' (reading, parsing) first, as they
    /// start first, then the detector's. Left out: those only some inputs need (chunks of a big plain file, CloudFront and
    /// origin logs merged by time), compiled when first called.
    /// </summary>
    internal static readonly Type[] FactPathTypes =
    [
        typeof(FactPipeline), typeof(FileReadSession), typeof(LineReader), typeof(GzipContentStream), typeof(Crc32), typeof(Utf8Text),
        typeof(RequestFactParser), typeof(CloudFrontRowScanner), typeof(AccessLineScanner), typeof(WebParsing), typeof(ApacheEscapes),
        typeof(PercentDecoding), typeof(CommonWords), typeof(FieldStringPool), typeof(IpAddressText), typeof(AddressTextParser),
        typeof(BotDetector), typeof(ClientShard), typeof(ClientTable), typeof(ClientState), typeof(ClientStore), typeof(ClientKey),
        typeof(LightClients), typeof(LightRequest), typeof(PairSet), typeof(SegmentedLongSet), typeof(MarkSet<uint>), typeof(MarkSet<long>), typeof(ViewerTable), typeof(SiteKnowledge),
        typeof(CdnRangeSet), typeof(SpecialPurposeRegistry), typeof(TimeSample), typeof(RequestFacts), typeof(ClientResolver),
    ];

    /// <summary>
    /// The fast path over sets already found, with <paramref name="shards"/> <see cref="ClientShard"/>s counting the
    /// clients beside the calling thread (1: the calling thread counts them itself); the report is the same for any number.
    /// A plain file of at least two <paramref name="chunkBytes"/> is cut into chunks of about that size, parsed by several
    /// workers at once (0: every file is read whole, by one worker); the report and the diagnostics are the same.
    /// </summary>
    internal static BotReport AnalyzeSets(WebLogSets sets, BotDetectorOptions? options, IReadDiagnostics diagnostics, LogReadOptions readOptions,
        int workers, int shards, CancellationToken cancellationToken, long chunkBytes = FileChunks.DefaultChunkBytes)
    {
        var detector = sets.CreateDetector(options, diagnostics, keepTwinOrdinals: false, shards);
        if (sets.MergeByTime)
        {
            // CloudFront and origin logs side by side, so a forwarded request's two lines meet within a bounded span.
            MergedFactFeed.Run(sets, readOptions, workers, detector, diagnostics, cancellationToken, chunkBytes);
            return detector.Finish();
        }

        // The reader's order: rotated sets one after the other, each oldest first.
        var files = sets.Files;
        var setStarts = new Dictionary<int, string>();
        for (int s = 0, at = 0; s < sets.Sets.Count; at += sets.Sets[s].Count, s++)
        {
            if (sets.SetLines[s] is { } line) setStarts[at] = line;
        }
        using var pipeline = new FactPipeline(files, readOptions, FactPipeline.WorkersFor(files, readOptions, workers, chunkBytes), sets.AnyOrigin, chunkBytes, cancellationToken);
        pipeline.Run(detector, diagnostics, setStarts, readOptions.Progress);
        return detector.Finish();
    }

    /// <summary>
    /// The per-entry way over the same files, in the order the fast path feeds them (CloudFront and origin logs side
    /// by side, merged by time, when both are present): the report <see cref="AnalyzeFiles(IReadOnlyList{string}, BotDetectorOptions?, IReadDiagnostics, LogReadOptions?, CancellationToken)"/> gives.
    /// </summary>
    public static BotReport AnalyzeEntries(IReadOnlyList<string> paths, BotDetectorOptions? options, IReadDiagnostics diagnostics,
        LogReadOptions? readOptions = null, CancellationToken cancellationToken = default)
    {
        var (sets, read) = Prepare(paths, diagnostics, ref readOptions, cancellationToken);
        var detector = sets.CreateDetector(options, diagnostics, keepTwinOrdinals: false);
        foreach (var entry in WebRequestReader.Read(sets, read, diagnostics, cancellationToken)) detector.Add(entry);
        return detector.Finish();
    }

    /// <summary>
    /// -AsRequest over files: classifies in a first pass, then reads the files again and yields the entries of the
    /// reported clients (Benign ones only with <paramref name="includeBenign"/>), a forwarded request once (its
    /// CloudFront line). Entries come in the order the detector saw them: set after set, or merged by time when
    /// CloudFront and origin logs are both present.
    /// </summary>
    public static IEnumerable<AccessLogEntry> SelectRequests(IReadOnlyList<string> paths, BotDetectorOptions? options, IReadDiagnostics diagnostics,
        LogReadOptions? readOptions = null, bool includeBenign = false, CancellationToken cancellationToken = default)
    {
        var (sets, read) = Prepare(paths, diagnostics, ref readOptions, cancellationToken);
        var detector = sets.CreateDetector(options, diagnostics, keepTwinOrdinals: true);
        return BotDetector.SelectRequests(() => WebRequestReader.Read(sets, read, diagnostics, cancellationToken), detector, options, includeBenign);
    }

    private static (WebLogSets Sets, LogReadOptions Options) Prepare(IReadOnlyList<string> paths, IReadDiagnostics diagnostics,
        ref LogReadOptions? readOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(diagnostics);
        readOptions ??= new LogReadOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(readOptions.MaxLineLength, 256);
        _ = LogEncoding.ForTranscoding(readOptions.Encoding);
        return (WebLogSets.Find(paths, readOptions, diagnostics, cancellationToken), readOptions);
    }
}
