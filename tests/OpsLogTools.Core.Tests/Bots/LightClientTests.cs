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
/// Light clients (a slot of a few dozen bytes while a client's requests are few and ordinary, promoted to a full state
/// when it does more) change nothing in the report: every input is analysed with them and with every client a full
/// state from its first request (the reference), and the reports must be the same, findings, counts and warnings.
/// Inputs: the benchmark's CloudFront generator in both shapes (a public site's viewer mix, mostly one-time viewers;
/// and returning clients), the incident generator's bundles (origin and CloudFront logs, IPv6, X-Forwarded-For, twins),
/// hand-built traffic that promotes clients in every way, and the real access logs of ../shared/realdata.
/// </summary>
public sealed class LightClientTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "opslogtools-light-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData(20_000, 18_000, 3, 11)]
    [InlineData(30_000, 6_000, 4, 2024)]
    [InlineData(25_000, 0, 2, 5)]
    public void CloudFront_sets_give_the_same_report(int lines, int viewers, int files, int seed)
    {
        var paths = LargeCloudFrontSet.Write(_root, lines, seed, files, viewers);
        var entries = Read(paths);
        var (light, reference) = Both(entries, null);
        Assert.Equal(BotBundle.Describe(reference), BotBundle.Describe(light));
        Assert.Equal(lines, light.CloudFrontLines);
        Assert.NotNull(light.Find("45.155.205.233"));
    }

    [Theory]
    [InlineData(20_000, 19_000, 3, 1)]
    [InlineData(20_000, 0, 2, 1)]
    [InlineData(20_000, 5_000, 4, 2)]
    public void The_fast_path_gives_the_same_report(int lines, int viewers, int files, int workers)
    {
        var paths = LargeCloudFrontSet.Write(_root, lines, 31 + workers, files, viewers);
        var light = BotBundle.FastPath(paths, workers);
        var reference = BotBundle.FastPath(paths, workers, Reference(new BotDetectorOptions()));
        Assert.Equal(BotBundle.Describe(reference.Report), BotBundle.Describe(light.Report));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Incident_bundles_give_the_same_report(int scenario)
    {
        string dir = Path.Combine(_root, "bundle");
        IncidentGenerator.Write(dir, BotBundles.Scenarios[scenario]);
        var entries = Read([dir]);
        var (light, reference) = Both(entries, null);
        Assert.Equal(BotBundle.Describe(reference), BotBundle.Describe(light));
        Assert.NotEmpty(light.Activities);
        var fast = BotBundle.FastPath([dir], 2);
        var fastReference = BotBundle.FastPath([dir], 2, Reference(new BotDetectorOptions()));
        Assert.Equal(BotBundle.Describe(fastReference.Report), BotBundle.Describe(fast.Report));
    }

    [Theory]
    [InlineData(40)]
    [InlineData(400)]
    public void The_client_limit_counts_light_clients_alike(int maxClients)
    {
        var paths = LargeCloudFrontSet.Write(_root, 12_000, 9, 2, 10_000);
        var entries = Read(paths);
        var (light, reference) = Both(entries, new BotDetectorOptions { MaxClients = maxClients });
        Assert.Equal(BotBundle.Describe(reference), BotBundle.Describe(light));
        Assert.True(light.UntrackedRequests > 0);
    }

    [Fact]
    public void Every_way_a_light_client_is_promoted_keeps_its_earlier_requests()
    {
        var t0 = new DateTimeOffset(2022, 7, 13, 21, 0, 0, TimeSpan.FromHours(9));
        const string Browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/103.0.0.0 Safari/537.36";
        var entries = new List<AccessLogEntry>();
        void Add(string ip, int second, string target, int status = 200, string agent = Browser, string method = "GET", DateTimeOffset? at = null) =>
            entries.Add(new AccessLogEntry
            {
                Timestamp = at ?? t0.AddSeconds(second),
                ClientIp = ip,
                Method = method,
                Target = target,
                Status = status,
                UserAgent = agent,
                Referer = second % 2 == 0 ? "https://www.example.com/" : "-",
                Format = LogFormat.ApacheCombined,
                Path = "access_log",
            });
        // Ordinary readers whose pages become "several" (and one path stays single-client).
        for (int i = 0; i < 30; i++) Add($"198.51.{100 + i % 3}.{10 + i}", i, i % 2 == 0 ? "/" : "/about.html");
        Add("203.0.113.250", 1, "/only-mine.html");
        // Light first, then a probe: a CmsProbe whose first requests were ordinary pages.
        Add("45.155.205.233", 40, "/");
        Add("45.155.205.233", 41, "/about.html", 304);
        for (int i = 0; i < 6; i++) Add("45.155.205.233", 60 + 60 * i, i % 2 == 0 ? "/wp-login.php" : "/xmlrpc.php", 404);
        // Light, then a scanner agent.
        Add("192.0.2.77", 50, "/");
        Add("192.0.2.77", 51, "/missing-1", 404);
        for (int i = 0; i < 20; i++) Add("192.0.2.77", 52 + i, "/x" + i, 404, "Mozilla/5.0 (compatible; Nmap Scripting Engine)");
        // Light past the slot's size: many 404s on guessed paths make a Scanner only after promotion.
        for (int i = 0; i < 40; i++) Add("100.64.7.9", 100 + i, "/guess-" + i, 404, "curl/7.88.1");
        for (int i = 0; i < 40; i++) Add("203.0.113.9", 100 + i, "/guess-" + i, 404);
        // IPv6: ordinary requests from one address of a /64, then other addresses of it, then secrets.
        Add("2001:db8:4:5::1", 200, "/");
        Add("2001:db8:4:5::1", 201, "/about.html");
        Add("2001:db8:4:5::2", 202, "/");
        foreach (var p in new[] { "/.env", "/.git/config", "/backup.sql" }) Add("2001:db8:4:5::3", 210, p, 404);
        // A stamp with fractions of a second, and one at an offset that is no quarter hour: full states from the start.
        Add("198.18.0.5", 0, "/", at: t0.AddMilliseconds(1500));
        for (int i = 0; i < 3; i++) Add("198.18.0.5", 0, "/.env", 404, at: t0.AddSeconds(i).ToOffset(TimeSpan.FromMinutes(20)));
        // Login POSTs after ordinary requests.
        Add("198.18.0.6", 300, "/wp-login.php");
        for (int i = 0; i < 12; i++) Add("198.18.0.6", 301 + i, "/wp-login.php", 200, Browser, "POST");
        // A crawler agent after a light start.
        Add("66.249.66.1", 400, "/robots.txt");
        for (int i = 0; i < 12; i++) Add("66.249.66.1", 401 + i, "/about.html", 200, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");

        var options = new BotDetectorOptions { IncludeBenign = true };
        var (light, reference) = Both(entries, options);
        Assert.Equal(BotBundle.Describe(reference), BotBundle.Describe(light));
        Assert.Equal(BotKind.CmsProbe, light.Find("45.155.205.233")!.Kind);
        Assert.Equal(8, light.Find("45.155.205.233")!.Requests);
        Assert.Equal(22, light.Find("192.0.2.77")!.Requests);
        Assert.Equal(BotKind.SensitiveFileScan, light.Find("2001:db8:4:5::/64")!.Kind);
        Assert.Equal(6, light.Find("2001:db8:4:5::/64")!.Requests);
    }

    [RealDataTheory]
    [InlineData("plaso/test_data/apache_access.log")]
    [InlineData("lnav/test/logfile_access_log.0")]
    [InlineData("crowdsec-hub/.tests/apache2-logs/apache2-logs.log")]
    [InlineData("crowdsec-hub/.tests/nginx_http-logs/nginx_http-logs.log")]
    [InlineData("crowdsec-hub/.tests/aws-cloudfront-logs/aws-cloudfront-logs.log")]
    public void Real_access_logs_give_the_same_report(string file)
    {
        var entries = Read([RealDataFolder.Combine(file.Split('/'))]);
        Assert.NotEmpty(entries);
        var (light, reference) = Both(entries, new BotDetectorOptions { IncludeBenign = true });
        Assert.Equal(BotBundle.Describe(reference), BotBundle.Describe(light));
    }

    // The same settings with every client a full state from its first request.
    private static BotDetectorOptions Reference(BotDetectorOptions options) => new()
    {
        IncludeBenign = options.IncludeBenign,
        MaxClients = options.MaxClients,
        LightClientRequests = 0,
    };

    private static List<AccessLogEntry> Read(IReadOnlyList<string> paths) =>
        new LogReader(FormatRegistry.All).Read(paths, new LogReadOptions { LocalZone = TimeZoneInfo.Utc }, NullDiagnostics.Instance).OfType<AccessLogEntry>().ToList();

    // Three detectors over the same requests: light clients fed entries, light clients fed the fast reader's lean facts
    // (a plain IPv4 connecting address as a number, CloudFront's without its text), and the reference fed entries. Their reports, and every client's
    // aggregate (light ones promoted at the end to be described), must be the same. The lean facts also carry path hashes
    // that are wrong, missing or right in turn: the path cache finds a path by its text, so the hash only moves its slot.
    private static (BotReport Light, BotReport Reference) Both(IReadOnlyList<AccessLogEntry> entries, BotDetectorOptions? options)
    {
        options ??= new BotDetectorOptions();
        var light = new BotDetector(options);
        var lean = new BotDetector(options);
        var reference = new BotDetector(Reference(options));
        int leanFacts = 0, n = 0;
        foreach (var e in entries)
        {
            var facts = RequestFacts.From(e);
            Assert.Equal(facts.Path.GetHashCode(), facts.PathHash);
            light.Add(facts);
            reference.Add(facts);
            facts = (n++ % 3) switch
            {
                0 => facts with { PathHash = (int)(n * 2654435761u) },
                1 => facts with { PathHash = 0 },
                _ => facts,
            };
            if (IpAddressText.TryParseCanonicalV4(facts.ConnectingIp.AsSpan(), out uint v4))
            {
                // CloudFront's c-ip as a number only; an origin line keeps its text beside the number.
                facts = facts with { ConnectingIp = facts.IsCloudFront ? null! : facts.ConnectingIp, ConnectingIpv4 = v4 };
                leanFacts++;
            }
            lean.Add(facts);
        }
        var (l, le, r) = (light.Finish(), lean.Finish(), reference.Finish());
        Assert.Equal(BotBundle.Describe(r), BotBundle.Describe(l));
        Assert.Equal(BotBundle.Describe(r), BotBundle.Describe(le));
        var clients = reference.DescribeClients();
        Assert.Equal(clients, light.DescribeClients());
        if (leanFacts > 0) Assert.Equal(clients, lean.DescribeClients());
        return (l, r);
    }
}
