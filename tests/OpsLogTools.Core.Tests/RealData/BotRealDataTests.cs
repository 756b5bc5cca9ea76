using System.Text.RegularExpressions;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Tests.EndToEnd;
using Xunit;

namespace OpsLogTools.Core.Tests.RealData;

/// <summary>
/// Find-BotRequest's engine on the real access logs of other projects (../shared/realdata, see its SOURCES.md):
/// each test says what a reader of the raw lines concludes about each client and asserts that the engine says that,
/// no more. Where the CrowdSec hub ships a <c>scenario.assert</c> (the alerts its scenarios must raise on that log),
/// our findings are compared with it. Read as Find-BotRequest reads files (the fast path) and entry by entry, with
/// the same report; every crawler listed (MinCrawlerRequests = 1) so that none hides a finding.
/// </summary>
public sealed class BotRealDataTests
{
    private static BotReport Scan(params string[] parts)
    {
        string file = RealDataFolder.Combine(parts);
        var options = new BotDetectorOptions { MinCrawlerRequests = 1 };
        var read = new LogReadOptions { LocalZone = TimeZoneInfo.Utc };
        var fast = BotScan.AnalyzeFiles([file], options, new CollectingDiagnostics(), read);
        var slow = BotScan.AnalyzeEntries([file], options, new CollectingDiagnostics(), read);
        Assert.Equal(BotBundle.Describe(slow), BotBundle.Describe(fast));
        return fast;
    }

    [RealDataFact]
    public void Plaso_apache_access_log_holds_no_bot()
    {
        // plaso test_data/apache_access.log. 10.1.1.2 and 192.168.0.2 fetch /wp-content/themes/darkmode/evil.php,
        // answered 200 with a body to both; 192.168.0.2 then passes shell commands in its query (cmd=uname -a): a web
        // shell planted in the theme and in use. That is an intrusion to investigate, not a bot's behaviour: the file
        // answers 200 to two clients, so it is on the site (no probe for a missing name), and Find-BotRequest does not
        // read queries for commands. 192.168.0.3 reads an article it found on Google; 120.202.255.147 downloads a .jar
        // again (304). Lines 1, 8, 13-15 are not combined-format lines (common format, an unterminated agent, quotes
        // inside the request) and are passed over by the reader; as written they would add one request each from
        // clients that do nothing a bot does in one request.
        var report = Scan("plaso", "test_data", "apache_access.log");
        Assert.DoesNotContain(report.Activities, a => a.Intent != BotIntent.Benign);
        Assert.Null(report.Find("192.168.0.2"));
        Assert.Null(report.Find("10.1.1.2"));
        Assert.Null(report.Find("120.202.255.147"));
    }

    [RealDataFact]
    public void Lnav_access_logs_hold_no_bot()
    {
        // lnav test/logfile_access_log.0: a gPXE boot loader (192.168.202.254) fetching VMware ESXi boot files, one
        // answered 404: a machine booting from the network. .1: a connection that sent no request ("-", 400).
        Assert.Empty(Scan("lnav", "test", "logfile_access_log.0").Activities);
        Assert.Empty(Scan("lnav", "test", "logfile_access_log.1").Activities);
    }

    [RealDataFact]
    public void CrowdSec_apache2_logs_masscan_is_the_only_scanner()
    {
        // crowdsec-hub .tests/apache2-logs: 164.68.112.178 fetches / with masscan's user agent: a scanner, by name.
        // 195.54.160.135 and 1.2.3.4 each send one request for Solr's admin info API (a well-known reconnaissance
        // request): one request each is no behaviour to judge. 93.43.209.58 sends GET / and POST /login without a user
        // agent, both answered 500: two requests, nothing a reader could call a bot.
        var report = Scan("crowdsec-hub", ".tests", "apache2-logs", "apache2-logs.log");
        var masscan = Assert.Single(report.Activities);
        Assert.Equal(("164.68.112.178", BotKind.Scanner, 1L), (masscan.ClientIp, masscan.Kind, masscan.Requests));
        Assert.Contains(masscan.Evidence, e => e.StartsWith("user agent names a scanner: masscan", StringComparison.Ordinal));
    }

    [RealDataFact]
    public void CrowdSec_apache2_malformed_TLS_on_the_HTTP_port_is_probing_as_the_hub_expects()
    {
        // crowdsec-hub .tests/apache2-malformed: 1.2.3.4 sends eleven TLS handshakes (\x16\x03\x01...) to the plain
        // HTTP port within seven seconds, each answered 400: something probing the port, not a browser. The hub's
        // scenario.assert expects exactly one alert (crowdsecurity/http-probing) for 1.2.3.4 with 11 events: ours is one
        // Suspicious Scanner finding for 1.2.3.4 with its 11 requests.
        var expected = ReadScenarioAssert(RealDataFolder.Combine("crowdsec-hub", ".tests", "apache2-malformed", "scenario.assert"));
        var report = Scan("crowdsec-hub", ".tests", "apache2-malformed", "apache2-logs.log");
        Assert.Equal(expected.Count, report.Activities.Count);
        var alert = Assert.Single(expected);
        var found = Assert.Single(report.Activities);
        Assert.Equal(alert.Source, found.ClientIp);
        Assert.Equal(alert.Events, found.Requests);
        Assert.Equal((BotKind.Scanner, BotIntent.Suspicious), (found.Kind, found.Intent));
        Assert.Equal(11, found.StatusCounts["400"]);
        Assert.Contains(found.Evidence, e => e.StartsWith("11 of its 11 requests were answered 400 Bad Request", StringComparison.Ordinal));
    }

    [RealDataFact]
    public void CrowdSec_nginx_logs_two_Solr_probes_are_suspicious()
    {
        // crowdsec-hub .tests/nginx_http-logs: every line is from 192.168.1.1 (the hub's fixtures share one address):
        // an ACME challenge fetched by Go-http-client (404), a page with Googlebot's agent (500), the Solr admin info
        // API twice (500; the second line is the same request written with the vhost in front), an image (500, then
        // 301) and an API login with curl (200). A reader sees one address that probed for Solr among ordinary
        // requests: suspicious, no more. The Googlebot agent is on one line of seven: no claim to judge.
        var report = Scan("crowdsec-hub", ".tests", "nginx_http-logs", "nginx_http-logs.log");
        var found = Assert.Single(report.Activities);
        Assert.Equal(("192.168.1.1", BotKind.CmsProbe, BotIntent.Suspicious, 7L), (found.ClientIp, found.Kind, found.Intent, found.Requests));
        // The answers were 500: the probe tells nothing about whether Solr exists, and the evidence does not claim it.
        Assert.Contains("2 requests to 1 Solr paths; none answered 2xx/304 here (answers: 0 × 404, 0 × 2xx/304, 2 other)", found.Evidence);
        Assert.DoesNotContain(found.Evidence, e => e.Contains("forged", StringComparison.Ordinal));
    }

    [RealDataFact]
    public void CrowdSec_cloudfront_log_has_no_alert_as_the_hub_expects()
    {
        // crowdsec-hub .tests/aws-cloudfront-logs: 1.2.3.4 requests /testseb?query_param=42 twice with curl, answered
        // 400: someone testing the distribution by hand. The hub's scenario.assert is empty (no alert); so are we.
        var expected = ReadScenarioAssert(RealDataFolder.Combine("crowdsec-hub", ".tests", "aws-cloudfront-logs", "scenario.assert"));
        var report = Scan("crowdsec-hub", ".tests", "aws-cloudfront-logs", "aws-cloudfront-logs.log");
        Assert.Empty(expected);
        Assert.Empty(report.Activities);
        Assert.Equal(2, report.CloudFrontLines);
    }

    /// <summary>The alerts a CrowdSec hub <c>scenario.assert</c> expects: per result, its source address and event count.</summary>
    private static List<(string Source, long Events)> ReadScenarioAssert(string path)
    {
        string text = File.ReadAllText(path);
        var count = Regex.Match(text, @"^len\(results\) == (\d+)$", RegexOptions.Multiline | RegexOptions.NonBacktracking);
        int n = count.Success ? int.Parse(count.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var alerts = new List<(string, long)>();
        for (int i = 0; i < n; i++)
        {
            var source = Regex.Match(text, $@"^""([^""]+)"" in results\[{i}\]\.Overflow\.GetSources\(\)$", RegexOptions.Multiline | RegexOptions.NonBacktracking);
            var events = Regex.Match(text, $@"^results\[{i}\]\.Overflow\.Alert\.GetEventsCount\(\) == (\d+)$", RegexOptions.Multiline | RegexOptions.NonBacktracking);
            Assert.True(source.Success && events.Success, $"{path}: result {i} names no source or event count");
            alerts.Add((source.Groups[1].Value, long.Parse(events.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
        }
        return alerts;
    }
}
