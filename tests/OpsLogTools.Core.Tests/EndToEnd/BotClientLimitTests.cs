using System.Globalization;
using System.Text;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Model;
using Xunit;

namespace OpsLogTools.Core.Tests.EndToEnd;

/// <summary>
/// The fast path over files and the per-entry path agree when clients rotate addresses in one /64 and when the client
/// table is full (the same clients kept, the same counts of those that were not, the same warning).
/// </summary>
public sealed class BotClientLimitTests(BotBundles bundles) : IClassFixture<BotBundles>
{
    [Theory]
    [InlineData(0, 20)]
    [InlineData(1, 20)]
    [InlineData(1, 200)]
    public void Both_paths_keep_the_same_clients_when_the_table_is_full(int index, int maxClients)
    {
        // Generated bundles with CloudFront and origin logs: the CloudFront viewers' caches and the origin's twins both
        // meet clients the table cannot keep.
        var bundle = bundles[index];
        var options = new BotDetectorOptions { MaxClients = maxClients };
        var slow = BotBundle.SlowPath([bundle.Directory], options);
        var fast = BotBundle.FastPath([bundle.Directory], 2, options);

        Assert.Equal(BotBundle.Describe(slow.Report), BotBundle.Describe(fast.Report));
        Assert.Equal(maxClients, fast.Report.DistinctClients);
        Assert.True(fast.Report.UntrackedRequests > 0);
        Assert.Contains(fast.Report.Warnings, w => w.StartsWith($"More than {maxClients} distinct clients", StringComparison.Ordinal));
    }

    [Fact]
    public void Both_paths_see_a_rotating_64_as_one_client_in_an_access_log()
    {
        // An Apache combined log (LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\""): 30 readers
        // with addresses of their own, and a WordPress prober once a minute with a new address of 2a01:4f8:10:20::/64 each time.
        string dir = Path.Combine(Path.GetTempPath(), "opslogtools-rotating-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(dir);
            var rng = new Random(12);
            var start = new DateTimeOffset(2022, 7, 19, 1, 0, 0, TimeSpan.Zero);
            var lines = new List<(DateTimeOffset Time, string Line)>();
            string Line(string ip, DateTimeOffset t, string path, int status) =>
                $"{ip} - - [{t.ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture)} +0000] \"GET {path} HTTP/1.1\" {status} 512 \"-\" \"Mozilla/5.0 (X11; Linux x86_64; rv:102.0) Gecko/20100101 Firefox/102.0\"";
            for (int r = 0; r < 30; r++)
            {
                string ip = $"203.0.{113 + r / 200}.{r % 200 + 1}";
                var t = start.AddMinutes(rng.Next(0, 600));
                foreach (var page in new[] { "/", "/about.html", "/css/site.css" }) lines.Add((t = t.AddSeconds(rng.Next(1, 30)), Line(ip, t, page, 200)));
            }
            const int Probes = 700;
            for (int i = 0; i < Probes; i++)
            {
                var t = start.AddSeconds(60 * i + rng.Next(0, 5));
                lines.Add((t, Line($"2a01:4f8:10:20:{rng.Next(1, 0xffff):x}:{rng.Next(0, 0xffff):x}:{rng.Next(0, 0xffff):x}:{i + 1:x}", t, i % 2 == 0 ? "/wp-login.php" : "/xmlrpc.php", 404)));
            }
            File.WriteAllText(Path.Combine(dir, "access_log"), string.Join('\n', lines.OrderBy(l => l.Time).Select(l => l.Line)) + "\n", new UTF8Encoding(false));

            var slow = BotBundle.SlowPath([dir]);
            var fast = BotBundle.FastPath([dir], 2);

            Assert.Equal(BotBundle.Describe(slow.Report), BotBundle.Describe(fast.Report));
            var found = Assert.Single(fast.Report.Activities);
            Assert.Equal("2a01:4f8:10:20::/64", found.ClientIp);
            Assert.Equal(BotKind.CmsProbe, found.Kind);
            Assert.Equal(Probes, found.Requests);
            Assert.Equal(Probes, found.AddressesSeen);
            Assert.Equal(31, fast.Report.DistinctClients);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
