using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reports;
using OpsLogTools.Core.Sample;
using Xunit;

namespace OpsLogTools.Core.Tests.Reports;

/// <summary>The report model of generated bundles against what the generator planted.</summary>
public class OpsReportBuilderTests : IClassFixture<ReportBundles>
{
    private readonly ReportBundles _bundles;

    public OpsReportBuilderTests(ReportBundles bundles) => _bundles = bundles;

    [Theory]
    [InlineData("seed")]
    [InlineData("eastern")]
    public void Report_matches_the_ground_truth(string scenario)
    {
        var (dir, truth) = _bundles.Bundle(scenario);
        var report = ReportBundles.Report(dir);

        // Host, zone and period come from the logs.
        Assert.Equal(truth.HostName, report.HostName);
        Assert.Equal(Offset(truth.HostZone), report.HostZone.BaseUtcOffset);
        Assert.NotNull(report.PeriodStart);
        Assert.True(report.PeriodStart <= truth.IncidentStart && report.PeriodEnd >= truth.Outage!.Up);
        Assert.True(report.PeriodStart >= truth.LogStart - TimeSpan.FromDays(1), $"period starts {report.PeriodStart}, logs {truth.LogStart}");

        // The outage window.
        var httpd = Assert.Single(report.Outages, o => o.Service == "httpd");
        var outage = truth.Outage!;
        Assert.InRange(httpd.Start, outage.Down - TimeSpan.FromMinutes(10), outage.Down);
        Assert.InRange(httpd.End, outage.Up - TimeSpan.FromMinutes(2), outage.Up + TimeSpan.FromMinutes(2));
        Assert.Contains(report.Bands, b => b.Kind == ReportBandKind.Outage && b.Start <= outage.Down && b.End >= outage.Up - TimeSpan.FromMinutes(2));

        // Every displaced run, at its lines.
        foreach (var stamped in truth.StampRuns)
        {
            Assert.Contains(report.Anomalies, a => a.Kind == AnomalyKind.DisplacedTimestamps
                && a.Path.Replace('\\', '/').EndsWith("/" + stamped.Path, StringComparison.Ordinal) && a.FirstLine == stamped.FirstLine && a.LastLine == stamped.LastLine);
        }
        Assert.Contains(report.Bands, b => b.Kind == ReportBandKind.DisplacedClock);

        // Bots with their rules; a benign crawler gets none; no rule is ever for an edge.
        foreach (var bot in truth.Bots)
        {
            var found = Assert.Single(report.Bots, b => b.Activity.ClientIp == bot.Address);
            if (bot.Kind == PlantedBotKind.Crawler)
            {
                Assert.Null(found.Rule);
                Assert.Equal("BenignClient", found.Refusal?.ErrorId);
            }
            else
            {
                Assert.Equal(bot.Address + "/32", found.Rule?.Address);
                Assert.Contains(bot.Address, found.Rule!.Rule);
            }
            // The timeline counts each request once, though CloudFront and the origin both log a forwarded one.
            Assert.Equal(bot.Requests, found.Minutes.Sum(m => m.Requests));
            Assert.Equal(found.Activity.Requests, found.Minutes.Sum(m => m.Requests));
            Assert.NotNull(found.FirstLine);
        }
        Assert.DoesNotContain(report.Bots, b => b.Rule is not null && truth.EdgeAddresses.Contains(b.Activity.ClientIp));
        Assert.DoesNotContain(report.Bots, b => b.Rule is not null && b.Activity.IsCdnEdge);

        // Per-minute counts sum to the access-log and CloudFront line counts.
        long originLines = truth.Files.Where(f => f.Kind == "AccessLog").Sum(f => f.LineCount);
        Assert.Equal(originLines, report.RequestMinutes.Where(m => m.Source == RequestSource.Origin).Sum(m => m.Total));
        Assert.Equal(truth.OriginRequests, report.RequestMinutes.Where(m => m.Source == RequestSource.Origin).Sum(m => m.Total));
        Assert.Equal(truth.ViewerRequests, report.RequestMinutes.Where(m => m.Source == RequestSource.CloudFront).Sum(m => m.Total));
        Assert.Equal(outage.OriginServerErrors, report.RequestMinutes.Where(m => m.Source == RequestSource.Origin).Sum(m => m.ServerError));
        Assert.All(report.RequestMinutes, m => Assert.Equal(0, m.Minute.UtcTicks % TimeSpan.TicksPerMinute));

        // The nightly yum run after the incident is near it (it ended the displaced clock).
        var nightly = truth.UpdateRuns.Where(u => u.Start > truth.IncidentStart).OrderBy(u => u.Start).First();
        var run = Assert.Single(report.UpdateRuns, u => u.Result.UpdateStart == nightly.Start);
        Assert.True(run.IsNear);
        Assert.NotNull(run.Relation);
        Assert.Equal(truth.UpdateRuns.Count, report.UpdateRuns.Count);
        Assert.Contains(report.Bands, b => b.Kind == ReportBandKind.UpdateRun && b.Start == nightly.Start);

        // Sources: every log file of the truth was read (crontabs are not logs).
        Assert.Equal(truth.Files.Count(f => f.Kind != "Crontab"), report.Sources.Count);
        Assert.Equal(report.Entries, report.Sources.Sum(s => s.Entries));
        Assert.Equal(dir.TrimEnd('/'), report.BaseDirectory);
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("eastern")]
    public void Since_and_until_limit_what_is_reported_not_what_is_read(string scenario)
    {
        var (dir, truth) = _bundles.Bundle(scenario);
        var since = truth.IncidentStart - TimeSpan.FromHours(3);
        var until = truth.IncidentStart + TimeSpan.FromHours(15);
        var report = ReportBundles.Report(dir, new OpsReportOptions { Since = since, Until = until });

        Assert.Equal(since, report.PeriodStart);
        Assert.Equal(until, report.PeriodEnd);
        Assert.All(report.RequestMinutes, m => Assert.InRange(m.Minute, since - TimeSpan.FromMinutes(1), until));

        // Counted independently: origin requests stamped inside the period.
        var reader = new LogReader(FormatRegistry.All);
        long inPeriod = reader.Read([dir], new LogReadOptions(), NullDiagnostics.Instance)
            .OfType<AccessLogEntry>().Count(e => e.Format != LogFormat.CloudFront && e.Timestamp >= since && e.Timestamp < until);
        Assert.Equal(inPeriod, report.RequestMinutes.Where(m => m.Source == RequestSource.Origin).Sum(m => m.Total));
        Assert.True(inPeriod < truth.OriginRequests);

        // The displaced runs are stamped months before the period but belong in it.
        Assert.Equal(truth.StampRuns.Count, report.Anomalies.Count(a => a.Kind == AnomalyKind.DisplacedTimestamps));
        Assert.Contains(report.Outages, o => o.Service == "httpd");
        Assert.All(report.Anomalies, a => Assert.True(a.End >= since && a.Start < until));
        Assert.All(report.UpdateRuns, u => Assert.True(u.Result.UpdateEnd >= since && u.Result.UpdateStart < until));
        Assert.Contains(report.Bots, b => b.Activity.ClientIp == truth.Bots.First(x => x.Kind == PlantedBotKind.CmsProbe).Address);
        Assert.All(report.Bots, b => Assert.All(b.Minutes, m => Assert.InRange(m.Minute, since - TimeSpan.FromMinutes(1), until)));
    }

    [Fact]
    public void Given_findings_are_reported_as_given_without_reading()
    {
        var builder = new OpsReportBuilder(new OpsReportOptions { Title = "given" });
        var t = new DateTimeOffset(2024, 3, 1, 2, 0, 0, TimeSpan.FromHours(1));
        builder.Add(new LogAnomaly { Kind = AnomalyKind.ServiceOutage, Path = "/x/messages", FirstLine = 3, LastLine = 9, Start = t, End = t.AddHours(1), Service = "nginx" });
        builder.Add(new BotActivity { ClientIp = "45.12.3.4", Kind = BotKind.Scanner, Intent = BotIntent.Malicious, Requests = 40, FirstSeen = t, LastSeen = t.AddMinutes(5) });
        builder.Add(new BotActivity { ClientIp = "10.0.0.8", Kind = BotKind.Scanner, Intent = BotIntent.Malicious, Requests = 4, FirstSeen = t, LastSeen = t });
        builder.Add(new UpdateWindowResult { UpdateStart = t.AddMinutes(-30), UpdateEnd = t.AddMinutes(-29), Relation = UpdateRelation.Before, Gap = TimeSpan.FromMinutes(29), IncidentStart = t, IncidentEnd = t.AddHours(1) });
        var report = builder.Build();

        Assert.Equal("given", report.Title);
        Assert.Single(report.Outages);
        Assert.Equal(2, report.Bots.Count);
        Assert.Equal("45.12.3.4/32", report.Bots.Single(b => b.Activity.ClientIp == "45.12.3.4").Rule?.Address);
        Assert.Equal("PrivateAddress", report.Bots.Single(b => b.Activity.ClientIp == "10.0.0.8").Refusal?.ErrorId);
        var run = Assert.Single(report.UpdateRuns);
        Assert.True(run.IsNear);
        Assert.Empty(report.Sources);
        Assert.Empty(report.RequestMinutes);
        Assert.Throws<InvalidOperationException>(() => builder.Build());
    }

    private static TimeSpan Offset(string zone) => TimeSpan.Parse(zone.TrimStart('+'), System.Globalization.CultureInfo.InvariantCulture);
}
