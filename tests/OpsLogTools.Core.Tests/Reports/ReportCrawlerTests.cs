using System.Text;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reports;
using OpsLogTools.Core.Tests.Bots;
using Xunit;

namespace OpsLogTools.Core.Tests.Reports;

/// <summary>
/// Export-OpsReport shows bots as Find-BotRequest does: on a project site's day (<see cref="ProjectSiteDay"/>) the
/// crawlers with one or two requests are left out of the Bots table and one sentence says how many, in HTML and
/// Markdown; the tarball downloaders are not there at all.
/// </summary>
public sealed class ReportCrawlerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "opslogtools-reportcrawlers-" + Guid.NewGuid().ToString("N"));

    public ReportCrawlerTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Small_crawlers_are_counted_not_listed()
    {
        var day = new ProjectSiteDay(8);
        string log = Path.Combine(_root, "access_log");
        File.WriteAllText(log, day.CombinedLog(), new UTF8Encoding(false));
        var builder = new OpsReportBuilder(new OpsReportOptions { GeneratedAt = new DateTimeOffset(2024, 5, 15, 0, 0, 0, TimeSpan.Zero) });
        var reader = new LogReader(FormatRegistry.All);
        builder.Analyze(reader.Read([log], new LogReadOptions { LocalZone = TimeZoneInfo.Utc }, new CollectingDiagnostics()));
        var report = builder.Build();

        Assert.Equal(new[] { day.Prober, day.Scanner, day.BusyGooglebot }.Order(StringComparer.Ordinal), report.Bots.Select(b => b.Activity.ClientIp).Order(StringComparer.Ordinal));
        Assert.Equal(day.SmallCrawlers.Count, report.CrawlersLeftOut);
        string note = $"{day.SmallCrawlers.Count} known crawler(s) with only one or two requests are not listed (Find-BotRequest -IncludeBenign lists them).";
        Assert.Equal(note, report.CrawlersLeftOutNote);
        Assert.Contains("<p class=\"note\">" + note + "</p>\n</section>", HtmlReportWriter.Render(report), StringComparison.Ordinal);
        Assert.Contains("\n" + note + "\n", MarkdownReportWriter.Render(report), StringComparison.Ordinal);
        Assert.All(day.Downloaders, d => Assert.DoesNotContain(report.Bots, b => b.Activity.ClientIp == d));
    }
}
