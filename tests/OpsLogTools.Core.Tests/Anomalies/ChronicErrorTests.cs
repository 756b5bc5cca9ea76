using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Model;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.Anomalies;

/// <summary>
/// One error recurring all day is one ChronicErrors finding with its rate, not a burst per busy hour; a real burst on top
/// of it is still found, at its own lines. The error lines are Apache 2.4's (mod_autoindex AH01276 for a health check
/// asking for a directory without an index, core AH00037 for a favicon behind a symlink Apache may not follow,
/// mod_proxy_fcgi AH01071 for PHP's fatal error behind a 500), in the [module:level] [pid] [client ip:port] layout.
/// </summary>
public class ChronicErrorTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Cet = TimeSpan.FromHours(1);

    [Theory]
    // seed, whether the chronic error follows the visitors (day and night) or a health check (once a minute), burst start (hours), minutes
    [InlineData(601, false, 14.5, 20)]
    [InlineData(602, true, 15.2, 20)]
    [InlineData(603, true, 3.0, 25)]
    public void AChronicErrorIsOneFindingAndTheBurstOnTopIsFoundAtItsTime(int seed, bool followsVisitors, double burstAt, int minutes)
    {
        var start = new DateTimeOffset(2024, 3, 5, 0, 0, 0, Cet);
        var host = new SyntheticHost(seed, start, TimeSpan.FromHours(24)) { WithCloudFront = false }.Generate();
        int chronic = 0;
        if (followsVisitors)
        {
            // Every page view's browser asks for /favicon.ico: about three a minute by day, a few an hour at night.
            host.Poisson(TimeSpan.FromSeconds(20), 1.0, true, t =>
            {
                host.Add(SyntheticHostFiles.Error(t, "core:error", 2300 + host.Rng.Next(40),
                    $"[client 203.0.113.{host.Rng.Next(1, 250)}:{40000 + host.Rng.Next(20000)}] AH00037: Symbolic link not allowed or link target not accessible: /var/www/html/favicon.ico, referer: https://www.example.com/blog/"));
                chronic++;
            });
        }
        else
        {
            // The load balancer's health check asks for / every minute; the directory has no index.
            for (var t = start.AddSeconds(13); t < host.End; t = t.AddMinutes(1))
            {
                host.Add(SyntheticHostFiles.Error(t, "autoindex:error", 2300 + host.Rng.Next(40),
                    $"[client 10.0.1.5:{30000 + host.Rng.Next(30000)}] AH01276: Cannot serve directory /var/www/html/: No matching DirectoryIndex (index.html,index.php) found, and server-generated directory index forbidden by Options directive"));
                chronic++;
            }
        }
        // A deploy breaks PHP for a while: every request to a PHP page answers 500 with PHP's fatal error in error_log.
        var from = start.AddHours(burstAt);
        var to = from.AddMinutes(minutes);
        host.Poisson(TimeSpan.FromSeconds(3), 1.0, false, t =>
        {
            if (t < from || t >= to) return;
            string client = $"198.51.100.{host.Rng.Next(1, 250)}";
            host.Add(SyntheticHostFiles.Access(t, "/index.php", 500, client));
            host.Add(SyntheticHostFiles.Error(t, "proxy_fcgi:error", 2300 + host.Rng.Next(40),
                $"[client {client}:{40000 + host.Rng.Next(20000)}] AH01071: Got error 'PHP message: PHP Fatal error:  Uncaught Error: Call to undefined function mysql_connect() in /var/www/html/index.php:12'"));
        });

        var found = AnomalyTestKit.Detect(host, output);

        var inErrorLog = found.Where(a => a.Path == SyntheticHost.ErrorLog).ToList();
        var c = Assert.Single(inErrorLog, a => a.Kind == AnomalyKind.ChronicErrors);
        var lines = host.Lines.Where(l => l.File == SyntheticHost.ErrorLog).ToList();
        var chronicLines = lines.Where(l => l.Message.Contains(followsVisitors ? "AH00037" : "AH01276", StringComparison.Ordinal)).OrderBy(l => l.True).ToList();
        Assert.Equal(chronic, c.LineCount);
        Assert.Equal(chronicLines[0].LineNumber, c.FirstLine);
        Assert.Equal(chronicLines[^1].LineNumber, c.LastLine);
        Assert.Equal(chronicLines[0].True, c.Start);
        Assert.Equal(chronicLines[^1].True, c.End);
        Assert.InRange(c.RatePerHour, followsVisitors ? 20 : 59, followsVisitors ? 200 : 61);
        Assert.DoesNotContain("203.0.113.", c.Signature, StringComparison.Ordinal);
        Assert.DoesNotContain("referer", c.Signature, StringComparison.Ordinal);

        var burst = Assert.Single(inErrorLog, a => a.Kind == AnomalyKind.ErrorBurst);
        var planted = lines.Where(l => l.Message.Contains("AH01071", StringComparison.Ordinal)).OrderBy(l => l.True).ToList();
        Assert.Equal(planted[0].True, burst.Start);
        Assert.Equal(planted[^1].True, burst.End);
        Assert.Equal(planted[0].LineNumber, burst.FirstLine);
        Assert.Equal(planted[^1].LineNumber, burst.LastLine);
        Assert.Equal(2, inErrorLog.Count);
        // The access log shows the same 500s as its own burst; nothing else anywhere.
        var access = Assert.Single(found, a => a.Path == SyntheticHost.AccessLog);
        Assert.Equal(AnomalyKind.ErrorBurst, access.Kind);
        Assert.Equal(3, found.Count);
    }

    [Fact]
    public void ARareRecurringErrorIsNotChronic()
    {
        // A traversal probe now and then (about every 90 minutes) for three days: recurring, but absent from most hours.
        var start = new DateTimeOffset(2024, 3, 5, 0, 0, 0, Cet);
        var host = new SyntheticHost(seed: 611, start, TimeSpan.FromHours(72)) { WithCloudFront = false }.Generate();
        Assert.True(host.Lines.Count(l => l.Message.Contains("AH00126", StringComparison.Ordinal)) >= 24);
        Assert.DoesNotContain(AnomalyTestKit.Detect(host, output), a => a.Kind == AnomalyKind.ChronicErrors);
    }

    [Theory]
    [InlineData("[client 203.0.113.9:52114] AH00128: File does not exist: /var/www/html/favicon.ico, referer: https://example.com/", "AH00128: File does not exist: /var/www/html/favicon.ico", "203.0.113.9")]
    [InlineData("[client 2001:db8::7:52114] AH00128: File does not exist: /var/www/html/favicon.ico", "AH00128: File does not exist: /var/www/html/favicon.ico", "2001:db8::7")]
    [InlineData("[client 198.51.100.4] File does not exist: /var/www/html/robots.txt", "File does not exist: /var/www/html/robots.txt", "198.51.100.4")]
    [InlineData("*5 open() \"/usr/share/nginx/html/favicon.ico\" failed (2: No such file or directory), client: 192.0.2.1, server: localhost, request: \"GET /favicon.ico HTTP/1.1\"",
        "*5 open() \"/usr/share/nginx/html/favicon.ico\" failed (2: No such file or directory)", "192.0.2.1")]
    public void TheSignatureLeavesOutClientAndReferer(string message, string text, string client)
    {
        // Apache 2.4 (with port), Apache 2.2 (without), nginx's error_log layout.
        var (hash, words, who) = ErrorSignature.Of(message);
        Assert.Equal(text, words);
        Assert.Equal(client, who);
        var other = message.Replace(client, "192.0.2.200", StringComparison.Ordinal).Replace("*5 ", "*7731 ", StringComparison.Ordinal);
        Assert.Equal(hash, ErrorSignature.Of(other).Hash);
    }
}
