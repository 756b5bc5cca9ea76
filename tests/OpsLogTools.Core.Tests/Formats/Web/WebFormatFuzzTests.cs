using System.Text;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using Xunit;
using static OpsLogTools.Core.Tests.Formats.Web.WebFormatTesting;

namespace OpsLogTools.Core.Tests.Formats.Web;

/// <summary>Bad input must never throw: random bytes, every truncation of good lines, and random byte damage.</summary>
public class WebFormatFuzzTests
{
    // One good line of each format (the fixtures of the other test classes, condensed).
    private static readonly string[] GoodLines =
    [
        "192.0.2.44 - alice [19/Jul/2022:21:10:03 +0900] \"POST /login HTTP/1.1\" 302 -",
        "130.176.212.18 - - [19/Jul/2022:21:10:03 +0900] \"GET /a?b=\\\"c\\\" HTTP/1.1\" 404 196 \"-\" \"Mozilla \\xe3\\x83\\xad\"",
        "www.example.com:80 2001:db8::7 - - [19/Jul/2022:21:10:03 +0900] \"GET / HTTP/1.1\" 200 9120 \"-\" \"curl/7.79.1\"",
        "172.31.5.10 - - [19/Jul/2022:12:10:03 +0000] \"\\x16\\x03\\x01\" 400 157 \"-\" \"-\" \"198.51.100.23\"",
        "[Tue Jul 19 21:10:03.123456 2022] [mpm_prefork:error] [pid 1234:tid 5] AH00161: server reached MaxRequestWorkers",
        "[Tue Jul 19 21:10:03 2022] [error] [client 1.2.3.4] File does not exist: /var/www/html/wp-login.php",
        "2022/07/19 21:10:03 [error] 1234#1234: *5 open() \"/x\" failed (2: No such file or directory)",
        "#Fields: date time x-edge-location c-ip sc-status cs-uri-stem cs(User-Agent) time-taken",
        "2022-07-19\t12:10:03\tNRT57-P2\t548\t198.51.100.23\tGET\td1.cloudfront.net\t/wp-login.php\t404\t-\tMozilla/5.0%20(X)%2\t" +
            "a=%E3%83\t-\tError\tid\twww.example.com\thttps\t231\t0.012\t-\tTLSv1.3\tTLS_AES_128_GCM_SHA256\tError\tHTTP/2.0\t-\t-\t" +
            "51234\t0.012\tError\ttext/html\t196\t-\t-",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomBytesNeverThrow(int seed)
    {
        var rnd = new Random(seed);
        // Bytes drawn mostly from the characters these formats care about, so the parsers get deep before failing.
        byte[] alphabet = Encoding.ASCII.GetBytes(" -[]\"\\/:#\t.0123456789JulTueGETHTTPx+error");
        for (int i = 0; i < 3000; i++)
        {
            var line = new byte[rnd.Next(0, 120)];
            for (int j = 0; j < line.Length; j++)
                line[j] = rnd.Next(4) == 0 ? (byte)rnd.Next(256) : alphabet[rnd.Next(alphabet.Length)];
            Exercise(line);
        }
    }

    [Fact]
    public void EveryTruncationOfAGoodLineIsHandled()
    {
        foreach (var good in GoodLines)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(good);
            for (int n = 0; n <= bytes.Length; n++) Exercise(bytes.AsSpan(0, n).ToArray());
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void DamagedGoodLinesNeverThrow(int seed)
    {
        var rnd = new Random(seed);
        foreach (var good in GoodLines)
        {
            byte[] original = Encoding.UTF8.GetBytes(good);
            for (int i = 0; i < 400; i++)
            {
                byte[] bytes = (byte[])original.Clone();
                for (int k = rnd.Next(1, 4); k > 0; k--)
                    bytes[rnd.Next(bytes.Length)] = rnd.Next(3) == 0 ? (byte)0 : (byte)rnd.Next(256);
                Exercise(bytes);
            }
        }
    }

    [Fact]
    public void EveryGoodLineIsReadByItsBestFormat()
    {
        // Guards the fuzz fixtures themselves: if they stopped parsing, the fuzz tests above would test nothing.
        foreach (var good in GoodLines)
        {
            var best = Best(good);
            Assert.NotEqual(LogFormat.Unknown, best);
            var format = WebFormats.All.Single(f => f.Format == best);
            var status = Parse(format, good, out _);
            Assert.True(status is LineParseStatus.Parsed or LineParseStatus.Ignored, good);
        }
    }

    private static void Exercise(byte[] line)
    {
        foreach (var format in WebFormats.All)
        {
            Assert.True(format.Probe(line) >= 0);
            var parser = format.CreateParser(Context());
            var status = parser.TryParse(line, 1, out var entry);
            Assert.Equal(status == LineParseStatus.Parsed, entry is not null);
            if (entry is not null)
            {
                Assert.NotNull(entry.Message);
                Assert.NotNull(entry.StampText);
                // Reading every string property must not throw either (no half-built entries).
                _ = entry.ToString();
            }
        }
        AccessLineScanner.TryScan(line, out _);
    }
}
