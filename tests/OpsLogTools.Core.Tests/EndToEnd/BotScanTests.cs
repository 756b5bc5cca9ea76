using System.IO.Compression;
using System.Text;
using System.Text.Json;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Sample;
using Xunit;

namespace OpsLogTools.Core.Tests.EndToEnd;

/// <summary>
/// The fast path (<see cref="BotScan"/>: parallel files, bytes straight into request facts) gives exactly the report of
/// the slow path (entries into BotDetector, merged by time as the fast path merges facts), and the same warnings and
/// errors for the web logs (in the same order within each file: files read side by side interleave), also on
/// damaged input and with any number of workers.
/// </summary>
public sealed class BotScanTests(BotBundles bundles) : IClassFixture<BotBundles>
{
    public static TheoryData<int, int> BundlesAndWorkers => new()
    {
        { 0, 2 },
        { 1, 1 },
        { 1, 3 },
        { 2, 2 },
    };

    [Theory]
    [MemberData(nameof(BundlesAndWorkers))]
    public void Fast_path_reports_exactly_what_the_slow_path_reports(int index, int workers)
    {
        var bundle = bundles[index];
        var fast = BotBundle.FastPath([bundle.Directory], workers);
        AssertSame(bundle.Full, fast, IsWebLog);

        var fastOrigin = BotBundle.FastPath(bundle.OriginFiles, workers);
        AssertSame(bundle.OriginOnly, fastOrigin, IsWebLog);
        // Findings come out the same however many workers read the files.
        Assert.NotEmpty(fast.Report.Activities);
    }

    [Fact]
    public void Fast_path_reports_damage_as_the_reader_does()
    {
        var bundle = bundles[2];
        string dir = Path.Combine(Path.GetTempPath(), "opslogtools-botscan-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(dir);
            var cloudFront = Directory.GetFiles(Path.Combine(bundle.Directory, "cloudfront")).Order(StringComparer.Ordinal).ToArray();
            Assert.True(cloudFront.Length > 6);
            foreach (var f in cloudFront) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
            foreach (var f in bundle.OriginFiles) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));

            // A gzip file cut in the middle (the reader keeps what came before the cut and reports TruncatedGzip).
            string cut = Path.Combine(dir, Path.GetFileName(cloudFront[3]));
            var bytes = File.ReadAllBytes(cut);
            File.WriteAllBytes(cut, bytes[..(bytes.Length * 2 / 3)]);

            // A file with a short row, a row with a bad status, NUL bytes, and a good row after them.
            string damaged = Path.Combine(dir, Path.GetFileName(cloudFront[5]));
            var lines = Decompress(damaged).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
            Assert.True(lines.Count > 4);
            lines.Insert(3, "2022-07-19\t21:00:00\tNRT57-P2\t512");
            var fields = lines[4].Split('\t');
            fields[8] = "2x0";
            lines.Insert(4, string.Join('\t', fields));
            lines[^1] = "\0\0\0" + lines[^1];
            File.Delete(damaged);
            File.WriteAllText(Path.ChangeExtension(damaged, ".log"), string.Join('\n', lines) + "\n", new UTF8Encoding(false));

            var slow = BotBundle.SlowPath([dir]);
            var fast = BotBundle.FastPath([dir], 2);
            Assert.Contains(slow.Diagnostics.Errors, e => e.ErrorId == "TruncatedGzip");
            Assert.True(slow.Diagnostics.Warnings.Count >= 3);
            AssertSame(slow, fast, _ => true);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void AsRequest_over_files_yields_each_flagged_clients_requests_once(int index)
    {
        // CloudFront and origin logs together: both passes read them merged by time, and the second pass leaves out
        // exactly the origin lines the first pass matched to a CloudFront twin.
        var bundle = bundles[index];
        var diagnostics = new OpsLogTools.Core.Reading.CollectingDiagnostics();
        var read = new OpsLogTools.Core.Bundles.LogReadOptions { LocalZone = TimeZoneInfo.Utc };
        var selected = BotScan.SelectRequests([bundle.Directory], null, diagnostics, read, includeBenign: true).ToList();
        var report = bundle.Full.Report;
        Assert.NotEmpty(report.Activities);
        var byClient = new Dictionary<string, int>(StringComparer.Ordinal);
        var options = new BotDetectorOptions();
        var resolver = new ClientResolver(options.CdnRanges, options.TrustedProxies, options.TrustInternalProxies);
        foreach (var entry in selected)
        {
            string client = resolver.Resolve(entry.ClientIp, entry.ForwardedFor, entry.Format == OpsLogTools.Core.Model.LogFormat.CloudFront).ClientIp;
            byClient[client] = byClient.GetValueOrDefault(client) + 1;
        }
        Assert.Equal(report.Activities.ToDictionary(a => a.ClientIp, a => (int)a.Requests).OrderBy(p => p.Key, StringComparer.Ordinal),
            byClient.OrderBy(p => p.Key, StringComparer.Ordinal));
        foreach (var bot in bundle.Truth.Bots) Assert.Equal(bot.Requests, byClient.GetValueOrDefault(bot.Address));
    }

    [Fact]
    public void Cancellation_stops_the_fast_path()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            BotScan.AnalyzeFiles([bundles[0].Directory], null, new OpsLogTools.Core.Reading.CollectingDiagnostics(), null, 2, cts.Token));
    }

    private static bool IsWebLog(string path) =>
        path.Contains("cloudfront", StringComparison.Ordinal) || Path.GetFileName(path).StartsWith("access_log", StringComparison.Ordinal);

    private static void AssertSame(BotBundle.Analysis slow, BotBundle.Analysis fast, Func<string, bool> pathFilter)
    {
        Assert.Equal(BotBundle.Describe(slow.Report), BotBundle.Describe(fast.Report));
        Assert.Equal(ByFile(slow.Diagnostics.Errors.Where(e => pathFilter(e.Path)), e => e.Path), ByFile(fast.Diagnostics.Errors, e => e.Path));
        Assert.Equal(ByFile(slow.Diagnostics.Warnings.Where(w => w.Path.Length == 0 || pathFilter(w.Path)), w => w.Path), ByFile(fast.Diagnostics.Warnings, w => w.Path));
    }

    // Each file's diagnostics in their order, files by name.
    private static string[] ByFile<T>(IEnumerable<T> items, Func<T, string> path)
    {
        return items.Select((item, i) => (item, i)).OrderBy(x => path(x.item), StringComparer.Ordinal).ThenBy(x => x.i)
            .Select(x => x.item!.ToString()!).ToArray();
    }

    private static string Decompress(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
