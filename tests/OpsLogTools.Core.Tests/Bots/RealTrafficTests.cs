using System.Text;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Tests.EndToEnd;
using Xunit;

namespace OpsLogTools.Core.Tests.Bots;

/// <summary>
/// Issue 13, "bots on real traffic": on a day of an ordinary project site (<see cref="ProjectSiteDay"/>) exactly the
/// WordPress prober and the secrets scanner are flagged, with their exact counts; visitors who download the site's
/// tarballs are not; no crawler is called forged for fetching a tarball; crawlers with one or two requests are left
/// out unless asked for. Read from files as Find-BotRequest reads them (the fast path, lean facts for a CloudFront log
/// alone) and entry by entry, with the same report.
/// </summary>
public sealed class RealTrafficTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "opslogtools-realtraffic-" + Guid.NewGuid().ToString("N"));

    public RealTrafficTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private (BotReport Fast, BotReport Slow) Scan(ProjectSiteDay day, bool cloudFront, BotDetectorOptions? options = null)
    {
        string file = Path.Combine(_root, cloudFront ? "E2PROXY.2024-05-14-04.log" : "access_log");
        File.WriteAllText(file, cloudFront ? day.CloudFrontLog() : day.CombinedLog(), new UTF8Encoding(false));
        var diagnostics = new CollectingDiagnostics();
        var read = new LogReadOptions { LocalZone = TimeZoneInfo.Utc };
        var fast = BotScan.AnalyzeFiles([file], options, diagnostics, read);
        Assert.Empty(diagnostics.Warnings);
        Assert.Empty(diagnostics.Errors);
        var slow = BotScan.AnalyzeEntries([file], options, new CollectingDiagnostics(), read);
        Assert.Equal(BotBundle.Describe(slow), BotBundle.Describe(fast));
        Assert.Equal(day.Requests.Count, fast.Requests);
        return (fast, slow);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(13, false)]
    [InlineData(2024, true)]
    public void Exactly_the_prober_and_the_scanner_are_flagged(int seed, bool cloudFront)
    {
        var day = new ProjectSiteDay(seed);
        var report = Scan(day, cloudFront).Fast;

        var flagged = report.Activities.Where(a => a.Intent != BotIntent.Benign).OrderBy(a => a.Kind).ToList();
        Assert.Collection(flagged,
            prober =>
            {
                Assert.Equal((day.Prober, BotKind.CmsProbe, BotIntent.Malicious), (prober.ClientIp, prober.Kind, prober.Intent));
                Assert.Equal(day.Truth[day.Prober], prober.Requests);
                Assert.Equal(day.Truth[day.Prober], prober.StatusCounts["404"]);
                Assert.InRange(prober.MedianIntervalSeconds!.Value, 50, 70);
            },
            scanner =>
            {
                Assert.Equal((day.Scanner, BotKind.SensitiveFileScan, BotIntent.Malicious), (scanner.ClientIp, scanner.Kind, scanner.Intent));
                Assert.Equal(day.Truth[day.Scanner], scanner.Requests);
                Assert.Contains(scanner.Evidence, e => e.StartsWith("12 requests for 12 sensitive files (.env, git repository", StringComparison.Ordinal));
            });
        // Nobody who downloaded a tarball, not even the one visitor who alone fetched an old release by a link from
        // elsewhere, or the visitors who followed the project page's dead link to a removed release candidate.
        Assert.All(day.Visitors.Concat(day.Downloaders), v => Assert.Null(report.Find(v)));
        Assert.DoesNotContain(report.Activities, a => a.Evidence.Any(e => e.Contains("forged", StringComparison.Ordinal)));
        // One crawler address is busy all day and is listed (Benign); the one- and two-request ones are counted, not listed.
        var crawler = Assert.Single(report.Activities, a => a.Intent == BotIntent.Benign);
        Assert.Equal((day.BusyGooglebot, BotKind.Crawler, day.Truth[day.BusyGooglebot]), (crawler.ClientIp, crawler.Kind, crawler.Requests));
        Assert.Equal(day.SmallCrawlers.Count, report.CrawlersLeftOut);
        Assert.Equal(3, report.Activities.Count);
    }

    [Theory]
    [InlineData(5, false)]
    [InlineData(6, true)]
    public void Every_crawler_is_listed_Benign_when_asked_and_none_is_forged(int seed, bool cloudFront)
    {
        var day = new ProjectSiteDay(seed);
        var report = Scan(day, cloudFront, new BotDetectorOptions { MinCrawlerRequests = 1 }).Fast;

        Assert.Equal(0, report.CrawlersLeftOut);
        Assert.Equal(day.Crawlers.Count, report.Activities.Count(a => a.Intent == BotIntent.Benign));
        foreach (var ip in day.Crawlers)
        {
            var c = report.Find(ip);
            Assert.True(c is not null, ip);
            Assert.Equal((BotKind.Crawler, BotIntent.Benign, day.Truth[ip]), (c.Kind, c.Intent, c.Requests));
            Assert.Empty(c.OtherKinds);
            Assert.DoesNotContain(c.Evidence, e => e.Contains("forged", StringComparison.Ordinal) || e.Contains("sensitive", StringComparison.Ordinal));
        }
        Assert.Equal(2, report.Activities.Count(a => a.Intent != BotIntent.Benign));
    }

    [Fact]
    public void The_sites_own_host_is_learned_from_the_referer_of_its_assets()
    {
        var day = new ProjectSiteDay(3);
        var hosts = new RefererHosts();
        foreach (var r in day.Requests.Where(r => r.Path.StartsWith("/css/", StringComparison.Ordinal) || r.Path.StartsWith("/js/", StringComparison.Ordinal) || r.Path.StartsWith("/img/", StringComparison.Ordinal)))
        {
            if (r.Referer != "-") hosts.NoteAsset(r.Referer);
        }
        // Search engines and news sites refer pages, never the site's stylesheet: only the site itself is its own host.
        Assert.Equal([ProjectSiteDay.Site], hosts.Own);
        Assert.Equal("www.example.org", RefererHosts.HostOf("https://user@WWW.example.org.:8443/a/b?c#d").ToString(), ignoreCase: true);
        Assert.Equal("[2001:db8::1]", RefererHosts.HostOf("http://[2001:db8::1]:8080/").ToString());
        Assert.Equal("abc.com", RefererHosts.HostOf("abc.com").ToString());
    }
}
