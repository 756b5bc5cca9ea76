using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Model;
using Xunit;

namespace OpsLogTools.Core.Tests.Bots;

/// <summary>
/// The rules behind "a file the site serves is no probe" and "forged only on evidence", one at a time, on small
/// hand-made origin logs (Apache combined fields as Get-LogEntry gives them; sizes are body bytes, 196 for Apache's
/// stock 404 page, as in httpd's default error documents).
/// </summary>
public class SiteContentTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 14, 8, 0, 0, TimeSpan.FromHours(2));
    private const string Browser = TrafficBuilder.Browser;
    private const string Googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    private const string Site = "https://www.example.org";
    private const long FrontPage = 8_264;

    private static AccessLogEntry E(string ip, double minutes, string method, string path, int status, long? bytes, string? agent, string? referer = null) => new()
    {
        Format = LogFormat.ApacheCombined,
        Timestamp = T0.AddMinutes(minutes),
        ClientIp = ip,
        Method = method,
        Target = path,
        Status = status,
        Bytes = bytes,
        UserAgent = agent,
        Referer = referer,
    };

    // Twenty readers on the front page and a post, each page with its stylesheet and logo (Referer: the page).
    private static List<AccessLogEntry> Readers()
    {
        var list = new List<AccessLogEntry>();
        for (int i = 0; i < 20; i++)
        {
            string ip = $"81.{20 + i}.7.{10 + i}";
            list.Add(E(ip, i * 7, "GET", "/", 200, FrontPage, Browser, "https://www.google.com/"));
            list.Add(E(ip, i * 7 + 0.01, "GET", "/css/site.css", 200, 9_120, Browser, Site + "/"));
            list.Add(E(ip, i * 7 + 0.02, "GET", "/img/logo.png", 200, 14_002, Browser, Site + "/"));
            list.Add(E(ip, i * 7 + 1, "GET", "/blog/2024/05/release.html", 200, 12_551, Browser, Site + "/"));
        }
        return list;
    }

    [Fact]
    public void A_tarball_one_visitor_downloads_is_the_sites_content()
    {
        // The case: one visitor, the only one to fetch this release, answered 200 with the file's size.
        var log = Readers();
        log.Add(E("93.184.216.40", 30, "GET", "/files/proxy/proxy-2.1.tar.gz", 200, 1_251_002, Browser, "https://github.com/example/proxy/releases"));
        var report = BotDetector.Analyze(log);
        Assert.Empty(report.Activities);
    }

    [Fact]
    public void One_guessed_archive_name_is_not_a_scan()
    {
        var log = Readers();
        log.Add(E("93.184.216.41", 30, "GET", "/files/proxy-1.0.tar.gz", 404, 196, Browser, "https://forum.example.net/t/1234"));
        var report = BotDetector.Analyze(log);
        Assert.Empty(report.Activities);
    }

    [Fact]
    public void Guessed_archive_names_are_a_scan_even_with_the_sites_address_as_referer()
    {
        // A scanner that sends the site's own address as its Referer is no visitor following a link: its guesses 404.
        var log = Readers();
        string[] guesses = ["/example.org.tar.gz", "/example.org.zip", "/example.tar.gz", "/public.tgz", "/files.rar"];
        for (int i = 0; i < guesses.Length; i++) log.Add(E("45.9.20.77", 60 + i * 0.1, "GET", guesses[i], 404, 196, Browser, Site + "/"));
        var found = Assert.Single(BotDetector.Analyze(log).Activities);
        Assert.Equal(("45.9.20.77", BotKind.SensitiveFileScan, BotIntent.Malicious, 5L), (found.ClientIp, found.Kind, found.Intent, found.Requests));
    }

    [Fact]
    public void Scanners_a_firewall_answers_403_are_not_the_ordinary_visitors_that_make_a_name_content()
    {
        // Two scanners guess the same archive names and a firewall answers 403: several clients asked, but none of them
        // is an ordinary visitor (most of their requests refused), so the names stay guesses.
        var log = Readers();
        string[] guesses = ["/example.org.tar.gz", "/example.org.zip", "/example.tar.gz"];
        foreach (var ip in new[] { "45.9.20.83", "45.9.20.84" })
        {
            for (int i = 0; i < guesses.Length; i++) log.Add(E(ip, 80 + i * 0.1, "GET", guesses[i], 403, 199, Browser));
        }
        var report = BotDetector.Analyze(log);
        Assert.Equal(["45.9.20.83", "45.9.20.84"], report.Activities.Select(a => a.ClientIp).Order(StringComparer.Ordinal));
        Assert.All(report.Activities, a => Assert.Equal(BotKind.SensitiveFileScan, a.Kind));
    }

    [Fact]
    public void A_catch_all_answer_does_not_make_a_probe_path_content()
    {
        // A site that answers every unknown path with its front page (200, the front page's size), and one that answers
        // every unknown path with the same small page: neither makes wp-login.php or a backup name exist.
        var log = Readers();
        for (int i = 0; i < 30; i++) log.Add(E("45.9.20.78", 100 + i, "GET", "/wp-login.php", 200, FrontPage, Browser));
        log.Add(E("45.9.20.79", 200, "GET", "/old-site.zip", 200, 4_411, Browser));
        log.Add(E("45.9.20.79", 200.1, "GET", "/www-backup.tar.gz", 200, 4_411, Browser));
        var report = BotDetector.Analyze(log);
        Assert.Equal(BotKind.CmsProbe, report.Find("45.9.20.78")?.Kind);
        Assert.Equal(30, report.Find("45.9.20.78")!.Requests);
        Assert.Equal(BotKind.SensitiveFileScan, report.Find("45.9.20.79")?.Kind);
    }

    [Fact]
    public void One_odd_request_from_a_crawler_is_a_link_it_followed_not_a_forged_agent()
    {
        var log = Readers();
        log.Add(E("66.249.66.20", 5, "GET", "/robots.txt", 200, 68, Googlebot));
        log.Add(E("66.249.66.20", 9, "GET", "/blog/2024/05/release.html", 200, 12_551, Googlebot));
        log.Add(E("66.249.66.20", 15, "GET", "/.env", 404, 196, Googlebot));
        var found = Assert.Single(BotDetector.Analyze(log).Activities);
        Assert.Equal((BotKind.Crawler, BotIntent.Benign), (found.Kind, found.Intent));
        Assert.Contains(found.Evidence, e => e.StartsWith("claims to be Googlebot: 1 request(s) for /.env are too few to call the user agent forged", StringComparison.Ordinal));
        Assert.DoesNotContain(found.Evidence, e => e.Contains("probably forged", StringComparison.Ordinal));
    }

    [Fact]
    public void A_Googlebot_agent_probing_wp_login_under_many_paths_is_probably_forged()
    {
        var log = Readers();
        string[] paths = ["/wp-login.php", "/blog/wp-login.php", "/wordpress/wp-login.php", "/wp/wp-login.php", "/xmlrpc.php", "/wp-admin/"];
        for (int i = 0; i < 12; i++) log.Add(E("185.220.101.9", 40 + i, "GET", paths[i % paths.Length], 404, 196, Googlebot));
        var found = Assert.Single(BotDetector.Analyze(log).Activities);
        Assert.Equal((BotKind.CmsProbe, BotIntent.Malicious, 12L), (found.Kind, found.Intent, found.Requests));
        Assert.Contains(found.Evidence, e => e.StartsWith("claims to be Googlebot by user agent, yet 12 requests for 6 probe or secret paths", StringComparison.Ordinal)
            && e.Contains("the user agent is probably forged (a genuine one resolves to googlebot.com or google.com)", StringComparison.Ordinal));
    }

    [Fact]
    public void Password_guessing_on_a_login_that_answers_with_a_body_is_brute_force()
    {
        // Nobody else opened wp-login.php in these hours, but it answers with a page: it exists, so this is guessing.
        var log = Readers();
        for (int i = 0; i < 40; i++) log.Add(E("45.9.20.80", 50 + i * 0.2, "POST", "/wp-login.php", 200, 5_312, "Mozilla/5.0"));
        var found = Assert.Single(BotDetector.Analyze(log).Activities);
        Assert.Equal((BotKind.BruteForce, BotIntent.Malicious, 40L), (found.Kind, found.Intent, found.Requests));
    }

    [Fact]
    public void Many_requests_the_server_could_not_read_as_HTTP_are_probing()
    {
        // TLS handshakes sent to the plain-HTTP port: Apache answers 400 and logs the bytes as the request line (the
        // CrowdSec hub's apache2-malformed fixture, which its http-probing scenario flags); no method, no path.
        var log = Readers();
        for (int i = 0; i < 11; i++) log.Add(E("45.9.20.81", 70 + i * 0.05, null!, null!, 400, 226, null));
        // One such line from another client is a broken connection, nothing more.
        log.Add(E("45.9.20.82", 71, null!, null!, 400, 0, null));
        var report = BotDetector.Analyze(log);
        var found = Assert.Single(report.Activities);
        Assert.Equal(("45.9.20.81", BotKind.Scanner, BotIntent.Suspicious, 11L), (found.ClientIp, found.Kind, found.Intent, found.Requests));
        Assert.Contains(found.Evidence, e => e.StartsWith("11 of its 11 requests were answered 400 Bad Request", StringComparison.Ordinal));
    }

    [Fact]
    public void A_flood_of_probe_like_names_stops_at_the_candidate_table_limit()
    {
        // 70,000 random archive names from one client: what is learned per name stops at 65,536 names, and the rest of
        // the flood is still counted for its client.
        var site = new SiteKnowledge();
        var client = new ClientState("45.9.20.90", isCdnEdge: false, new ClientStore(), 0);
        var traits = new PathTraits(null, BotSignatureSet.Default.MatchSensitive("/x.zip"), null, false);
        for (int i = 0; i < 70_000; i++)
        {
            var f = RequestFacts.Create(T0.AddSeconds(i), client.Address, null, "GET", $"/x{i}.zip", null, 404, Browser, Site + "/", false, null, null, 196);
            client.Add(f, traits, -1, default, AddressSource.Origin);
            site.Note(f.Path, f, traits, client);
        }
        Assert.Equal(1 << 16, site.CandidateCount);
        Assert.False(site.Complete);
        Assert.False(site.IsContent("/x1.zip", client));
        Assert.Equal(70_000, client.Requests);
    }
}
