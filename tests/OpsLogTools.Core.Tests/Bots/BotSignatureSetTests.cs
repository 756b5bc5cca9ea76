using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Bots;

public class BotSignatureSetTests
{
    // A user's own signature file, hand-written in the shipped format.
    private const string UserFile = """
        {
          // comments are allowed
          "cmsProbes": [ { "name": "Typo3", "match": "prefix", "pattern": "/typo3/" },
                         { "name": "broken", "match": "sometimes", "pattern": "/x" } ],
          "sensitiveFiles": [ { "name": "secrets", "match": "suffix", "pattern": "/secrets.yml" } ],
          "scannerAgents": [ { "name": "MyScanner", "pattern": "myscanner/" } ],
          "crawlers": [ { "name": "OurMonitor", "pattern": "our-monitor", "verifyDomains": [ "example.jp" ] } ],
          "disable": [ "curl", "/xmlrpc.php" ]
        }
        """;

    [Fact]
    public void ShippedSignaturesCoverTheIssuesExamples()
    {
        var s = BotSignatureSet.Default;
        Assert.Equal("WordPress", s.MatchCms("/wp-login.php")?.Name);
        Assert.Equal("WordPress", s.MatchCms("/WP-ADMIN/setup-config.php")?.Name);
        Assert.Equal("Joomla", s.MatchCms("/administrator/index.php")?.Name);
        Assert.Equal("phpMyAdmin", s.MatchCms("/phpMyAdmin/index.php")?.Name);
        Assert.Null(s.MatchCms("/blog/goodbye-wordpress.html"));
        Assert.Equal(".env", s.MatchSensitive("/.env")?.Name);
        Assert.Equal(".env", s.MatchSensitive("/app/.env.production")?.Name);
        Assert.Equal("git repository", s.MatchSensitive("/.git/config")?.Name);
        Assert.Equal("AWS credentials", s.MatchSensitive("/.aws/credentials")?.Name);
        // A file named like an archive counts only when it is not the site's content; the names scanners guess for a
        // whole-site backup or a database dump are secrets whatever the answer.
        Assert.True(s.MatchSensitive("/files/proxy/proxy-2.1.tar.gz")!.WhenMissingOnly);
        Assert.False(s.MatchSensitive("/backup.tar.gz")!.WhenMissingOnly);
        Assert.False(s.MatchSensitive("/backup.sql")!.WhenMissingOnly);
        Assert.True(s.MatchSensitive("/exports/2022-07.sql")!.WhenMissingOnly);
        Assert.False(s.MatchSensitive("/wp-config.php.bak")!.WhenMissingOnly);
        Assert.Equal("Apache server-status", s.MatchSensitive("/server-status")?.Name);
        Assert.False(s.MatchScanner("Mozilla/5.0 zgrab/0.x")!.Weak);
        Assert.False(s.MatchScanner("sqlmap/1.6#stable (https://sqlmap.org)")!.Weak);
        Assert.True(s.MatchScanner("curl/7.79.1")!.Weak);
        Assert.True(s.MatchScanner("Go-http-client/1.1")!.Weak);
        Assert.Null(s.MatchScanner(TrafficBuilder.Browser));
        Assert.Equal("bingbot", s.MatchCrawler("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)")?.Name);
        Assert.Equal("SemrushBot", s.MatchCrawler("Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)")?.Name);
        Assert.NotNull(s.MatchLogin("/wp-login.php"));
    }

    [Fact]
    public void UserFileMergesAndDisables()
    {
        string path = WriteTemp(UserFile);
        var diag = new CollectingDiagnostics();
        try
        {
            var s = BotSignatureSet.Load(path, SignatureLoadMode.Merge, diag);
            Assert.Equal("Typo3", s.MatchCms("/typo3/index.php")?.Name);
            Assert.Equal("WordPress", s.MatchCms("/wp-login.php")?.Name);          // shipped entries stay
            Assert.Null(s.MatchCms("/xmlrpc.php"));                                // disabled by pattern
            Assert.Null(s.MatchScanner("curl/8.0"));                               // disabled by name
            Assert.Equal("MyScanner", s.MatchScanner("myscanner/2")?.Name);
            Assert.Equal(["example.jp"], s.MatchCrawler("our-monitor 1.0")!.VerifyDomains);
            Assert.Equal("secrets", s.MatchSensitive("/config/secrets.yml")?.Name);
            Assert.Single(diag.Warnings, w => w.Message.Contains("cmsProbes[2]"));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void UserFileCanReplace()
    {
        string path = WriteTemp(UserFile);
        try
        {
            var s = BotSignatureSet.Load(path, SignatureLoadMode.Replace);
            Assert.Null(s.MatchCms("/wp-login.php"));
            Assert.Equal("Typo3", s.MatchCms("/typo3/")?.Name);
            Assert.Null(s.MatchCrawler("Googlebot/2.1"));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void UnreadableFileKeepsTheShippedSetAndReportsAnError()
    {
        var diag = new CollectingDiagnostics();
        var s = BotSignatureSet.Load(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.json"), SignatureLoadMode.Replace, diag);
        Assert.Same(BotSignatureSet.Default, s);
        Assert.Equal(BotErrorIds.SignatureFileUnreadable, Assert.Single(diag.Errors).ErrorId);

        string path = WriteTemp("{ not json");
        try
        {
            Assert.Same(BotSignatureSet.Default, BotSignatureSet.Load(path, SignatureLoadMode.Merge, diag));
            Assert.Equal(2, diag.Errors.Count);
        }
        finally { File.Delete(path); }
    }

    private static string WriteTemp(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"sig-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }
}
