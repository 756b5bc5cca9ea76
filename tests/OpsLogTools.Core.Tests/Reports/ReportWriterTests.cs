using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reports;
using Xunit;

namespace OpsLogTools.Core.Tests.Reports;

/// <summary>The HTML and Markdown writers: well-formed output, the findings in it, and nothing a log line could inject.</summary>
public class ReportWriterTests : IClassFixture<ReportBundles>
{
    // Everything the HTML writer may emit. A log line that got through as markup would bring a name not on these lists.
    private static readonly HashSet<string> Elements = new(StringComparer.Ordinal)
    {
        "html", "head", "meta", "title", "style", "body", "header", "footer", "section", "h1", "h2", "h3", "p", "b", "span", "div",
        "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "code", "br", "figure", "svg", "desc", "g", "rect", "line", "text",
        "details", "summary", "polyline",
    };
    private static readonly HashSet<string> Attributes = new(StringComparer.Ordinal)
    {
        "lang", "charset", "http-equiv", "content", "name", "class", "id", "xmlns", "viewBox", "width", "height", "role", "aria-labelledby",
        "x", "y", "x1", "x2", "y1", "y2", "fill", "fill-opacity", "stroke", "stroke-width", "font-size", "font-weight", "text-anchor", "transform",
        "data-start", "data-end", "colspan", "points", "stroke-dasharray", "rx",
    };

    private readonly ReportBundles _bundles;

    public ReportWriterTests(ReportBundles bundles) => _bundles = bundles;

    [Theory]
    [InlineData("seed")]
    [InlineData("eastern")]
    public void Html_is_well_formed_with_charts_and_tables(string scenario)
    {
        var (dir, truth) = _bundles.Bundle(scenario);
        var report = ReportBundles.Report(dir);
        string html = HtmlReportWriter.Render(report);
        var doc = Parse(html);
        CheckVocabulary(doc);

        var svgs = doc.Descendants().Where(e => e.Name.LocalName == "svg").ToList();
        // CloudFront, origin and bots zoomed to the incident window, and the whole period small below them.
        Assert.NotNull(report.IncidentStart);
        Assert.Equal(4, svgs.Count);
        var zoomed = svgs.Single(e => (string?)e.Attribute("id") == "chart-cloudfront");
        var shownFrom = DateTimeOffset.Parse((string)zoomed.Attribute("data-start")!, System.Globalization.CultureInfo.InvariantCulture);
        var shownTo = DateTimeOffset.Parse((string)zoomed.Attribute("data-end")!, System.Globalization.CultureInfo.InvariantCulture);
        // The planted incident (first 5xx to the restart) lies inside the window shown, and the window is the night, not the fortnight.
        Assert.InRange(truth.IncidentStart, shownFrom, shownTo);
        Assert.All(report.Outages, o => Assert.InRange(o.Start, shownFrom, shownTo));
        Assert.True(shownTo - shownFrom < (report.PeriodEnd!.Value - report.PeriodStart!.Value) / 3, $"window {shownFrom:o} – {shownTo:o}");
        Assert.All(svgs, s => Assert.Contains(s.Elements(), e => e.Name.LocalName == "title" && e.Value.Length > 0));
        Assert.All(svgs, s => Assert.Contains(s.Descendants(), e => e.Name.LocalName == "g" && (string?)e.Attribute("class") == "legend"));
        Assert.Equal(report.Anomalies.Count, Rows(doc, "anomalies-table"));
        Assert.Equal(report.Bots.Count, Rows(doc, "bots-table"));
        Assert.Equal(report.UpdateRuns.Count, Rows(doc, "updates-table"));
        Assert.Equal(report.Outages.Count, Rows(doc, "outages-table"));
        Assert.Equal(report.Sources.Count, Rows(doc, "sources-table"));
        foreach (var bot in truth.Bots) Assert.Contains(bot.Address, Table(doc, "bots-table"));

        // Time labels are in the host's zone: the incident's local hour appears on the axis of a one-night report.
        var night = ReportBundles.Report(dir, new OpsReportOptions { Since = truth.IncidentStart.AddHours(-2), Until = truth.IncidentStart.AddHours(4) });
        var nightDoc = Parse(HtmlReportWriter.Render(night));
        string axis = string.Join(" ", nightDoc.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
        Assert.Contains(truth.IncidentStart.ToString("HH:00", System.Globalization.CultureInfo.InvariantCulture), axis);
        Assert.Contains(truth.HostZone, axis);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(HtmlReportWriter.ContentSecurityPolicy, html);
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("eastern")]
    public void Markdown_has_the_same_findings_in_intact_tables(string scenario)
    {
        var (dir, truth) = _bundles.Bundle(scenario);
        var report = ReportBundles.Report(dir);
        string md = MarkdownReportWriter.Render(report);
        CheckTables(md);
        Assert.Contains("## Anomalies", md);
        Assert.Contains("## Bots", md);
        Assert.Contains("## Update runs", md);
        foreach (var bot in truth.Bots) Assert.Contains(bot.Address, md);
        Assert.Equal(report.Anomalies.Count, TableRows(md, "## Anomalies"));
        Assert.Equal(report.Bots.Count, TableRows(md, "## Bots"));
        Assert.DoesNotContain('<', md);
    }

    [Fact]
    public void Hostile_log_text_is_never_markup_nor_a_link()
    {
        var report = HostileReport.Build();
        Assert.NotEmpty(report.Bots);
        Assert.NotEmpty(report.Anomalies);

        string html = HtmlReportWriter.Render(report);
        var doc = Parse(html);
        CheckVocabulary(doc);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg onload", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex("<[^>]*\\son[a-z]+\\s*=", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(5)), html);
        Assert.DoesNotContain('\u001b', html);
        Assert.DoesNotContain(doc.Descendants().Attributes(), a => a.Value.Contains("javascript:", StringComparison.OrdinalIgnoreCase));
        // The hostile text is there, as text.
        Assert.Contains(doc.Descendants(), e => e.Name.LocalName == "li" && e.Value.Contains("<img src=x onerror=alert(1)>", StringComparison.Ordinal));
        Assert.Contains(doc.Descendants(), e => e.Name.LocalName == "td" && e.Value.Contains("'=HYPERLINK(", StringComparison.Ordinal));

        string md = MarkdownReportWriter.Render(report);
        CheckTables(md);
        Assert.DoesNotContain('<', md);
        Assert.DoesNotContain('\u001b', md);
        Assert.DoesNotContain("http://", md, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("(?<!\\\\)\\]\\(", RegexOptions.None, TimeSpan.FromSeconds(5)), md);
        Assert.DoesNotMatch(new Regex("\\|\\s*=", RegexOptions.None, TimeSpan.FromSeconds(5)), md);
    }

    private static XDocument Parse(string html)
    {
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    private static void CheckVocabulary(XDocument doc)
    {
        foreach (var e in doc.Descendants())
        {
            Assert.Contains(e.Name.LocalName, Elements);
            foreach (var a in e.Attributes()) Assert.Contains(a.Name.LocalName, Attributes);
        }
    }

    private static XElement TableElement(XDocument doc, string id) =>
        doc.Descendants().Single(e => e.Name.LocalName == "table" && (string?)e.Attribute("id") == id);

    private static int Rows(XDocument doc, string id) =>
        doc.Descendants().Any(e => (string?)e.Attribute("id") == id)
            ? TableElement(doc, id).Descendants().Count(e => e.Name.LocalName == "tr" && e.Parent?.Name.LocalName == "tbody" && (string?)e.Attribute("class") != "evidence")
            : 0;

    private static string Table(XDocument doc, string id) => TableElement(doc, id).Value;

    // Every row of a table has as many unescaped pipes as its header: no log text split a cell or a row.
    private static void CheckTables(string md)
    {
        int? expected = null;
        foreach (var line in md.Split('\n'))
        {
            if (!line.StartsWith('|')) { expected = null; continue; }
            int pipes = Regex.Matches(line, "(?<!\\\\)\\|", RegexOptions.None, TimeSpan.FromSeconds(5)).Count;
            expected ??= pipes;
            Assert.Equal(expected, pipes);
        }
    }

    private static int TableRows(string md, string heading)
    {
        var lines = md.Split('\n');
        int i = Array.IndexOf(lines, heading);
        Assert.True(i >= 0, heading);
        int rows = 0;
        for (i += 2; i < lines.Length && lines[i].StartsWith('|'); i++) rows++;
        return Math.Max(rows - 2, 0); // header and separator
    }
}
