using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Fuzz.Targets;

/// <summary>
/// Find-BotRequest's fast path over one file read whole and cut into chunks (<see cref="FileChunks"/>,
/// <see cref="ChunkReader"/>: issue 19's big files): the input's first byte picks a tiny chunk size (1 to 64 bytes), the
/// rest is the file (an access log or a CloudFront export; detected from content as always). Both reads must give the
/// same report and the same diagnostics, in the same order.
/// </summary>
internal static class ChunkedFileTarget
{
    private static string? _root;

    public static void Run(byte[] input)
    {
        if (input.Length < 2) return;
        string root = _root ??= Directory.CreateTempSubdirectory($"opslogtools-fuzz-chunks-{Environment.ProcessId}-").FullName;
        string path = Path.Combine(root, "access_log");
        File.WriteAllBytes(path, input[1..]);
        long chunk = 1 + input[0] % 64;
        var (wholeReport, wholeDiagnostics) = Scan(path, 0);
        var (cutReport, cutDiagnostics) = Scan(path, chunk);
        FuzzCheck.That(wholeReport == cutReport, $"the report differs with {chunk}-byte chunks");
        FuzzCheck.That(wholeDiagnostics.SequenceEqual(cutDiagnostics), $"the diagnostics differ with {chunk}-byte chunks");
    }

    private static (string Report, List<string> Diagnostics) Scan(string path, long chunkBytes)
    {
        var diagnostics = new Recorder();
        var read = new LogReadOptions { LocalZone = TimeZoneInfo.Utc, MaxLineLength = 256 };
        var sets = WebLogSets.Find([path], read, diagnostics, default);
        var report = BotScan.AnalyzeSets(sets, new BotDetectorOptions { IncludeBenign = true }, diagnostics, read, 2, 1, default, chunkBytes);
        string text = System.Text.Json.JsonSerializer.Serialize(new
        {
            report.Activities,
            report.Warnings,
            report.Requests,
            report.CloudFrontLines,
            report.OriginLines,
            report.DistinctClients,
        });
        return (text, diagnostics.Lines);
    }

    private sealed class Recorder : IReadDiagnostics
    {
        public List<string> Lines { get; } = [];

        public void Warning(string path, long lineNumber, string message) => Lines.Add($"W {lineNumber} {message}");

        public void Error(string path, string errorId, string message, Exception? exception = null) => Lines.Add($"E {errorId} {message}");

        public void Verbose(string message) => Lines.Add($"V {message}");
    }
}
