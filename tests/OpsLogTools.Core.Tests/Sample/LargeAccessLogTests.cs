using Xunit;
using OpsLogTools.Core.Sample;

namespace OpsLogTools.Core.Tests.Sample;

/// <summary>The benchmark log is combined format with the promised variety (speed is measured by the benchmark, not here).</summary>
public sealed class LargeAccessLogTests : IDisposable
{
    private readonly TempBundles _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(1, 20_000)]
    [InlineData(2, 777)]
    public void Writes_exactly_the_lines_asked_in_combined_format(int seed, long count)
    {
        string path = Path.Combine(_temp.NewDirectory("big" + seed), "access_log");
        IncidentGenerator.WriteLargeAccessLog(path, count, seed);
        var lines = BundleText.Lines(Path.GetDirectoryName(path)!, "access_log");
        Assert.Equal(count, lines.Count);
        Assert.Equal((byte)'\n', File.ReadAllBytes(path)[^1]);
        var parsed = lines.Select(BundleText.Access).ToList();
        Assert.All(parsed, p => Assert.InRange(p.Status, 200, 599));
        Assert.True(parsed.Zip(parsed.Skip(1)).All(p => p.First.Time <= p.Second.Time), "stamps never go back");
        if (count >= 10_000)
        {
            Assert.Contains(parsed, p => p.Client.Contains(':'));
            Assert.Contains(lines, l => l.Contains("\\\"", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("\\x16\\x03", StringComparison.Ordinal));
            Assert.True(parsed.Select(p => p.Status).Distinct().Count() >= 8);
            Assert.InRange(new FileInfo(path).Length / (double)count, 120, 320);
        }
    }

    [Fact]
    public void Same_seed_same_file()
    {
        string dir = _temp.NewDirectory("same");
        IncidentGenerator.WriteLargeAccessLog(Path.Combine(dir, "a"), 5000, 3);
        IncidentGenerator.WriteLargeAccessLog(Path.Combine(dir, "b"), 5000, 3);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "a")), File.ReadAllBytes(Path.Combine(dir, "b")));
    }
}
