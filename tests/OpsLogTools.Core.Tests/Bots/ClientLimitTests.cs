using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reports;
using Xunit;

namespace OpsLogTools.Core.Tests.Bots;

/// <summary>
/// What the bot engine keeps per client is bounded (issue 12: 2 M IPv6 addresses inside one /64, free for an attacker,
/// cost Find-BotRequest 1.6 GB and Export-OpsReport 2.8 GB). Counted, not timed: the clients kept
/// (<see cref="BotReport.DistinctClients"/>), the addresses a client keeps, the clients the report's charts track.
/// </summary>
public class ClientLimitTests
{
    private static readonly string[] Pages = ["/", "/about.html", "/blog/", "/contact.html"];
    private static readonly string[] WordPressPaths = ["/wp-login.php", "/wp-admin/", "/xmlrpc.php", "/wp-includes/wlwmanifest.xml"];
    private const string Firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:102.0) Gecko/20100101 Firefox/102.0";
    private static readonly DateTimeOffset Start = new(2022, 7, 19, 1, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// 40 readers, and a WordPress prober once a minute that takes a new address of its /64 for every request (what
    /// RFC 8981 temporary addresses, or an attacker, do). Returns the prober's network and its addresses.
    /// </summary>
    private static (TrafficBuilder Traffic, List<string> Addresses) RotatingProber(int seed, int requests)
    {
        var t = new TrafficBuilder(seed);
        t.Readers(40, Start, Pages);
        var addresses = new List<string>();
        for (int i = 0; i < requests; i++)
        {
            // 2a01:4f8:10:20::/64, a public network outside CloudFront's ranges; each request its own interface identifier.
            string address = $"2a01:4f8:10:20:{t.Rng.Next(1, 0xffff):x}:{t.Rng.Next(0, 0xffff):x}:{t.Rng.Next(0, 0xffff):x}:{i + 1:x}";
            addresses.Add(address);
            t.Request(address, Start.AddSeconds(60 * i + t.Rng.Next(0, 5)), "GET", WordPressPaths[i % WordPressPaths.Length], 404, Firefox);
        }
        return (t, addresses);
    }

    [Theory]
    [InlineData(3, 600)]
    [InlineData(4, 3_000)]
    public void Addresses_rotating_in_one_64_are_one_client(int seed, int requests)
    {
        // Before: every address was a client of its own (600 or 3,000 clients kept besides the readers, none with more
        // than one request, so no prober found). Now the /64 is the client, with its exact request count.
        var (t, addresses) = RotatingProber(seed, requests);
        var report = BotDetector.Analyze(t.Both());

        var found = Assert.Single(report.Activities, a => a.Kind != BotKind.Crawler);
        Assert.Equal("2a01:4f8:10:20::/64", found.ClientIp);
        Assert.Equal(BotKind.CmsProbe, found.Kind);
        Assert.Equal(requests, found.Requests);
        Assert.Equal(Math.Min(requests, ClientState.MaxAddresses), found.AddressesSeen);
        Assert.Equal(requests > ClientState.MaxAddresses, found.AddressesSeenCapped);
        Assert.Equal(addresses.Take(5), found.SampleAddresses);
        Assert.Contains(found.Evidence, e => e.StartsWith("2a01:4f8:10:20::/64: ", StringComparison.Ordinal) && e.Contains("addresses of one IPv6 /64 network", StringComparison.Ordinal));
        // Clients kept: the readers (one each: their random addresses lie in different /64s) and the prober.
        int readers = t.Truth.Keys.Count(k => !addresses.Contains(k));
        Assert.Equal(readers + 1, report.DistinctClients);
        Assert.Equal(t.Truth.Values.Sum(), report.Requests);

        // Any of its addresses finds the finding, and -AsRequest yields every one of its requests.
        Assert.Same(found, report.Find(addresses[^1]));
        var selected = BotDetector.SelectRequests(() => t.Both()).Where(e => e.ClientIp.StartsWith("2a01:4f8:10:20:", StringComparison.Ordinal)).ToList();
        Assert.Equal(requests, selected.Count);
    }

    [Fact]
    public void A_single_address_of_a_64_is_reported_as_the_address()
    {
        // One IPv6 prober that keeps its address: reported as before, by its address, with no network evidence.
        var t = new TrafficBuilder(5);
        t.Readers(20, Start, Pages);
        string prober = "2a01:4f8:10:20::beef";
        for (int i = 0; i < 100; i++) t.Request(prober, Start.AddSeconds(60 * i), "GET", WordPressPaths[i % WordPressPaths.Length], 404, Firefox);
        var report = BotDetector.Analyze(t.Both());

        var found = Assert.Single(report.Activities, a => a.Kind != BotKind.Crawler);
        Assert.Equal(prober, found.ClientIp);
        Assert.Equal(1, found.AddressesSeen);
        Assert.Empty(found.SampleAddresses);
        Assert.DoesNotContain(found.Evidence, e => e.Contains("/64", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("::ffff:198.51.100.7")]
    [InlineData("64:ff9b::c633:6407")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    public void Addresses_that_carry_an_ipv4_address_are_not_grouped(string address)
    {
        // IPv4-mapped, NAT64 (RFC 6052) and Teredo (RFC 4380, the example of its section 4): their /64 is shared by
        // unrelated hosts, so each stays an address.
        Assert.False(ClientKey.TryNetwork(address, out _, out _));
        Assert.True(ClientKey.TryNetwork("2a01:4f8:10:20::1", out ulong network, out ulong iid));
        Assert.Equal("2a01:4f8:10:20::/64", ClientKey.NetworkText(network));
        Assert.Equal(1UL, iid);
        Assert.False(ClientKey.TryNetwork("198.51.100.7", out _, out _));
    }

    [Fact]
    public void Past_the_limit_new_clients_are_counted_not_kept()
    {
        // 1,000 distinct IPv4 clients of three requests each with room for 100: 100 kept and classified, the other 900
        // counted (requests exactly, clients estimated), with a warning. Before: all 1,000 kept, whatever their number.
        var t = new TrafficBuilder(6);
        var clients = Enumerable.Range(0, 1_000).Select(i => $"198.18.{i / 250}.{i % 250 + 1}").ToList();
        foreach (var (c, i) in clients.Select((c, i) => (c, i)))
        {
            for (int r = 0; r < 3; r++) t.Request(c, Start.AddSeconds(i * 3 + r), "GET", Pages[r], 200, TrafficBuilder.Browser);
        }
        var diagnostics = new CollectingDiagnostics();
        var report = BotDetector.Analyze(t.CloudFront, new BotDetectorOptions { MaxClients = 100 }, diagnostics);

        Assert.Equal(100, report.DistinctClients);
        Assert.Equal(3_000, report.Requests);
        Assert.Equal(2_700, report.UntrackedRequests);
        Assert.InRange(report.UntrackedClients, 850, 950);
        var warning = Assert.Single(report.Warnings);
        Assert.Contains("More than 100 distinct clients", warning, StringComparison.Ordinal);
        Assert.Contains(diagnostics.Warnings, w => w.Message == warning);
    }

    [Fact]
    public void A_prober_kept_before_the_limit_keeps_its_exact_count()
    {
        // The clients kept go on being counted after the table is full; only clients first seen later are not.
        var (t, _) = RotatingProber(7, 300);
        for (int i = 0; i < 500; i++) t.Request($"198.18.9.{i % 250 + 1}", Start.AddHours(6).AddSeconds(i), "GET", "/", 200, TrafficBuilder.Browser);
        var report = BotDetector.Analyze(t.Both(), new BotDetectorOptions { MaxClients = 50 });

        var found = Assert.Single(report.Activities, a => a.ClientIp == "2a01:4f8:10:20::/64");
        Assert.Equal(300, found.Requests);
        Assert.Equal(50, report.DistinctClients);
        Assert.True(report.UntrackedRequests > 0);
    }

    [Fact]
    public void The_report_tracks_a_64_as_one_client_and_no_more_clients_than_the_detector()
    {
        // Export-OpsReport's per-minute series: before, one track per address (3,000 for the prober alone, and one for
        // each of 100 more clients past the detector's limit). Now the /64 is one track, and the tracks stop at the limit.
        var (t, _) = RotatingProber(8, 3_000);
        for (int i = 0; i < 100; i++) t.Request($"198.18.7.{i + 1}", Start.AddHours(8).AddSeconds(i), "GET", "/", 200, TrafficBuilder.Browser);
        var builder = new OpsReportBuilder(new OpsReportOptions { BotOptions = new BotDetectorOptions { MaxClients = 45 } });
        builder.Analyze(t.Both());
        var report = builder.Build();

        Assert.Equal(45, builder.TrackedClients);
        var bot = Assert.Single(report.Bots, b => b.Activity.ClientIp == "2a01:4f8:10:20::/64");
        Assert.Equal(3_000, bot.Minutes.Sum(m => m.Requests));
    }
}
