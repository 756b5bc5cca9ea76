using OpsLogTools.Core.Analysis.Anomalies;
using System.Diagnostics;
using System.Globalization;
using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Sample;

// The engine side of the benchmark. Each mode prints one line: "<mode> <lines> <seconds>", which
// Invoke-Bench.ps1 turns into lines/s; peak memory is measured outside by /usr/bin/time.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: OpsLogTools.Bench gen <path> <lines> <seed> | scan <path> | read <paths...> | anomaly <paths...> | timeline <dir> | timeline-whole <dir> | gen-host <dir> <days> <seed> | gen-cf <dir> <lines> <seed> | bots <dirs-or-files...> | bots-slow <dirs-or-files...> | gen-journal <dir> <entries> <seed> | journal <dirs-or-files...> | journal-fields <dirs-or-files...> | journal-records <files...>");
    return 2;
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
        {
            // Get-LogAnomaly's path: the full reader feeding the streaming detector, then detection.
            var reader = new LogReader(FormatRegistry.All);
            var scan = new AnomalyScan();
            foreach (var entry in reader.Read(args[1..], new LogReadOptions(), NullDiagnostics.Instance))
            {
                scan.Add(entry);
                lines++;
            }
            Console.Error.WriteLine($"anomalies {scan.Detect().Count}");
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
            // A busy host's bundle over <days> days with the seed's displaced night (rsyslog months early until 03:00).
            int days = int.Parse(args[2], CultureInfo.InvariantCulture);
            IncidentGenerator.Write(args[1], IncidentScenario.Default with
            {
                Seed = int.Parse(args[3], CultureInfo.InvariantCulture),
                DaysBefore = days,
                RotatedFiles = 0,
                Visitors = new VisitorPlan { PageViewsPerHour = 2500 },
                SshAttemptsPerHour = 400,
            });
            lines = Directory.EnumerateFiles(args[1], "*", SearchOption.AllDirectories).Count();
            break;
        }

    case "gen-cf":
        {
            // A week-like set of hourly CloudFront .gz files (about 15,000 lines each).
            lines = long.Parse(args[2], CultureInfo.InvariantCulture);
            var files = LargeCloudFrontSet.Write(args[1], lines, int.Parse(args[3], CultureInfo.InvariantCulture));
            Console.Error.WriteLine($"{files.Count} files");
            break;
        }

    case "bots":
        {
            // Find-BotRequest's fast path: files decompressed and parsed in parallel, straight into the detector.
            int workers = int.TryParse(Environment.GetEnvironmentVariable("OPSLOGTOOLS_BENCH_WORKERS"), out int w) ? w : BotScan.DefaultWorkers;
            var report = BotScan.AnalyzeFiles(args[1..], null, NullDiagnostics.Instance, null, workers);
            lines = report.CloudFrontLines + report.OriginLines;
            Summarise(report);
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

static void Summarise(BotReport report)
{
    Console.Error.WriteLine($"{report.Requests} requests, {report.DistinctClients} clients, {report.Activities.Count} findings; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB, allocated {GC.GetTotalAllocatedBytes() / 1048576} MB ({GC.GetAllocatedBytesForCurrentThread() / 1048576} MB on the calling thread), GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, GC pause {GC.GetTotalPauseDuration().TotalSeconds:F2} s");
    foreach (var a in report.Activities.Take(5)) Console.Error.WriteLine($"  {a}");
}
