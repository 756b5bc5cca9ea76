using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Bots;

public class BotDetectorTests
{
    private static readonly string[] Pages = ["/", "/about.html", "/blog/", "/blog/2022/07/summer.html", "/contact.html"];
    private static readonly string[] WordPressPaths = ["/wp-login.php", "/wp-admin/", "/xmlrpc.php", "/wp-content/plugins/revslider/readme.txt", "/wp-includes/wlwmanifest.xml", "/wordpress/wp-login.php", "/blog/wp-login.php"];

    private static DateTimeOffset Start(Random rng) =>
        new DateTimeOffset(2022, 7, 19, 0, 0, 0, TimeSpan.Zero).AddMinutes(rng.Next(0, 600));

    /// <summary>A prober at about one request a minute for twelve hours, with jitter, on a site without WordPress.</summary>
    private static (TrafficBuilder Traffic, string Prober, long Count) SlowWordPressProber(int seed, bool v6 = false)
    {
        var t = new TrafficBuilder(seed);
        var start = Start(t.Rng);
        t.Readers(40, start, Pages);
        string prober = t.PublicAddress(v6);
        int period = 55 + t.Rng.Next(0, 11);
        var time = start;
        var end = start.AddHours(12);
        while (time < end)
        {
            t.Request(prober, time, "GET", WordPressPaths[t.Rng.Next(WordPressPaths.Length)], 404, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:102.0) Gecko/20100101 Firefox/102.0");
            time = time.AddSeconds(period + t.Rng.Next(-4, 5));
        }
        return (t, prober, t.Truth[prober]);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(27, true)]
    [InlineData(2022, false)]
    public void SlowWordPressProberIsFoundWithExactCountAcrossBothLogs(int seed, bool v6)
    {
        var (t, prober, count) = SlowWordPressProber(seed, v6);
        var report = BotDetector.Analyze(t.Both());

        var found = Assert.Single(report.Activities, a => a.Kind != BotKind.Crawler);
        Assert.Equal(prober, found.ClientIp);
        Assert.Equal(BotKind.CmsProbe, found.Kind);
        Assert.Equal(BotIntent.Malicious, found.Intent);
        Assert.Equal(count, found.Requests);
        Assert.Equal(count, found.StatusCounts["404"]);
        Assert.Equal(AddressSource.CloudFront, found.AddressSource);
        Assert.False(found.IsCdnEdge);
        Assert.InRange(found.MedianIntervalSeconds!.Value, 50, 70);
        Assert.Contains(found.Evidence, e => e.Contains("scripted") && e.StartsWith("median interval"));
        Assert.Contains(found.Evidence, e => e.Contains("WordPress paths; none exist on this site (every answer 404)"));
        Assert.All(found.SamplePaths, p => Assert.Contains(p, WordPressPaths));
        Assert.Empty(report.Warnings);
        // Every request is counted once: CloudFront's lines, plus no origin line twice.
        Assert.Equal(t.CloudFront.Count, report.Requests);
        Assert.Equal(t.Origin.Count, report.DuplicatesMatched);
        Assert.Equal(t.Truth.Values.Sum(), report.Requests);
    }

    [Fact]
    public void InputOrderDoesNotChangeCounts()
    {
        var (t, prober, count) = SlowWordPressProber(7);
        var shuffled = t.Both().ToList();
        var rng = new Random(7);
        for (int i = shuffled.Count - 1; i > 0; i--) { int j = rng.Next(i + 1); (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]); }
        var report = BotDetector.Analyze(shuffled);
        Assert.Equal(count, report.Find(prober)!.Requests);
        Assert.Equal(t.Truth.Values.Sum(), report.Requests);
    }

    [Fact]
    public void OriginLogWithForwardedForFindsTheRealClient()
    {
        var (t, prober, _) = SlowWordPressProber(11);
        var report = BotDetector.Analyze(t.Origin);
        var found = report.Find(prober)!;
        Assert.Equal(BotKind.CmsProbe, found.Kind);
        Assert.Equal(AddressSource.ForwardedFor, found.AddressSource);
        // Only requests that reached the origin are in its log.
        Assert.Equal(t.Origin.Count(e => e.ForwardedFor == prober), found.Requests);
        Assert.Empty(report.Warnings);
        Assert.DoesNotContain(report.Activities, a => t.Edges.Contains(a.ClientIp));
    }

    [Fact]
    public void EdgeOnlyOriginLogWarnsAndMarksEdges()
    {
        var t = new TrafficBuilder(5) { OriginLogsForwardedFor = false };
        var start = Start(t.Rng);
        t.Readers(10, start, Pages);
        string prober = t.PublicAddress();
        for (int i = 0; i < 300; i++) t.Request(prober, start.AddSeconds(60 * i + t.Rng.Next(0, 5)), "GET", WordPressPaths[i % WordPressPaths.Length], 404, TrafficBuilder.Browser);
        var diag = new CollectingDiagnostics();

        var report = BotDetector.Analyze(t.Origin, diagnostics: diag);

        var warning = Assert.Single(report.Warnings);
        Assert.Contains("no CloudFront log was given", warning);
        Assert.Single(diag.Warnings);
        Assert.Equal(t.Origin.Count, report.EdgeAttributedRequests);
        Assert.DoesNotContain(report.Activities, a => a.ClientIp == prober);
        var edges = report.Activities.Where(a => a.Kind == BotKind.CmsProbe).ToList();
        Assert.NotEmpty(edges);
        Assert.All(edges, a =>
        {
            Assert.True(a.IsCdnEdge);
            Assert.Contains(a.ClientIp, t.Edges);
            Assert.Contains(a.Evidence, e => e.Contains("CloudFront edge"));
        });
        // The probes are all still counted, spread over the edges.
        Assert.Equal(t.Origin.Count, report.Requests);
    }

    [Fact]
    public void OriginLinesWithoutCloudFrontTwinAreCountedUnderTheForwardedClient()
    {
        var (t, prober, count) = SlowWordPressProber(19);
        // CloudFront logs for the second half of the day are missing.
        var cut = t.CloudFront.Select(e => e.Timestamp).OrderBy(x => x).ElementAt(t.CloudFront.Count / 2);
        var partialCf = t.CloudFront.Where(e => e.Timestamp < cut).ToList();
        var report = BotDetector.Analyze(partialCf.Concat(t.Origin));
        long expected = partialCf.Count(e => e.ClientIp == prober) + t.Origin.Count(e => e.ForwardedFor == prober && e.Timestamp >= cut.AddSeconds(1));
        var found = report.Find(prober)!;
        Assert.InRange(found.Requests, expected - 2, expected + 2); // requests right at the cut may pair either way
        Assert.True(found.Requests <= count);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(44)]
    public void ScannerBurstByUserAgent(int seed)
    {
        var t = new TrafficBuilder(seed);
        var start = Start(t.Rng);
        t.Readers(20, start, Pages);
        string scanner = t.PublicAddress();
        int n = t.Rng.Next(80, 200);
        for (int i = 0; i < n; i++)
            t.Request(scanner, start.AddMilliseconds(i * t.Rng.Next(200, 900)), "GET", $"/{Guid.NewGuid():N}".Substring(0, 9), 404, "Mozilla/5.0 zgrab/0.x");
        var report = BotDetector.Analyze(t.Both());
        var found = report.Find(scanner)!;
        Assert.Equal(BotKind.Scanner, found.Kind);
        Assert.Equal(BotIntent.Malicious, found.Intent);
        Assert.Equal(n, found.Requests);
        Assert.Contains(found.Evidence, e => e.Contains("zgrab"));
    }

    [Fact]
    public void PathGuessingWithBrowserAgentIsAScannerByBehaviour()
    {
        var t = new TrafficBuilder(8);
        var start = Start(t.Rng);
        t.Readers(20, start, Pages);
        string guesser = t.PublicAddress();
        for (int i = 0; i < 60; i++) t.Request(guesser, start.AddSeconds(i * 2), "GET", $"/old/{i}/index.php", 404, TrafficBuilder.Browser);
        var found = BotDetector.Analyze(t.Both()).Find(guesser)!;
        Assert.Equal(BotKind.Scanner, found.Kind);
        Assert.Equal(60, found.Requests);
        Assert.Contains(found.Evidence, e => e.Contains("60 distinct paths answered 404"));
    }

    [Fact]
    public void SensitiveFileScan()
    {
        var t = new TrafficBuilder(31);
        var start = Start(t.Rng);
        t.Readers(15, start, Pages);
        string scanner = t.PublicAddress();
        string[] files = ["/.env", "/.git/config", "/.aws/credentials", "/backup.sql", "/site.tar.gz", "/wp-config.php.bak", "/server-status", "/.ssh/id_rsa"];
        foreach (var (f, i) in files.Select((f, i) => (f, i))) t.Request(scanner, start.AddSeconds(i * 3), "GET", f, f == "/server-status" ? 403 : 404, "python-requests/2.28.1");
        var found = BotDetector.Analyze(t.Both()).Find(scanner)!;
        Assert.Equal(BotKind.SensitiveFileScan, found.Kind);
        Assert.Equal(BotIntent.Malicious, found.Intent);
        Assert.Equal(files.Length, found.Requests);
        Assert.Contains(found.Evidence, e => e.Contains(".env") && e.Contains("AWS credentials"));
        Assert.Contains(found.Evidence, e => e.Contains("generic HTTP library (python-requests"));
    }

    [Fact]
    public void ExistingDownloadIsNotABackupScan()
    {
        var t = new TrafficBuilder(32);
        var start = Start(t.Rng);
        var readers = t.Readers(5, start, Pages);
        foreach (var r in readers) t.Request(r, start.AddMinutes(700), "GET", "/downloads/manual.zip", 200, TrafficBuilder.Browser);
        var report = BotDetector.Analyze(t.Both());
        Assert.Empty(report.Activities);
    }

    [Fact]
    public void PoliteCrawlerIsBenignAndHonestAboutItsAgent()
    {
        var t = new TrafficBuilder(12);
        var start = Start(t.Rng);
        t.Readers(10, start, Pages);
        string bot = t.PublicAddress();
        const string ua = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
        t.Request(bot, start, "GET", "/robots.txt", 200, ua);
        for (int i = 0; i < 30; i++) t.Request(bot, start.AddSeconds(30 + i * t.Rng.Next(20, 200)), "GET", Pages[i % Pages.Length], 200, ua);
        var report = BotDetector.Analyze(t.Both());
        var found = report.Find(bot)!;
        Assert.Equal(BotKind.Crawler, found.Kind);
        Assert.Equal(BotIntent.Benign, found.Intent);
        Assert.Equal(31, found.Requests);
        Assert.Contains("claims to be Googlebot by user agent; not verified by reverse DNS (a genuine one resolves to googlebot.com or google.com)", found.Evidence);
        Assert.Contains(found.Evidence, e => e.Contains("robots.txt"));
        Assert.Empty(BotDetector.Analyze(t.Both(), new BotDetectorOptions { IncludeBenign = false }).Activities);
    }

    [Fact]
    public void ReadersOfARealWordPressNamedPageAreNotProbes()
    {
        var t = new TrafficBuilder(21);
        var start = Start(t.Rng);
        var readers = t.Readers(30, start, [.. Pages, "/blog/goodbye-wordpress.html"]);
        foreach (var r in readers.Take(10))
        {
            t.Request(r, start.AddMinutes(650), "GET", "/blog/goodbye-wordpress.html", 200, TrafficBuilder.Browser);
            t.Request(r, start.AddMinutes(651), "GET", "/blog/goodbye-wordpress.html", 200, TrafficBuilder.Browser);
        }
        // Even with a user signature that matches the page's name, the page answers 200 to ordinary browsers.
        var signatures = BotSignatureSet.Default.Merge(BotSignatureSet.Parse("""
            { "cmsProbes": [ { "name": "WordPress", "match": "contains", "pattern": "wordpress" } ] }
            """, "user"));
        var report = BotDetector.Analyze(t.Both(), new BotDetectorOptions { Signatures = signatures });
        Assert.Empty(report.Activities);
    }

    [Fact]
    public void HumanNotFoundBurstIsNotAScanner()
    {
        var t = new TrafficBuilder(9);
        var start = Start(t.Rng);
        t.Readers(20, start, Pages);
        string human = t.PublicAddress();
        var time = start.AddMinutes(30);
        foreach (var typo in new[] { "/abuot.html", "/contcat.html", "/blgo/", "/blog/2022/07/sumer.html", "/about.htm", "/Contact.html", "/favicon.jpg" })
        {
            t.Request(human, time, "GET", typo, 404, TrafficBuilder.Browser, referer: "https://example.jp/");
            time = time.AddSeconds(t.Rng.Next(2, 8));
        }
        t.Request(human, time, "GET", "/about.html", 200, TrafficBuilder.Browser);
        t.Request(human, time, "GET", "/css/site.css", 200, TrafficBuilder.Browser);
        var report = BotDetector.Analyze(t.Both());
        Assert.Null(report.Find(human));
        Assert.Empty(report.Activities);
    }

    [Fact]
    public void BruteForceOnARealWordPress()
    {
        var t = new TrafficBuilder(77);
        var start = Start(t.Rng);
        var readers = t.Readers(10, start, Pages);
        // The site does run WordPress: its login page answers 200 to its editors.
        foreach (var r in readers.Take(3)) t.Request(r, start.AddMinutes(5), "GET", "/wp-login.php", 200, TrafficBuilder.Browser);
        string guesser = t.PublicAddress();
        int n = t.Rng.Next(30, 80);
        for (int i = 0; i < n; i++) t.Request(guesser, start.AddSeconds(i * 7), "POST", "/wp-login.php", 200, "Mozilla/5.0");
        var found = BotDetector.Analyze(t.Both()).Find(guesser)!;
        Assert.Equal(BotKind.BruteForce, found.Kind);
        Assert.Equal(BotIntent.Malicious, found.Intent);
        Assert.Equal(n, found.Requests);
        Assert.Contains(found.Evidence, e => e.StartsWith($"{n} POST requests to login paths"));
    }

    [Fact]
    public void AsRequestYieldsExactlyTheFlaggedClientsRequests()
    {
        var (t, prober, count) = SlowWordPressProber(4);
        var all = t.Both().ToList();
        var selected = BotDetector.SelectRequests(() => all).ToList();
        long fromProber = selected.Count(e => e.ClientIp == prober || e.ForwardedFor == prober);
        Assert.Equal(count, fromProber);
        Assert.Equal(count, selected.Count);
    }

    [Fact]
    public void CloudFrontErrorPairsWithOrigin5xxAndHitsHaveNoTwin()
    {
        var t = new TrafficBuilder(15);
        var start = Start(t.Rng);
        string client = t.PublicAddress();
        for (int i = 0; i < 40; i++)
            t.Request(client, start.AddSeconds(i * 20), "GET", Pages[i % Pages.Length], i % 4 == 0 ? 503 : 200, TrafficBuilder.Browser, cacheHit: i % 3 == 1 && i % 4 != 0);
        var report = BotDetector.Analyze(t.Both());
        Assert.Equal(40, report.Requests);
        Assert.Equal(t.Origin.Count, report.DuplicatesMatched);
    }
}
