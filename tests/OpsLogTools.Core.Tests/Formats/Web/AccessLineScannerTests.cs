using System.Globalization;
using System.Text;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using Xunit;

namespace OpsLogTools.Core.Tests.Formats.Web;

public class AccessLineScannerTests
{
    // Written after Apache's LogFormat "combined" in the stock httpd.conf of Amazon Linux 2 (httpd 2.4.54),
    // as the seed host's origin would log a request forwarded by CloudFront.
    private const string Combined =
        "130.176.212.18 - - [19/Jul/2022:21:10:03 +0900] \"GET /wp-login.php?redirect_to=%2Fwp-admin HTTP/1.1\" 404 196 \"-\" " +
        "\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/103.0.0.0 Safari/537.36\"";

    private static string S(string line, FieldRange r) => Encoding.UTF8.GetString(r.Of(Encoding.UTF8.GetBytes(line)));

    [Fact]
    public void ScansEveryFieldOfACombinedLine()
    {
        Assert.True(AccessLineScanner.TryScan(Encoding.UTF8.GetBytes(Combined), out var f));
        Assert.Equal("130.176.212.18", S(Combined, f.ClientIp));
        Assert.Equal("-", S(Combined, f.Ident));
        Assert.Equal("-", S(Combined, f.User));
        Assert.Equal("19/Jul/2022:21:10:03 +0900", S(Combined, f.StampText));
        Assert.Equal(new DateTimeOffset(2022, 7, 19, 21, 10, 3, TimeSpan.FromHours(9)), f.Timestamp);
        Assert.Equal("GET", S(Combined, f.Method));
        Assert.Equal("/wp-login.php", S(Combined, f.Target));
        Assert.Equal("redirect_to=%2Fwp-admin", S(Combined, f.Query));
        Assert.Equal("HTTP/1.1", S(Combined, f.Protocol));
        Assert.Equal(404, f.Status);
        Assert.Equal(196, f.Bytes);
        Assert.Equal("-", S(Combined, f.Referer));
        Assert.StartsWith("Mozilla/5.0 (Windows", S(Combined, f.UserAgent));
        Assert.False(f.ForwardedFor.IsPresent);
        Assert.False(f.VirtualHost.IsPresent);
        Assert.Equal(2, f.QuotedFieldsAfterSize);
        Assert.Equal(LogFormat.ApacheCombined, f.Shape);
        Assert.True(f.IsExactShape);
        Assert.False(f.HasEscapes);
    }

    [Theory]
    [InlineData(1, 42)]
    [InlineData(2, 1999)]
    [InlineData(3, 2038)]
    [InlineData(4, 7)]
    public void StampsOfRandomDatesAndOffsetsRoundTrip(int seed, int count)
    {
        // Hand-built stamps over many years, months and offsets (including negative and half-hour ones),
        // checked against what DateTimeOffset itself says.
        var rnd = new Random(seed);
        string[] months = CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames;
        for (int i = 0; i < count; i++)
        {
            var local = new DateTime(1990, 1, 1).AddSeconds(rnd.NextInt64(0, 60L * 365 * 86400));
            var offset = TimeSpan.FromMinutes(rnd.Next(-12 * 4, 14 * 4 + 1) * 15);
            string z = (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture);
            string stamp = $"{local.Day:00}/{months[local.Month - 1]}/{local.Year:0000}:{local:HH:mm:ss} {z}";
            string line = $"10.0.{rnd.Next(256)}.{rnd.Next(256)} - - [{stamp}] \"GET /p{i} HTTP/1.0\" 200 {rnd.Next(99999)}";
            Assert.True(AccessLineScanner.TryScan(Encoding.UTF8.GetBytes(line), out var f), line);
            Assert.Equal(new DateTimeOffset(local, offset), f.Timestamp);
            Assert.Equal(offset, f.Timestamp.Offset);
        }
    }

    [Theory]
    [InlineData("29/Feb/2024:00:00:00 +0000", true)]
    [InlineData("29/Feb/2022:00:00:00 +0000", false)]
    [InlineData("31/Apr/2022:00:00:00 +0000", false)]
    [InlineData("19/Jux/2022:21:10:03 +0900", false)]
    [InlineData("19/Jul/2022:24:10:03 +0900", false)]
    [InlineData("19/Jul/2022:21:60:03 +0900", false)]
    [InlineData("19/Jul/2022:21:10:03 +1500", false)]
    [InlineData("19/Jul/2022:21:10:03 0900", false)]
    [InlineData("19/jul/2022:21:10:03 +0900", true)]
    public void RejectsImpossibleStamps(string stamp, bool valid)
    {
        string line = $"1.2.3.4 - - [{stamp}] \"GET / HTTP/1.1\" 200 5";
        Assert.Equal(valid, AccessLineScanner.TryScan(Encoding.UTF8.GetBytes(line), out _));
    }

    [Fact]
    public void ApacheEscapesInsideQuotesDoNotEndTheField()
    {
        // Apache writes a quote in a header as \" and a backslash as \\ (ap_escape_logitem).
        const string line = "203.0.113.5 - - [19/Jul/2022:21:10:03 +0900] \"GET /search?q=\\\"x\\\" HTTP/1.1\" 200 10 " +
            "\"https://example.com/?a=\\\"b\\\" c\" \"Evil \\\"Bot\\\" \\\\ 1.0\"";
        Assert.True(AccessLineScanner.TryScan(Encoding.UTF8.GetBytes(line), out var f));
        Assert.True(f.HasEscapes);
        Assert.Equal(2, f.QuotedFieldsAfterSize);
        Assert.Equal("q=\\\"x\\\"", S(line, f.Query));
        Assert.Equal("Evil \\\"Bot\\\" \\\\ 1.0", S(line, f.UserAgent));
    }

    [Fact]
    public void AStrayQuoteInARequestIsNotTakenAsItsEnd()
    {
        // An unescaped quote followed by a space inside the request (old or hand-made logs): what follows is not "status size".
        const string line = "198.51.100.2 - - [19/Jul/2022:21:10:03 +0900] \"GET /a\" b HTTP/1.0\" 404 12 \"-\" \"-\"";
        Assert.True(AccessLineScanner.TryScan(Encoding.UTF8.GetBytes(line), out var f));
        Assert.Equal("GET /a\" b HTTP/1.0", S(line, f.Request));
        Assert.Equal("/a\" b", S(line, f.Target));
        Assert.Equal(404, f.Status);
    }

    [Theory]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:192.0.2.33")]
    [InlineData("fe80::1ff:fe23:4567:890a")]
    [InlineData("::1")]
    public void Ipv6ClientsAreOneField(string client)
    {
        string line = $"{client} - - [19/Jul/2022:21:10:03 +0900] \"HEAD / HTTP/1.1\" 200 - \"-\" \"curl/7.79.1\"";
        Assert.True(AccessLineScanner.TryScan(Encoding.UTF8.GetBytes(line), out var f));
        Assert.Equal(client, S(line, f.ClientIp));
        Assert.False(f.VirtualHost.IsPresent);
        Assert.Equal(-1, f.Bytes);
    }

    [Fact]
    public void VhostFieldIsSplitFromItsPort()
    {
        // After the vhost_combined LogFormat in Debian's apache2.conf: "%v:%p %h %l %u %t \"%r\" %>s %O ...".
        const string line = "www.example.com:443 2001:db8::7 - - [19/Jul/2022:21:10:03 +0900] \"GET / HTTP/2.0\" 200 5120 \"-\" \"curl/7.79.1\"";
        Assert.True(AccessLineScanner.TryScan(Encoding.UTF8.GetBytes(line), out var f));
        Assert.Equal("www.example.com", S(line, f.VirtualHost));
        Assert.Equal(443, f.VirtualPort);
        Assert.Equal("2001:db8::7", S(line, f.ClientIp));
        Assert.Equal(LogFormat.ApacheVhostCombined, f.Shape);
    }

    [Fact]
    public void AUserNameWithASpaceStaysInTheUserField()
    {
        const string line = "192.0.2.9 - john doe [19/Jul/2022:21:10:03 +0900] \"GET /private/ HTTP/1.1\" 401 381";
        Assert.True(AccessLineScanner.TryScan(Encoding.UTF8.GetBytes(line), out var f));
        Assert.Equal("192.0.2.9", S(line, f.ClientIp));
        Assert.Equal("john doe", S(line, f.User));
        Assert.False(f.VirtualHost.IsPresent);
        Assert.Equal(LogFormat.ApacheCommon, f.Shape);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xfc\\x03\\x03")]
    [InlineData("")]
    [InlineData("GARBAGE")]
    [InlineData("get / HTTP/1.1")]
    public void RequestsThatAreNotHttpHaveNoMethod(string request)
    {
        // A TLS ClientHello sent to port 80 is logged by Apache as escaped bytes with status 400.
        string line = $"45.33.1.2 - - [19/Jul/2022:21:10:03 +0900] \"{request}\" 400 226 \"-\" \"-\"";
        Assert.True(AccessLineScanner.TryScan(Encoding.UTF8.GetBytes(line), out var f));
        Assert.Equal(request, S(line, f.Request));
        Assert.False(f.Method.IsPresent);
        Assert.False(f.Target.IsPresent);
        Assert.Equal(400, f.Status);
    }

    [Fact]
    public void Http09RequestHasNoProtocol()
    {
        const string line = "192.0.2.1 - - [19/Jul/2022:21:10:03 +0900] \"GET /\" 200 45";
        Assert.True(AccessLineScanner.TryScan(Encoding.UTF8.GetBytes(line), out var f));
        Assert.Equal("GET", S(line, f.Method));
        Assert.Equal("/", S(line, f.Target));
        Assert.False(f.Protocol.IsPresent);
    }

    [Theory]
    [InlineData("1.2.3.4 - - [19/Jul/2022:21:10:03 +0900] \"GET / HTTP/1.1\" 200")]
    [InlineData("1.2.3.4 - - [19/Jul/2022:21:10:03 +0900] \"GET / HTTP/1.1\" 2000 1")]
    [InlineData("1.2.3.4 - - [19/Jul/2022:21:10:03 +0900] \"GET / HTTP/1.1\" 200 12x")]
    [InlineData("1.2.3.4 - - [19/Jul/2022:21:10:03 +0900] \"GET / HTTP/1.1\" 200 12 \"-\" \"cut off")]
    [InlineData("1.2.3.4 - - [19/Jul/2022:21:10:03 +0900] GET / HTTP/1.1 200 12")]
    [InlineData("1.2.3.4 [19/Jul/2022:21:10:03 +0900] \"GET / HTTP/1.1\" 200 12")]
    [InlineData("Jul 19 21:10:03 web1 sshd[1234]: Accepted publickey for ec2-user")]
    [InlineData("")]
    public void RejectsLinesThatAreNotAccessLines(string line) =>
        Assert.False(AccessLineScanner.TryScan(Encoding.UTF8.GetBytes(line), out _));

    [Fact]
    public void CountsExtraFieldsAfterTheAgent()
    {
        // combined plus %D (microseconds), a common customisation: readable as combined, but not exact.
        const string line = "192.0.2.1 - - [19/Jul/2022:21:10:03 +0900] \"GET / HTTP/1.1\" 200 45 \"-\" \"curl/8.0\" 1234";
        Assert.True(AccessLineScanner.TryScan(Encoding.UTF8.GetBytes(line), out var f));
        Assert.Equal(2, f.QuotedFieldsAfterSize);
        Assert.True(f.HasTrailingText);
        Assert.False(f.IsExactShape);
    }
}
