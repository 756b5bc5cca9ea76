using OpsLogTools.Core.Analysis.Anomalies;
using System.Diagnostics;
using System.Globalization;
using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Sample;

// The engine side of the benchmark. Each mode prints one line: "<mode> <lines> <seconds>", which
// Invoke-Bench.ps1 turns into lines/s; peak memory is measured outside by /usr/bin/time.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: OpsLogTools.Bench gen <path> <lines> <seed> | scan <path> | read <paths...> | anomaly <paths...> | anomaly-plain <paths...> | timeline <dir> | timeline-whole <dir> | gen-host <dir> <days> <seed> [views/h] | gen-busy-host <dir> <lines> <seed> | gen-cf <dir> <lines> <seed> | bots <dirs-or-files...> | bots-planted <dirs> | bots-slow <dirs-or-files...> | bots-parse <dirs-or-files...> | gen-journal <dir> <entries> <seed> | journal <dirs-or-files...> | journal-fields <dirs-or-files...> | journal-records <files...>");
    return 2;
}

if (args[0] == "twice")
{
    // The same engine work twice in one process: the first run pays for JIT and first-use set-up, the second does not.
    foreach (var round in new[] { "first", "second" })
    {
        var clock = Stopwatch.StartNew();
        long n = args[1] switch
        {
            "read" => new LogReader(FormatRegistry.All).Read(args[2..], new LogReadOptions(), NullDiagnostics.Instance).LongCount(),
            "bots" => BotScan.AnalyzeFiles(args[2..], null, NullDiagnostics.Instance).Requests,
            "anomaly" => AnomalyCount(args[2..]),
            _ => throw new ArgumentException("twice read|bots|anomaly <paths>"),
        };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{round} {args[1]} {n} {clock.Elapsed.TotalSeconds:F3}"));
    }
    return 0;
}

var sw = Stopwatch.StartNew();
long lines = 0;
switch (args[0])
{
    case "gen":
        IncidentGenerator.WriteLargeAccessLog(args[1], long.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
        lines = long.Parse(args[2], CultureInfo.InvariantCulture);
        break;

    case "scan":
        {
            // Every field of a combined line parsed (time, address, request, status, size, referer, agent), one core.
            long statusSum = 0, bytesSum = 0, bad = 0;
            using var stream = new FileStream(args[1], FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
            using var reader = new LineReader(stream);
            while (reader.TryReadLine(out var line))
            {
                lines++;
                if (AccessLineScanner.TryScan(line, out var f))
                {
                    statusSum += f.Status;
                    bytesSum += f.Bytes + f.ClientIp.Length + f.UserAgent.Length + f.Referer.Length + f.Target.Length + f.Timestamp.Minute;
                }
                else bad++;
            }
            Console.Error.WriteLine($"checksum {statusSum} {bytesSum} bad {bad}");
            break;
        }

    case "read":
        {
            // The full reader: detection, rotation, stamps resolved, one LogEntry object per line.
            var reader = new LogReader(FormatRegistry.All);
            foreach (var _ in reader.Read(args[1..], new LogReadOptions(), NullDiagnostics.Instance)) lines++;
            break;
        }

    case "anomaly":
    case "anomaly-plain":
        {
            // Get-LogAnomaly's path: the full reader feeding the streaming detector, then detection. anomaly-plain keeps the
            // per-line facts unpacked (eight-byte stamps, plain columns: the engine before issue 19), for the memory comparison.
            var reader = new LogReader(FormatRegistry.All);
            var scan = new AnomalyScan(new AnomalyOptions { PackFacts = args[0] == "anomaly" });
            foreach (var entry in reader.Read(args[1..], new LogReadOptions(), NullDiagnostics.Instance))
            {
                scan.Add(entry);
                lines++;
            }
            // Live bytes after reading (facts and whatever else the scan holds), then after detection: where the peak comes from.
            long peakReading = System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64;
            long afterRead = GC.GetTotalMemory(forceFullCollection: true);
            var found = scan.Detect();
            Console.Error.WriteLine($"peak working set while reading {peakReading / (1 << 20)} MB; live after reading {afterRead / (1 << 20)} MB, after detection {GC.GetTotalMemory(forceFullCollection: true) / (1 << 20)} MB");
            Console.Error.WriteLine($"anomalies {found.Count} ({string.Join(", ", found.GroupBy(a => a.Kind).Select(g => $"{g.Key} {g.Count()}"))}); facts {scan.FactBytes} bytes in memory, {scan.SpilledBytes} spilled ({scan.SpillReads} chunks read back) for {scan.LinesSeen} lines");
            // Every finding, one line each, to compare runs (OPSLOGTOOLS_BENCH_FINDINGS=<file>).
            if (Environment.GetEnvironmentVariable("OPSLOGTOOLS_BENCH_FINDINGS") is { Length: > 0 } findingsFile)
                File.WriteAllLines(findingsFile, found.Select(a => $"{a.Kind}\t{a.Path}\t{a.FirstLine}\t{a.LastLine}\t{a.Start:o}\t{a.End:o}\t{a.Summary}\t{a.OffsetSeconds}\t{a.Tampering}\t{a.Cause}\t{string.Join(" / ", a.Evidence)}"));
            scan.Dispose();
            break;
        }

    case "timeline":
    case "timeline-whole":
        {
            // Both passes of Get-LogTimeline: displacement finding, then the streaming k-way merge. timeline-whole has
            // the displacement engine take every line (as before FactWindows), for the memory comparison.
            var timeline = HostTimeline.Read(args[1..], new LogReadOptions(), NullDiagnostics.Instance, wholeBundle: args[0] == "timeline-whole");
            foreach (var _ in timeline.Events()) lines++;
            Console.Error.WriteLine($"facts for {timeline.FactLines} of {timeline.EntryCount} lines, {timeline.Displacements.Count} displaced stretch(es)");
            break;
        }

    case "gen-host":
        {
            // A busy host's bundle over <days> days with the seed's displaced night (rsyslog months early until 03:00):
            // gen-host <dir> <days> <seed> [<page views an hour>, default 2500].
            int days = int.Parse(args[2], CultureInfo.InvariantCulture);
            double views = args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 2500;
            IncidentGenerator.Write(args[1], IncidentScenario.Default with
            {
                Seed = int.Parse(args[3], CultureInfo.InvariantCulture),
                DaysBefore = days,
                RotatedFiles = 0,
                Visitors = new VisitorPlan { PageViewsPerHour = views },
                SshAttemptsPerHour = 400,
            });
            lines = Directory.EnumerateFiles(args[1], "*", SearchOption.AllDirectories).Count();
            break;
        }

    case "gen-busy-host":
        {
            // Issue 19's month of a busy host for Get-LogAnomaly's memory: gen-busy-host <dir> <lines> <seed>. One host's
            // bundle over 30 days from the incident generator (rsyslog messages, secure and cron with the seed's displaced
            // night, Apache access and error logs, CloudFront, yum) at a modest rate, then the bulk of the lines, streamed:
            // 30 days of hourly CloudFront files (three fifths) and an origin access log (two fifths) of a public site's viewers.
            string dir = args[1];
            long total = long.Parse(args[2], CultureInfo.InvariantCulture);
            int seed = int.Parse(args[3], CultureInfo.InvariantCulture);
            IncidentGenerator.Write(Path.Combine(dir, "host"), IncidentScenario.Default with
            {
                Seed = seed,
                DaysBefore = 29,
                RotatedFiles = 0,
                Visitors = new VisitorPlan { PageViewsPerHour = 60 },
                SshAttemptsPerHour = 30,
            });
            long hostLines = new LogReader(FormatRegistry.All).Read([Path.Combine(dir, "host")], new LogReadOptions(), NullDiagnostics.Instance).LongCount();
            long bulk = Math.Max(2, total - hostLines);
            LargeCloudFrontSet.Write(Path.Combine(dir, "cloudfront-edge"), bulk * 3 / 5, seed, 720, bulk / 20, fastest: true);
            Directory.CreateDirectory(Path.Combine(dir, "origin"));
            LargeCloudFrontSet.WriteOriginLog(Path.Combine(dir, "origin", "access_log"), bulk - bulk * 3 / 5, seed, 720, bulk / 30);
            lines = total;
            Console.Error.WriteLine($"host {hostLines} lines, bulk {bulk}");
            break;
        }

    case "gen-origin":
        {
            // One Apache combined access log from a public site's viewer mix: gen-origin <path> <lines> <seed> <hours> <viewers>.
            lines = long.Parse(args[2], CultureInfo.InvariantCulture);
            LargeCloudFrontSet.WriteOriginLog(args[1], lines, int.Parse(args[3], CultureInfo.InvariantCulture),
                int.Parse(args[4], CultureInfo.InvariantCulture), long.Parse(args[5], CultureInfo.InvariantCulture));
            break;
        }

    case "gen-cf":
        {
            // Hourly CloudFront .gz files: about 15,000 lines each from 60,000 returning clients, or (with a viewer
            // count, and a file count) a public site's mix of viewers, most of them once to three times.
            lines = long.Parse(args[2], CultureInfo.InvariantCulture);
            long viewers = args.Length > 4 ? long.Parse(args[4], CultureInfo.InvariantCulture) : 0;
            int fileCount = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 0;
            var files = LargeCloudFrontSet.Write(args[1], lines, int.Parse(args[3], CultureInfo.InvariantCulture), fileCount, viewers, fastest: lines > 10_000_000);
            Console.Error.WriteLine($"{files.Count} files");
            break;
        }

    case "bots":
        {
            // Find-BotRequest's fast path: files decompressed and parsed in parallel, straight into the detector.
            int workers = int.TryParse(Environment.GetEnvironmentVariable("OPSLOGTOOLS_BENCH_WORKERS"), out int w) ? w : BotScan.DefaultWorkers;
            var report = ScanBots(args[1..], NullDiagnostics.Instance, workers);
            lines = report.CloudFrontLines + report.OriginLines;
            Summarise(report);
            // The calling thread feeds the detector (the serial part); the rest of the process's CPU is the workers' parsing and the GC.
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"CPU: calling thread (detector) {ThreadCpuSeconds():F2} s of {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F2} s in all; {workers} workers"));
            break;
        }

    case "bots-parse":
        {
            // The fast path's parsing alone (no detector): the files' facts pulled in order and counted, on
            // OPSLOGTOOLS_BENCH_WORKERS workers, big plain files cut into OPSLOGTOOLS_BENCH_CHUNK-byte chunks (0: read whole).
            int workers = int.TryParse(Environment.GetEnvironmentVariable("OPSLOGTOOLS_BENCH_WORKERS"), out int w) ? w : BotScan.DefaultWorkers;
            long chunk = long.TryParse(Environment.GetEnvironmentVariable("OPSLOGTOOLS_BENCH_CHUNK"), out long c) ? c : FileChunks.DefaultChunkBytes;
            var read = new LogReadOptions();
            var files = WebLogSets.Find(args[1..], read, NullDiagnostics.Instance, default).Files;
            using (var pipeline = new FactPipeline(files, read, FactPipeline.WorkersFor(files, read, workers, chunk), twinFields: false, chunk, default))
            {
                var progress = new MergedProgress(files, null);
                while (pipeline.TryNextBatch(NullDiagnostics.Instance, progress, out _, out int n)) lines += n;
            }
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"CPU: calling thread {ThreadCpuSeconds():F2} s of {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F2} s in all; {workers} workers"));
            break;
        }

    case "bots-detector":
        {
            // The detector alone (issue 19's client shards): the files read into lean facts first, then fed to one
            // detector with OPSLOGTOOLS_BENCH_SHARDS shards (default 1) five times; wall and CPU time of each feed.
            int shards = int.TryParse(Environment.GetEnvironmentVariable("OPSLOGTOOLS_BENCH_SHARDS"), out int s) ? s : 1;
            var facts = new List<RequestFacts>();
            foreach (var e in new LogReader(FormatRegistry.All).Read(args[1..], new LogReadOptions(), NullDiagnostics.Instance).OfType<AccessLogEntry>())
            {
                var f = RequestFacts.From(e);
                if (IpAddressText.TryParseCanonicalV4(f.ConnectingIp.AsSpan(), out uint v4)) f = f with { ConnectingIp = f.IsCloudFront ? null! : f.ConnectingIp, ConnectingIpv4 = v4 };
                facts.Add(f);
            }
            var array = facts.ToArray();
            lines = array.Length;
            for (int round = 0; round < 5; round++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var detector = new BotDetector() { Shards = shards, OriginLinesExpected = false };
                foreach (ref readonly var f in array.AsSpan()) detector.Add(in f);
                var report = detector.Finish();
                Console.Error.WriteLine($"shards {shards}: {watch.Elapsed.TotalSeconds:F3} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F3} s CPU, {report.DistinctClients} clients");
            }
            break;
        }

    case "bots-planted":
        {
            // The fast path on a LargeCloudFrontSet, and its planted bots checked exactly: the prober 60 times an hour,
            // each hour's scanner 10 times (its address repeats every 254 hours), nothing else but the crawler.
            int workers = int.TryParse(Environment.GetEnvironmentVariable("OPSLOGTOOLS_BENCH_WORKERS"), out int w) ? w : BotScan.DefaultWorkers;
            var report = ScanBots(args[1..], new VerboseToStderr(), workers);
            lines = report.CloudFrontLines + report.OriginLines;
            Summarise(report);
            int hours = args[1..].Sum(a => Directory.Exists(a) ? Directory.GetFiles(a, "*.gz").Length : 1);
            var wrong = new List<string>();
            if (report.Find("45.155.205.233") is not { Kind: BotKind.CmsProbe } prober || prober.Requests != 60L * hours)
                wrong.Add($"prober: expected CmsProbe with {60L * hours} requests, got {report.Find("45.155.205.233")?.ToString() ?? "nothing"}");
            for (int x = 1; x <= Math.Min(hours, 254); x++)
            {
                long expected = 10L * Enumerable.Range(0, hours).Count(h => 1 + h % 254 == x);
                var scanner = report.Find($"193.106.191.{x}");
                if (scanner is not { Kind: BotKind.SensitiveFileScan } || scanner.Requests != expected) wrong.Add($"scanner 193.106.191.{x}: expected {expected}, got {scanner?.ToString() ?? "nothing"}");
            }
            foreach (var a in report.Activities.Where(a => a.ClientIp != "45.155.205.233" && !a.ClientIp.StartsWith("193.106.191.", StringComparison.Ordinal) && a.Intent != BotIntent.Benign))
                wrong.Add($"not planted: {a}");
            Console.Error.WriteLine(wrong.Count == 0 ? $"planted bots exact: prober {60L * hours}, {Math.Min(hours, 254)} scanners, no other finding; {report.DistinctClients} clients" : "PLANTED MISMATCH\n  " + string.Join("\n  ", wrong.Take(20)));
            if (wrong.Count > 0) return 1;
            break;
        }

    case "bots-slow":
        {
            // The same findings the way Get-LogEntry reads: one AccessLogEntry per line, one thread.
            var entries = new LogReader(FormatRegistry.All).Read(args[1..], new LogReadOptions(), NullDiagnostics.Instance).OfType<AccessLogEntry>();
            var report = BotDetector.Analyze(entries);
            lines = report.CloudFrontLines + report.OriginLines;
            Summarise(report);
            break;
        }

    case "gen-journal":
        {
            // Journal section: a busy host's journal written by systemd-journal-remote from a seeded export stream.
            lines = long.Parse(args[2], CultureInfo.InvariantCulture);
            OpsLogTools.Bench.LargeJournalExport.Write(args[1], lines, int.Parse(args[3], CultureInfo.InvariantCulture));
            break;
        }

    case "journal":
    case "journal-fields":
        {
            // Journal section: Get-LogEntry's path on a journal directory (files merged as journalctl merges them), one
            // JournalEntry per entry with its message and named properties; Fields are built only when asked for.
            long chars = 0;
            foreach (var entry in new LogReader(FormatRegistry.All).Read(args[1..], new LogReadOptions(), NullDiagnostics.Instance))
            {
                chars += entry.Message.Length + (entry.Program?.Length ?? 0);
                if (args[0] == "journal-fields" && entry is JournalEntry journalEntry) chars += journalEntry.Fields.Count; // every field decoded
                lines++;
            }
            Console.Error.WriteLine($"message chars {chars}; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB, allocated {GC.GetTotalAllocatedBytes() / 1048576} MB, GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
            break;
        }

    case "journal-records":
        {
            // Journal section: the native record source alone (entry objects and their data objects, every field's bytes).
            long bytes = 0;
            foreach (var path in args[1..])
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.RandomAccess);
                using var source = new JournalFormat().OpenRecords(stream, OpsLogTools.Core.Reading.Records.RecordSourceContext.Quiet(path));
                while (source.TryRead(out var record))
                {
                    if (record is OpsLogTools.Core.Reading.Journal.JournalRecord journal) foreach (var field in journal.Fields) bytes += field.Value.Length;
                    lines++;
                }
            }
            Console.Error.WriteLine($"field bytes {bytes}; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB, allocated {GC.GetTotalAllocatedBytes() / 1048576} MB");
            break;
        }

    default:
        Console.Error.WriteLine($"unknown mode {args[0]}");
        return 2;
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{args[0]} {lines} {sw.Elapsed.TotalSeconds:F3}"));
return 0;

static long AnomalyCount(string[] paths)
{
    var scan = new AnomalyScan();
    foreach (var entry in new LogReader(FormatRegistry.All).Read(paths, new LogReadOptions(), NullDiagnostics.Instance)) scan.Add(entry);
    return scan.Detect().Count;
}

// Find-BotRequest's fast path with OPSLOGTOOLS_BENCH_SHARDS client shards (default: BotScan.ShardsFor(workers), as the cmdlet;
// 1: the calling thread counts every client, as before issue 19's shards), big plain files cut into chunks of
// OPSLOGTOOLS_BENCH_CHUNK bytes (default: the cmdlet's, 1 MiB; 0: every file read whole by one worker, as before).
static BotReport ScanBots(string[] paths, IReadDiagnostics diagnostics, int workers)
{
    int shards = int.TryParse(Environment.GetEnvironmentVariable("OPSLOGTOOLS_BENCH_SHARDS"), out int s) ? s : BotScan.ShardsFor(workers);
    long chunk = long.TryParse(Environment.GetEnvironmentVariable("OPSLOGTOOLS_BENCH_CHUNK"), out long c) ? c : FileChunks.DefaultChunkBytes;
    // The path Find-BotRequest takes: the shipped sets load on another core while the bundle is scanned.
    return BotScan.AnalyzeFiles(paths, null, diagnostics, new LogReadOptions(), workers, shards, chunk, default);
}

// CPU seconds (user + system) of the calling thread, from /proc/thread-self/stat (clock ticks of 1/100 s); 0 where unknown.
static double ThreadCpuSeconds()
{
    try
    {
        string stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
    catch (IOException)
    {
        return 0;
    }
}

static void Summarise(BotReport report)
{
    Console.Error.WriteLine($"{report.Requests} requests, {report.DistinctClients} clients, {report.Activities.Count} findings; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB, allocated {GC.GetTotalAllocatedBytes() / 1048576} MB ({GC.GetAllocatedBytesForCurrentThread() / 1048576} MB on the calling thread), GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, GC pause {GC.GetTotalPauseDuration().TotalSeconds:F2} s");
    var gc = GC.GetGCMemoryInfo(GCKind.Any);
    string[] gens = ["gen0", "gen1", "gen2", "LOH", "POH"];
    Console.Error.WriteLine($"last GC (#{gc.Index}, gen{gc.Generation}): heap {gc.HeapSizeBytes / 1048576} MB, fragmented {gc.FragmentedBytes / 1048576} MB, committed {gc.TotalCommittedBytes / 1048576} MB, promoted {gc.PromotedBytes / 1048576} MB; "
        + string.Join(", ", gc.GenerationInfo.ToArray().Select((g, i) => $"{gens[i]} {g.SizeAfterBytes / 1048576}/{g.FragmentationAfterBytes / 1048576} MB")));
    foreach (var a in report.Activities.Take(5)) Console.Error.WriteLine($"  {a}");
}

/// <summary>Verbose lines (the detector's memory report among them) to stderr; warnings and errors too.</summary>
sealed class VerboseToStderr : IReadDiagnostics
{
    public void Warning(string path, long lineNumber, string message) => Console.Error.WriteLine($"WARNING {path}:{lineNumber} {message}");

    public void Error(string path, string errorId, string message, Exception? exception = null) => Console.Error.WriteLine($"ERROR {errorId} {path} {message}");

    public void Verbose(string message)
    {
        if (message.StartsWith("Bot detector", StringComparison.Ordinal)) Console.Error.WriteLine(message);
    }
}

