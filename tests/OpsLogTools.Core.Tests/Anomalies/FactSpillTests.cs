using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Tests.Sample;
using Xunit;

namespace OpsLogTools.Core.Tests.Anomalies;

/// <summary>
/// Issue 19: past its budget the anomaly scan writes packed chunks to a temporary file (<see cref="FactSpill"/>). The
/// file is made only in the temp folder given (never next to the inputs), is gone from the folder while the scan runs
/// (unlinked on Unix), the scan cannot be used once disposed, and a folder it cannot write stops the scan with a clear
/// error naming the folder, not with a wrong finding. Values read back through a cache of any size are those written.
/// Lines are made here from seeds.
/// </summary>
public sealed class FactSpillTests : IDisposable
{
    private readonly TempBundles _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(7, 1L)]
    [InlineData(8, 100_000L)]
    [InlineData(9, 1L << 30)]
    public void Values_read_back_through_any_cache_are_those_written(int seed, long cacheBytes)
    {
        var rng = new Random(seed);
        using var spill = new FactSpill(_temp.NewDirectory($"parts-{seed}"), cacheBytes);
        var parts = new List<(SpillPart<int> Part, int[] Copy)>();
        for (int n = 0; n < 40; n++)
        {
            var values = Enumerable.Range(0, rng.Next(1, 20_000)).Select(_ => rng.Next()).ToArray();
            var part = new SpillPart<int>((int[])values.Clone());
            Assert.Equal(values.Length * 4L, part.Spill(spill));
            parts.Add((part, values));
        }
        // Read in a random order, many times: each read may drop another part's copy (and reuse its pooled array).
        for (int round = 0; round < 400; round++)
        {
            var (part, copy) = parts[rng.Next(parts.Count)];
            int k = rng.Next(copy.Length);
            Assert.Equal(copy[k], part.Array[k]);
        }
        Assert.True(spill.Reads >= parts.Count / 2, $"{spill.Reads} reads");
    }

    [Fact]
    public void The_spill_file_is_made_in_the_temp_folder_and_never_stays_there()
    {
        string inputs = _temp.NewDirectory("inputs");
        string folder = _temp.NewDirectory("spill");
        var scan = new AnomalyScan(new AnomalyOptions { FactBudgetBytes = 0, WeighEveryLines = 100, SpillFolder = folder });
        var t = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
        for (int n = 1; n <= 50_000; n++)
        {
            scan.Add(new AccessLogEntry
            {
                Path = Path.Combine(inputs, "access_log"), LineNumber = n, Format = LogFormat.ApacheCombined, Timestamp = t.AddSeconds(n),
                Message = "GET / HTTP/1.1", Status = 200, Method = "GET", Target = "/", ClientIp = "192.0.2.9",
            });
        }
        Assert.True(scan.SpilledBytes > 0, "nothing was spilled");
        Assert.Empty(Directory.EnumerateFileSystemEntries(inputs));
        if (!OperatingSystem.IsWindows()) Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        scan.Detect();
        scan.Dispose();
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        Assert.Throws<ObjectDisposedException>(() => scan.Detect());
    }

    [Fact]
    public void A_folder_that_cannot_take_the_file_stops_the_scan_with_an_error_naming_it()
    {
        string missing = Path.Combine(_temp.NewDirectory("gone"), "not-there");
        using var scan = new AnomalyScan(new AnomalyOptions { FactBudgetBytes = 0, WeighEveryLines = 10, SpillFolder = missing });
        var t = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var error = Assert.Throws<FactSpillException>(() =>
        {
            for (int n = 1; n <= 40_000; n++)
            {
                scan.Add(new AccessLogEntry
                {
                    Path = "/var/log/httpd/access_log", LineNumber = n, Format = LogFormat.ApacheCombined, Timestamp = t.AddSeconds(n),
                    Message = "GET / HTTP/1.1", Status = 200, Method = "GET", Target = "/", ClientIp = "192.0.2.9",
                });
            }
        });
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void Facts_the_file_never_held_are_an_error_not_zeros()
    {
        using var spill = new FactSpill(_temp.NewDirectory("short"), 1 << 20);
        spill.Write(new byte[100]);
        Assert.Throws<FactSpillException>(() => spill.Read(50, new byte[100]));
    }
}
