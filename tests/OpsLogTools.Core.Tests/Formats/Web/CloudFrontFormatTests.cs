using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using Xunit;
using static OpsLogTools.Core.Tests.Formats.Web.WebFormatTesting;

namespace OpsLogTools.Core.Tests.Formats.Web;

public class CloudFrontFormatTests
{
    // Hand-written after the "Standard logging" page of the CloudFront developer guide: the #Version and #Fields
    // headers as CloudFront writes them (33 fields), tab-separated values, URL-encoded, UTC.
    private const string Header = "#Version: 1.0\n" +
        "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) " +
        "cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for " +
        "ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port " +
        "time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end";

    private static string Row(params string[] values) => string.Join('\t', values);

    // The seed's prober as CloudFront saw it: a real address, an edge in Tokyo, 404 from the origin.
    private static readonly string Probe404 = Row("2022-07-19", "12:10:03", "NRT57-P2", "548", "198.51.100.23", "GET",
        "d111111abcdef8.cloudfront.net", "/wp-login.php", "404", "-",
        "Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/103.0.0.0%20Safari/537.36",
        "-", "-", "Error", "bK9SWQf_2cZbRPkPJTKdKVUfG5EJXIMpzuZsQoHmQjJ7PaXv2wRnOA==", "www.example.com", "https", "231", "0.012", "-",
        "TLSv1.3", "TLS_AES_128_GCM_SHA256", "Error", "HTTP/2.0", "-", "-", "51234", "0.012", "Error", "text/html", "196", "-", "-");

    // A double-encoded path and query (CloudFront encodes the '%' of what the viewer sent), a forwarded-for chain.
    private static readonly string Encoded = Row("2022-07-19", "12:11:00", "NRT20-C1", "10240", "2001:db8:85a3::8a2e:370:7334", "GET",
        "d111111abcdef8.cloudfront.net", "/blog/my%2520post", "200", "https://www.google.com/",
        "Mozilla/5.0%2520(compatible)", "s=%E3%83%AD%E3%82%B0&x=a%0Ab", "-", "Hit", "id2", "www.example.com", "https", "180", "0.001",
        "203.0.113.50,%20192.0.2.1", "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", "Hit", "HTTP/1.1", "-", "-", "443", "0.001", "Hit",
        "text/html", "10000", "-", "-");

    [Fact]
    public void HeadersAreIgnoredAndRowsParsed()
    {
        var results = ParseFile(new CloudFrontFormat(), Header + "\n" + Probe404);
        Assert.Equal(LineParseStatus.Ignored, results[0].Status);
        Assert.Equal(LineParseStatus.Ignored, results[1].Status);
        Assert.Equal(LineParseStatus.Parsed, results[2].Status);
        var e = Assert.IsType<AccessLogEntry>(results[2].Entry);
        Assert.Equal(LogFormat.CloudFront, e.Format);
        Assert.Equal(3, e.LineNumber);
        Assert.Equal(new DateTimeOffset(2022, 7, 19, 12, 10, 3, TimeSpan.Zero), e.Timestamp);
        Assert.Equal(TimeSpan.Zero, e.Timestamp.Offset);
        Assert.Equal("2022-07-19\t12:10:03", e.StampText);
        Assert.Equal("198.51.100.23", e.ClientIp);
        Assert.Equal("GET", e.Method);
        Assert.Equal("/wp-login.php", e.Target);
        Assert.Null(e.Query);
        Assert.Equal("HTTP/2.0", e.Protocol);
        Assert.Equal(404, e.Status);
        Assert.Equal(548L, e.Bytes);
        Assert.Null(e.Referer);
        Assert.Equal("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/103.0.0.0 Safari/537.36", e.UserAgent);
        Assert.Null(e.ForwardedFor);
        Assert.Equal("www.example.com", e.VirtualHost);
        Assert.Equal("NRT57-P2", e.EdgeLocation);
        Assert.Equal("Error", e.ResultType);
        Assert.Equal(0.012, e.TimeTaken);
        Assert.Equal("GET /wp-login.php HTTP/2.0", e.Message);
        Assert.Equal("written", e.TimeBasis);
    }

    [Fact]
    public void ValuesAreUrlDecodedOnce()
    {
        var e = Assert.IsType<AccessLogEntry>(ParseFile(new CloudFrontFormat(), Header + "\n" + Encoded)[2].Entry);
        Assert.Equal("/blog/my%20post", e.Target);
        Assert.Equal("Mozilla/5.0%20(compatible)", e.UserAgent);
        // A decoded control byte would reach a terminal: %0A stays written.
        Assert.Equal("s=ログ&x=a%0Ab", e.Query);
        Assert.Equal("203.0.113.50, 192.0.2.1", e.ForwardedFor);
        Assert.Equal("2001:db8:85a3::8a2e:370:7334", e.ClientIp);
        Assert.Equal("https://www.google.com/", e.Referer);
        Assert.Equal("GET /blog/my%20post?s=ログ&x=a%0Ab HTTP/1.1", e.Message);
    }

    [Fact]
    public void ReorderedAndReducedFieldsFollowTheHeader()
    {
        // A hand-made layout: fewer fields, in another order, time before date. The parser must follow #Fields, not positions.
        const string text = "#Version: 1.0\n#Fields: c-ip time sc-status date cs-uri-stem x-edge-location cs-method cs(Host)\n" +
            "192.0.2.77\t23:59:59\t503\t2022-12-31\t/index.html\tLAX3-C4\tHEAD\td111111abcdef8.cloudfront.net";
        var results = ParseFile(new CloudFrontFormat(), text);
        var e = Assert.IsType<AccessLogEntry>(results[2].Entry);
        Assert.Equal("192.0.2.77", e.ClientIp);
        Assert.Equal(new DateTimeOffset(2022, 12, 31, 23, 59, 59, TimeSpan.Zero), e.Timestamp);
        Assert.Equal("2022-12-31 23:59:59", e.StampText);
        Assert.Equal(503, e.Status);
        Assert.Equal("/index.html", e.Target);
        Assert.Equal("HEAD", e.Method);
        Assert.Equal("LAX3-C4", e.EdgeLocation);
        Assert.Equal("d111111abcdef8.cloudfront.net", e.VirtualHost);
        Assert.Null(e.Bytes);
        Assert.Null(e.UserAgent);
        Assert.Null(e.TimeTaken);
        Assert.Null(e.Protocol);
        Assert.Equal("HEAD /index.html", e.Message);
    }

    [Fact]
    public void ANewHeaderMidFileChangesTheLayout()
    {
        // Two files concatenated (cat *.log): the second header takes over.
        const string text = "#Fields: date time c-ip sc-status\n2022-07-19\t12:00:00\t192.0.2.1\t200\n" +
            "#Fields: date time sc-status c-ip\n2022-07-19\t13:00:00\t301\t192.0.2.2";
        var results = ParseFile(new CloudFrontFormat(), text);
        var first = (AccessLogEntry)results[1].Entry!;
        var second = (AccessLogEntry)results[3].Entry!;
        Assert.Equal(("192.0.2.1", 200), (first.ClientIp, first.Status));
        Assert.Equal(("192.0.2.2", 301), (second.ClientIp, second.Status));
    }

    [Fact]
    public void RowsWithoutAHeaderUseTheStandardOrder()
    {
        var results = ParseFile(new CloudFrontFormat(), Probe404);
        Assert.Equal(LineParseStatus.Parsed, results[0].Status);
        Assert.Equal("198.51.100.23", ((AccessLogEntry)results[0].Entry!).ClientIp);
    }

    [Theory]
    [InlineData("2022-07-19\t12:10:03\tNRT57-P2\t548")]
    [InlineData("2022-07-19\t12:10:03\tNRT57-P2\t548\t198.51.100.23\tGET\td1.cloudfront.net\t/\tOK\t-\t-\t-\t-\tHit\tid\th\thttps\t1\t0.1\t-\tTLSv1.3\tc\tHit\tHTTP/2.0\t-\t-\t1\t0.1\tHit\ttext/html\t1\t-\t-")]
    [InlineData("2022-02-30\t12:10:03\tNRT57-P2\t548\t198.51.100.23\tGET\td1.cloudfront.net\t/\t200\t-\t-\t-\t-\tHit\tid\th\thttps\t1\t0.1\t-\tTLSv1.3\tc\tHit\tHTTP/2.0\t-\t-\t1\t0.1\tHit\ttext/html\t1\t-\t-")]
    [InlineData("not a cloudfront line")]
    public void BrokenRowsAreMalformed(string row)
    {
        var results = ParseFile(new CloudFrontFormat(), Header + "\n" + row);
        Assert.Equal(LineParseStatus.Malformed, results[2].Status);
        Assert.Null(results[2].Entry);
    }

    [Fact]
    public void StatusZeroWhenTheViewerLeft()
    {
        // CloudFront logs sc-status 000 when the viewer closed the connection before the response.
        var e = (AccessLogEntry)ParseFile(new CloudFrontFormat(), Header + "\n" + Probe404.Replace("\t404\t", "\t000\t"))[2].Entry!;
        Assert.Equal(0, e.Status);
    }

    [Fact]
    public void ProbeScoresHeadersAndRows()
    {
        var f = new CloudFrontFormat();
        var lines = Header.Split('\n');
        Assert.True(Probe(f, lines[0]) > 0);
        Assert.True(Probe(f, lines[1]) > Probe(f, lines[0]));
        Assert.True(Probe(f, Probe404) > 0);
        Assert.Equal(LogFormat.CloudFront, Best(Probe404));
        Assert.Equal(LogFormat.CloudFront, Best(lines[1]));
        Assert.Equal(0, Probe(f, "#Fields: date time s-ip cs-method cs-uri-stem"));
        Assert.Equal(0, Probe(f, "2022-07-19 12:10:03 NRT57-P2 548"));
        Assert.Equal(0, Probe(new ApacheCombinedFormat(), Probe404));
        Assert.True(f.StampsAreAbsolute);
    }

    [Fact]
    public void LongEncodedValuesDecodeWhole()
    {
        string ua = string.Concat(Enumerable.Repeat("Bot%2F1.0%20", 200));
        var e = (AccessLogEntry)ParseFile(new CloudFrontFormat(), "#Fields: date time c-ip cs(User-Agent)\n2022-07-19\t12:00:00\t192.0.2.1\t" + ua)[1].Entry!;
        Assert.Equal(string.Concat(Enumerable.Repeat("Bot/1.0 ", 200)), e.UserAgent);
    }
}
