using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Sample;
using Xunit;

namespace OpsLogTools.Core.Tests.EndToEnd;

/// <summary>The benchmark's CloudFront set: the asked-for lines in hourly files, the same bytes for the same seed, its bots found.</summary>
public sealed class BotLargeSetTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "opslogtools-largecf-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData(31_000, 3, 5)]
    [InlineData(9_001, 2, 77)]
    public void Set_has_its_lines_and_its_planted_bots(int lines, int files, int seed)
    {
        var paths = LargeCloudFrontSet.Write(Path.Combine(_root, "a"), lines, seed, files);
        Assert.Equal(files, paths.Count);
        var again = LargeCloudFrontSet.Write(Path.Combine(_root, "b"), lines, seed, files);
        for (int i = 0; i < files; i++) Assert.Equal(File.ReadAllBytes(paths[i]), File.ReadAllBytes(again[i]));

        var diagnostics = new CollectingDiagnostics();
        var report = BotScan.AnalyzeFiles(paths, null, diagnostics);
        Assert.Empty(diagnostics.Warnings);
        Assert.Empty(diagnostics.Errors);
        Assert.Equal(lines, report.CloudFrontLines);
        var prober = report.Find("45.155.205.233");
        Assert.NotNull(prober);
        Assert.Equal(BotKind.CmsProbe, prober.Kind);
        Assert.Equal(60 * files, prober.Requests);
        Assert.Equal(files, report.Activities.Count(a => a.Kind == BotKind.SensitiveFileScan && a.Requests == 10));
        Assert.Contains(report.Activities, a => a.Kind == BotKind.Crawler && a.Intent == BotIntent.Benign);
        // Ordinary visitors are not flagged: only the planted ones are.
        Assert.All(report.Activities, a => Assert.True(a.ClientIp == "45.155.205.233" || a.ClientIp.StartsWith("193.106.191.", StringComparison.Ordinal)
            || a.ClientIp.StartsWith("66.249.66.", StringComparison.Ordinal), a.ToString()));
    }
}
