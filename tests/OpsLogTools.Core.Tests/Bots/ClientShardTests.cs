using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Sample;
using OpsLogTools.Core.Tests.EndToEnd;
using OpsLogTools.Core.Tests.RealData;
using Xunit;

namespace OpsLogTools.Core.Tests.Bots;

/// <summary>
/// Client shards (issue 19: the detector's clients shared out by a hash of their address over several
/// <see cref="ClientShard"/>s that count on the thread pool) change nothing in the report: the same requests are fed to
/// detectors of 1, 2 and 4 shards, and the reports and every client's aggregate must be the same. Inputs: the
/// benchmark's CloudFront generator (<see cref="LargeCloudFrontSet"/>: one-time viewers, returning ones, a mix, IPv6
/// viewers among them), the incident generator's bundles (<see cref="BotBundles.Scenarios"/>: origin and CloudFront logs
/// merged by time, X-Forwarded-For, twins, probes and scanners), hand-built traffic that makes the site's shared
/// knowledge depend on which client came first, and the real access logs of ../shared/realdata.
/// </summary>
public sealed class ClientShardTests : IDisposable
{
    private static readonly int[] ShardCounts = [1, 2, 4];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "opslogtools-shards-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData(20_000, 18_000, 3, 7)]
    [InlineData(30_000, 5_000, 4, 2025)]
    [InlineData(20_000, 0, 2, 13)]
    public void CloudFront_sets_give_the_same_report_in_any_number_of_shards(int lines, int viewers, int files, int seed)
    {
        var paths = LargeCloudFrontSet.Write(_root, lines, seed, files, viewers);
        var reports = Compare(Read(paths), null);
        Assert.Equal(lines, reports[0].CloudFrontLines);
        Assert.NotNull(reports[0].Find("45.155.205.233"));
        FastPathsAgree(paths, null);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Incident_bundles_give_the_same_report_in_any_number_of_shards(int scenario)
    {
        string dir = Path.Combine(_root, "bundle");
        IncidentGenerator.Write(dir, BotBundles.Scenarios[scenario]);
        var reports = Compare(Read([dir]), new BotDetectorOptions { IncludeBenign = true });
        Assert.NotEmpty(reports[0].Activities);
        var fast = FastPathsAgree([dir], null);
        Assert.NotEmpty(fast.Activities);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void What_the_site_learns_first_is_the_same_across_shards(int seed)
    {
        // Hand-built, so that the site's knowledge depends on which client came first (each shard sees only its own):
        // five front page sizes (the first four are catch-all sizes, the fifth is not); four scanners that ask for
        // /archive-2025.tar.gz before four ordinary visitors do (only the first four clients of a probe-like path are kept,
        // and "several ordinary visitors asked" must not count the later ones); /data-1.sql answered first with a
        // catch-all size, then with 7777 bytes (the first answer is its size, so 7777, which /data-3.sql got, is no
        // catch-all size); /data-2.sql answered with the fifth front page size.
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 3, 1 + seed, 10, 0, 0, TimeSpan.FromHours(seed - 1));
        var entries = new List<AccessLogEntry>();
        int second = 0;
        void Add(string ip, string target, int status, long bytes = 512, string? referer = null, string agent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0") =>
            entries.Add(new AccessLogEntry
            {
                Timestamp = start.AddSeconds(second++),
                ClientIp = ip,
                Method = "GET",
                Target = target,
                Status = status,
                Bytes = bytes,
                UserAgent = agent,
                Referer = referer,
                Format = LogFormat.ApacheCombined,
            });
        string Visitor(int v) => $"198.51.{random.Next(1, 250)}.{v}";
        for (int v = 1; v <= 5; v++) Add(Visitor(v), "/", 200, 1000 + v);
        var scanners = Enumerable.Range(1, 4).Select(x => $"45.{random.Next(1, 250)}.205.{x}").ToList();
        foreach (var s in scanners)
        {
            for (int p = 0; p < 6; p++) Add(s, $"/.env.{p}", 404, 0, agent: "curl/8.5.0");
            Add(s, "/archive-2025.tar.gz", 404, 0, agent: "curl/8.5.0");
        }
        var visitors = Enumerable.Range(20, 4).Select(Visitor).ToList();
        foreach (var v in visitors)
        {
            Add(v, "/", 200, 1001);
            Add(v, "/style.css", 200, 300, "https://www.example.org/");
            Add(v, "/archive-2025.tar.gz", 404, 0);
            Add(v, "/about", 200);
        }
        Add(scanners[0], "/data-1.sql", 200, 1001, agent: "curl/8.5.0");
        Add(scanners[1], "/data-1.sql", 200, 7777, agent: "curl/8.5.0");
        Add(scanners[2], "/data-2.sql", 200, 1005, agent: "curl/8.5.0");
        Add(scanners[3], "/data-3.sql", 200, 7777, agent: "curl/8.5.0");
        Add("2001:db8:5:6::1", "/only-me", 200);
        Add("2001:db8:5:6::2", "/only-me", 200);
        var reports = Compare(entries, new BotDetectorOptions { IncludeBenign = true });
        Assert.NotEmpty(reports[0].Activities);
    }

    [Theory]
    [InlineData(40, 1 << 16)]
    [InlineData(400, 16)]
    [InlineData(5_000, 64)]
    public void The_client_limit_keeps_out_the_same_clients_in_any_number_of_shards(int maxClients, int minParallelRoom)
    {
        // Shards count in parallel only while they cannot reach the limit between two looks at it; close to it, the
        // calling thread counts for all of them, so the clients kept out are the same. A small MinParallelRoom makes
        // the detector look several times (and go on in parallel) before it stops.
        var paths = LargeCloudFrontSet.Write(_root, 12_000, 9, 2, 10_000);
        var entries = Read(paths);
        var reports = Compare(entries, new BotDetectorOptions { MaxClients = maxClients }, minParallelRoom);
        Assert.Equal(maxClients, reports[0].DistinctClients);
        Assert.True(reports[0].UntrackedRequests > 0);
        Assert.Contains(reports[0].Warnings, w => w.StartsWith($"More than {maxClients:N0} distinct clients", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("2001:db8:5:6::1")]
    [InlineData("2001:DB8:5:6:0:0:0:2")]
    [InlineData("::ffff:198.51.100.4")]
    [InlineData("64:ff9b::c633:6404")]
    [InlineData("fe80::1")]
    [InlineData("010.010.010.010")]
    [InlineData("205.251.0.0/16")]
    [InlineData("not-an-address")]
    [InlineData("-")]
    public void A_viewer_goes_to_the_shard_of_its_resolved_client(string connecting)
    {
        // The detector routes a CloudFront viewer by parsing its c-ip once; every other request by the client's text
        // as the resolver writes it. Both must name the same shard, or one client would be split.
        var resolver = new ClientResolver(new BotDetectorOptions().CdnRanges);
        string client = resolver.Resolve(connecting, null, isCloudFront: true).ClientIp;
        for (int shards = 1; shards <= 7; shards++)
        {
            int route = ShardRoute.OfViewer(connecting, shards);
            Assert.Equal(ShardRoute.Of(client, shards), route);
            Assert.InRange(route, 0, shards - 1);
        }
    }

    [RealDataTheory]
    [InlineData("plaso/test_data/apache_access.log")]
    [InlineData("crowdsec-hub/.tests/nginx_http-logs/nginx_http-logs.log")]
    [InlineData("crowdsec-hub/.tests/aws-cloudfront-logs/aws-cloudfront-logs.log")]
    public void Real_access_logs_give_the_same_report_in_any_number_of_shards(string file)
    {
        var entries = Read([RealDataFolder.Combine(file.Split('/'))]);
        Assert.NotEmpty(entries);
        Compare(entries, new BotDetectorOptions { IncludeBenign = true });
    }

    private static List<AccessLogEntry> Read(IReadOnlyList<string> paths) =>
        new LogReader(FormatRegistry.All).Read(paths, new LogReadOptions { LocalZone = TimeZoneInfo.Utc }, NullDiagnostics.Instance).OfType<AccessLogEntry>().ToList();

    // The entries fed to a detector of each shard count, as entries and as the fast reader's lean facts (a plain IPv4
    // connecting address as a number, CloudFront's without its text): reports and clients must match one shard's.
    private static List<BotReport> Compare(IReadOnlyList<AccessLogEntry> entries, BotDetectorOptions? options, int minParallelRoom = 1 << 16)
    {
        options ??= new BotDetectorOptions();
        var reports = new List<BotReport>();
        string? report1 = null;
        IReadOnlyList<string>? clients1 = null;
        foreach (int shards in ShardCounts)
        {
            var plain = new BotDetector(options) { Shards = shards, MinParallelRoom = minParallelRoom };
            var lean = new BotDetector(options) { Shards = shards, MinParallelRoom = minParallelRoom };
            foreach (var e in entries)
            {
                var facts = RequestFacts.From(e);
                plain.Add(facts);
                if (IpAddressText.TryParseCanonicalV4(facts.ConnectingIp.AsSpan(), out uint v4))
                    facts = facts with { ConnectingIp = facts.IsCloudFront ? null! : facts.ConnectingIp, ConnectingIpv4 = v4 };
                lean.Add(facts);
            }
            var (p, l) = (plain.Finish(), lean.Finish());
            report1 ??= BotBundle.Describe(p);
            clients1 ??= plain.DescribeClients();
            Assert.Equal(report1, BotBundle.Describe(p));
            Assert.Equal(report1, BotBundle.Describe(l));
            Assert.Equal(clients1, plain.DescribeClients());
            Assert.Equal(clients1, lean.DescribeClients());
            reports.Add(p);
        }
        Assert.NotEmpty(clients1!);
        return reports;
    }

    // Find-BotRequest's fast path (files parsed on two workers, merged by time when both kinds are there) with 1, 2
    // and 4 shards: the same report.
    private static BotReport FastPathsAgree(IReadOnlyList<string> paths, BotDetectorOptions? options)
    {
        var read = new LogReadOptions { LocalZone = TimeZoneInfo.Utc };
        var sets = WebLogSets.Find(paths, read, NullDiagnostics.Instance, default);
        var reports = ShardCounts.Select(n => BotScan.AnalyzeSets(sets, options, new CollectingDiagnostics(), read, 2, n, default)).ToList();
        foreach (var r in reports.Skip(1)) Assert.Equal(BotBundle.Describe(reports[0]), BotBundle.Describe(r));
        return reports[0];
    }
}
