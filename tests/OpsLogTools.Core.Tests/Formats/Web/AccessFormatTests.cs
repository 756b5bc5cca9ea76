using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;
using static OpsLogTools.Core.Tests.Formats.Web.WebFormatTesting;

namespace OpsLogTools.Core.Tests.Formats.Web;

public class AccessFormatTests
{
    // After Apache's LogFormat "common" (httpd.conf of Amazon Linux 2): %h %l %u %t "%r" %>s %b
    private const string Common = "192.0.2.44 - alice [19/Jul/2022:21:10:03 +0900] \"POST /login HTTP/1.1\" 302 -";

    // After Apache's LogFormat "combined" (httpd.conf of Amazon Linux 2), a CloudFront edge as the client.
    private const string Combined = "130.176.212.18 - - [19/Jul/2022:21:10:03 +0900] \"GET /wp-login.php HTTP/1.1\" 404 196 " +
        "\"https://example.com/\" \"Mozilla/5.0 (X11; Linux x86_64; rv:102.0) Gecko/20100101 Firefox/102.0\"";

    // After the vhost_combined LogFormat of Debian's apache2.conf: %v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"
    private const string Vhost = "www.example.com:80 203.0.113.7 - - [19/Jul/2022:21:10:03 +0900] \"GET /feed/ HTTP/1.1\" 200 9120 " +
        "\"-\" \"Feedly/1.0 (+http://www.feedly.com/fetcher.html)\"";

    // After nginx.org's default nginx.conf: log_format main '$remote_addr - $remote_user [$time_local] "$request" '
    // '$status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"';
    private const string Nginx = "172.31.5.10 - - [19/Jul/2022:12:10:03 +0000] \"GET /xmlrpc.php HTTP/1.1\" 405 157 \"-\" " +
        "\"python-requests/2.28.1\" \"198.51.100.23, 130.176.212.18\"";

    [Fact]
    public void ProbeOrderPicksTheMostSpecificFormat()
    {
        Assert.Equal(LogFormat.ApacheCommon, Best(Common));
        Assert.Equal(LogFormat.ApacheCombined, Best(Combined));
        Assert.Equal(LogFormat.ApacheVhostCombined, Best(Vhost));
        Assert.Equal(LogFormat.NginxAccess, Best(Nginx));

        Assert.True(Probe(new ApacheVhostCombinedFormat(), Vhost) > Probe(new NginxAccessFormat(), Nginx));
        Assert.True(Probe(new NginxAccessFormat(), Nginx) > Probe(new ApacheCombinedFormat(), Combined));
        Assert.True(Probe(new ApacheCombinedFormat(), Combined) > Probe(new ApacheCommonFormat(), Common));
    }

    [Fact]
    public void ACommonLineIsNotCombinedNginxOrVhost()
    {
        Assert.Equal(0, Probe(new ApacheCombinedFormat(), Common));
        Assert.Equal(0, Probe(new NginxAccessFormat(), Common));
        Assert.Equal(0, Probe(new ApacheVhostCombinedFormat(), Common));
        Assert.Equal(0, Probe(new NginxAccessFormat(), Combined));
        Assert.Equal(0, Probe(new ApacheVhostCombinedFormat(), Combined));
        Assert.Equal(LineParseStatus.Malformed, Parse(new ApacheCombinedFormat(), Common, out _));
        Assert.Equal(LineParseStatus.Malformed, Parse(new NginxAccessFormat(), Combined, out _));
    }

    [Fact]
    public void CombinedLineBecomesAnEntry()
    {
        var e = ParseAccess(new ApacheCombinedFormat(), Combined);
        Assert.Equal(LogFormat.ApacheCombined, e.Format);
        Assert.Equal("/logs/test.log", e.Path);
        Assert.Equal(1, e.LineNumber);
        Assert.Equal(new DateTimeOffset(2022, 7, 19, 21, 10, 3, Jst), e.Timestamp);
        Assert.Equal(Jst, e.Timestamp.Offset);
        Assert.Equal("19/Jul/2022:21:10:03 +0900", e.StampText);
        Assert.Equal("written", e.TimeBasis);
        Assert.Equal("130.176.212.18", e.ClientIp);
        Assert.Equal("GET", e.Method);
        Assert.Equal("/wp-login.php", e.Target);
        Assert.Null(e.Query);
        Assert.Equal("HTTP/1.1", e.Protocol);
        Assert.Equal(404, e.Status);
        Assert.Equal(196L, e.Bytes);
        Assert.Equal("https://example.com/", e.Referer);
        Assert.Equal("Mozilla/5.0 (X11; Linux x86_64; rv:102.0) Gecko/20100101 Firefox/102.0", e.UserAgent);
        Assert.Null(e.ForwardedFor);
        Assert.Null(e.VirtualHost);
        Assert.Equal("GET /wp-login.php HTTP/1.1", e.Message);
        Assert.Null(e.Program);
    }

    [Fact]
    public void CommonLineKeepsDashesAsNull()
    {
        var e = ParseAccess(new ApacheCommonFormat(), Common);
        Assert.Equal(LogFormat.ApacheCommon, e.Format);
        Assert.Equal("POST", e.Method);
        Assert.Equal(302, e.Status);
        Assert.Null(e.Bytes);
        Assert.Null(e.Referer);
        Assert.Null(e.UserAgent);
    }

    [Fact]
    public void CommonParserStillReadsACombinedFile()
    {
        var e = ParseAccess(new ApacheCommonFormat(), Combined);
        Assert.Equal(LogFormat.ApacheCommon, e.Format);
        Assert.Equal(404, e.Status);
        Assert.Equal(2, Probe(new ApacheCommonFormat(), Combined));
    }

    [Fact]
    public void VhostLineCarriesTheVirtualHost()
    {
        var e = ParseAccess(new ApacheVhostCombinedFormat(), Vhost);
        Assert.Equal("www.example.com", e.VirtualHost);
        Assert.Equal("203.0.113.7", e.ClientIp);
        Assert.Equal(9120L, e.Bytes);
        Assert.Null(e.Referer);
        Assert.StartsWith("Feedly/1.0", e.UserAgent);
    }

    [Fact]
    public void NginxLineCarriesForwardedFor()
    {
        var e = ParseAccess(new NginxAccessFormat(), Nginx);
        Assert.Equal(LogFormat.NginxAccess, e.Format);
        Assert.Equal("198.51.100.23, 130.176.212.18", e.ForwardedFor);
        Assert.Equal(new DateTimeOffset(2022, 7, 19, 12, 10, 3, TimeSpan.Zero), e.Timestamp);
        Assert.Equal("python-requests/2.28.1", e.UserAgent);
    }

    [Fact]
    public void NginxDashForwardedForIsNull()
    {
        var e = ParseAccess(new NginxAccessFormat(), Nginx.Replace("\"198.51.100.23, 130.176.212.18\"", "\"-\""));
        Assert.Null(e.ForwardedFor);
    }

    [Fact]
    public void ApacheEscapesAreUndoneInTheEntry()
    {
        // Apache escapes a quote as \" and a backslash as \\, and bytes outside printable ASCII as \xhh
        // (so a UTF-8 user agent arrives as \xe3\x83\xad...). nginx writes a quote as \x22.
        const string line = "203.0.113.5 - - [19/Jul/2022:21:10:03 +0900] \"GET /search?q=\\\"wp\\\" HTTP/1.1\" 200 10 " +
            "\"\\x22quoted\\x22\" \"Bot \\\"X\\\" \\\\ \\xe3\\x83\\xad\\xe3\\x82\\xb0 \\x1b[31m\"";
        var e = ParseAccess(new ApacheCombinedFormat(), line);
        Assert.Equal("q=\"wp\"", e.Query);
        Assert.Equal("GET /search?q=\"wp\" HTTP/1.1", e.Message);
        Assert.Equal("\"quoted\"", e.Referer);
        // The escape byte 0x1b stays written out: no raw control character reaches a terminal.
        Assert.Equal("Bot \"X\" \\ ログ \\x1b[31m", e.UserAgent);
    }

    [Fact]
    public void TlsHandshakeOnPort80IsA400WithNoMethod()
    {
        // What Apache logs when a TLS ClientHello reaches a plain-HTTP port: the bytes, escaped, and status 400.
        const string line = "45.33.1.2 - - [19/Jul/2022:21:10:03 +0900] \"\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xfc\\x03\\x03\" 400 226 \"-\" \"-\"";
        var e = ParseAccess(new ApacheCombinedFormat(), line);
        Assert.Null(e.Method);
        Assert.Null(e.Target);
        Assert.Null(e.Protocol);
        Assert.Equal(400, e.Status);
        Assert.Equal("\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xfc\\x03\\x03", e.Message);
        Assert.Null(e.UserAgent);
    }

    [Fact]
    public void DashRequestAndDashStatus()
    {
        // A connection closed before a request (mod_reqtimeout): "-" 408; and a status that was never set.
        var e = ParseAccess(new ApacheCombinedFormat(), "192.0.2.8 - - [19/Jul/2022:21:10:03 +0900] \"-\" 408 - \"-\" \"-\"");
        Assert.Null(e.Method);
        Assert.Equal("-", e.Message);
        Assert.Equal(408, e.Status);
        Assert.Null(e.Bytes);
        var e2 = ParseAccess(new ApacheCommonFormat(), "192.0.2.8 - - [19/Jul/2022:21:10:03 +0900] \"GET / HTTP/1.1\" - -");
        Assert.Equal(0, e2.Status);
    }

    [Theory]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:1.2.3.4")]
    public void Ipv6ClientInTheEntry(string client)
    {
        var e = ParseAccess(new ApacheCombinedFormat(), $"{client} - - [19/Jul/2022:21:10:03 +0900] \"GET / HTTP/1.1\" 200 12 \"-\" \"-\"");
        Assert.Equal(client, e.ClientIp);
    }

    [Fact]
    public void InvalidUtf8StaysVisible()
    {
        // nginx does not escape bytes >= 0x80 in $request; a Shift_JIS path arrives raw.
        byte[] head = System.Text.Encoding.ASCII.GetBytes("192.0.2.1 - - [19/Jul/2022:21:10:03 +0900] \"GET /");
        byte[] tail = System.Text.Encoding.ASCII.GetBytes(" HTTP/1.1\" 404 0 \"-\" \"-\"");
        byte[] line = [.. head, 0x83, 0x8D, .. tail];
        var parser = new ApacheCombinedFormat().CreateParser(Context());
        Assert.Equal(LineParseStatus.Parsed, parser.TryParse(line, 3, out var entry));
        Assert.Equal("/\\x83\\x8d", ((AccessLogEntry)entry!).Target);
        Assert.Equal(3, entry!.LineNumber);
    }

    [Fact]
    public void EmptyLineIsIgnoredAndJunkIsMalformed()
    {
        foreach (var format in new ILogFormat[] { new ApacheCommonFormat(), new ApacheCombinedFormat(), new ApacheVhostCombinedFormat(), new NginxAccessFormat() })
        {
            Assert.Equal(LineParseStatus.Ignored, Parse(format, "", out _));
            Assert.Equal(LineParseStatus.Malformed, Parse(format, "Jul 19 21:10:03 web1 httpd: started", out var e));
            Assert.Null(e);
            Assert.True(format.StampsAreAbsolute);
        }
    }

    [Fact]
    public void AccessLinesScoreZeroForOtherWebFormats()
    {
        foreach (var line in new[] { Common, Combined, Vhost, Nginx })
        {
            Assert.Equal(0, Probe(new CloudFrontFormat(), line));
            Assert.Equal(0, Probe(new ApacheError24Format(), line));
            Assert.Equal(0, Probe(new ApacheError22Format(), line));
            Assert.Equal(0, Probe(new NginxErrorFormat(), line));
        }
    }

    [Fact]
    public void LongEscapedFieldsDecodeWhole()
    {
        // Header-stuffing scanners send user agents of kilobytes; the unescaping buffer must grow past its stack size.
        // Each piece is A, an escaped backslash, an escaped quote and an escaped UTF-8 character, as Apache writes them.
        string ua = string.Concat(Enumerable.Repeat(@"A\\\""\xe3\x83\xad", 300));
        var e = ParseAccess(new ApacheCombinedFormat(), $"192.0.2.1 - - [19/Jul/2022:21:10:03 +0900] \"GET / HTTP/1.1\" 200 1 \"-\" \"{ua}\"");
        Assert.Equal(string.Concat(Enumerable.Repeat("A\\\"ロ", 300)), e.UserAgent);
    }

    [Fact]
    public void VhostCommonLineIsReadAsCommonWithItsHost()
    {
        // Apache's vhost_common: "%v %h %l %u %t \"%r\" %>s %b" (no port, no referer or agent).
        const string line = "www.example.com 192.0.2.1 - - [19/Jul/2022:21:10:03 +0900] \"GET / HTTP/1.1\" 200 12";
        Assert.Equal(LogFormat.ApacheCommon, Best(line));
        Assert.Equal(0, Probe(new ApacheVhostCombinedFormat(), line));
        var e = ParseAccess(new ApacheCommonFormat(), line);
        Assert.Equal("www.example.com", e.VirtualHost);
        Assert.Equal("192.0.2.1", e.ClientIp);
    }
}
