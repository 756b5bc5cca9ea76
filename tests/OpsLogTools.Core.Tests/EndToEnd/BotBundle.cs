using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Sample;

namespace OpsLogTools.Core.Tests.EndToEnd;

/// <summary>One generated bundle, its truth, and what the slow path (LogReader + BotDetector, as the cmdlet did) made of it.</summary>
public sealed class BotBundle
{
    /// <summary>A report as text for comparing two paths' reports (activities, warnings, counts, ranges).</summary>
    internal static string Describe(BotReport report) => System.Text.Json.JsonSerializer.Serialize(new
    {
        report.Activities,
        report.Warnings,
        report.Requests,
        report.CloudFrontLines,
        report.OriginLines,
        report.DuplicatesMatched,
        report.EdgeAttributedRequests,
        report.DistinctClients,
        report.UntrackedClients,
        report.UntrackedRequests,
        report.CdnRanges,
    }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    public BotBundle(string directory, IncidentScenario scenario)
    {
        Directory = directory;
        Scenario = scenario;
        Truth = IncidentGenerator.Write(directory, scenario);
        OriginFiles = System.IO.Directory.GetFiles(Path.Combine(directory, "httpd"), "access_log*").Order(StringComparer.Ordinal).ToArray();
        Full = SlowPath([directory]);
        OriginOnly = SlowPath(OriginFiles);
    }

    public string Directory { get; }
    public IncidentScenario Scenario { get; }
    public GroundTruth Truth { get; }
    public string[] OriginFiles { get; }

    /// <summary>The whole bundle read as Find-BotRequest -Path reads it.</summary>
    public Analysis Full { get; }

    /// <summary>Only httpd/access_log*.</summary>
    public Analysis OriginOnly { get; }

    public sealed record Analysis(BotReport Report, CollectingDiagnostics Diagnostics);

    /// <summary>
    /// The per-entry way (-AsRequest's): every web entry read and fed to one detector, CloudFront and origin logs
    /// merged by time when both are there.
    /// </summary>
    public static Analysis SlowPath(IReadOnlyList<string> paths, BotDetectorOptions? options = null)
    {
        var diagnostics = new CollectingDiagnostics();
        var report = BotScan.AnalyzeEntries(paths, options ?? new BotDetectorOptions(), diagnostics, new LogReadOptions { LocalZone = TimeZoneInfo.Utc });
        return new Analysis(report, diagnostics);
    }

    /// <summary>The cmdlet's way before the fast path: every entry read set after set, the access entries fed to one detector that decides twins at the end.</summary>
    public static Analysis ReaderPath(IReadOnlyList<string> paths)
    {
        var diagnostics = new CollectingDiagnostics();
        var entries = new LogReader(FormatRegistry.All).Read(paths, new LogReadOptions { LocalZone = TimeZoneInfo.Utc }, diagnostics).OfType<AccessLogEntry>();
        var report = BotDetector.Analyze(entries, new BotDetectorOptions(), diagnostics);
        return new Analysis(report, diagnostics);
    }

    /// <summary>The fast path.</summary>
    public static Analysis FastPath(IReadOnlyList<string> paths, int workers, BotDetectorOptions? options = null)
    {
        var diagnostics = new CollectingDiagnostics();
        var report = BotScan.AnalyzeFiles(paths, options ?? new BotDetectorOptions(), diagnostics, new LogReadOptions { LocalZone = TimeZoneInfo.Utc }, workers);
        return new Analysis(report, diagnostics);
    }
}
