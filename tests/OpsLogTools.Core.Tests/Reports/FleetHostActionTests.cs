using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reports;
using Xunit;

namespace OpsLogTools.Core.Tests.Reports;

/// <summary>
/// A host section of a fleet report says what to do about its wrong clock as the fleet view sees it: a window shared
/// with other hosts points at the time source they share, a window of this host alone at this host's time sync.
/// Findings are generated here from a seeded Random (window, offsets, the zones times are written in, file names).
/// </summary>
public class FleetHostActionTests
{
    private const string HostSync = "check the host's time sync (chronyd or ntpd) and its logger";

    private static readonly TimeSpan[] Zones = [TimeSpan.Zero, TimeSpan.FromHours(9), TimeSpan.FromHours(-4), TimeSpan.FromHours(5.5), TimeSpan.FromHours(-10)];

    private static LogAnomaly WrongClock(DateTimeOffset start, DateTimeOffset end, TimeSpan zone, string path, double offset) => new()
    {
        Kind = AnomalyKind.DisplacedTimestamps,
        Cause = AnomalyCause.Clock,
        Path = path,
        FirstLine = 10,
        LastLine = 90,
        Start = start.ToOffset(zone),
        End = end.ToOffset(zone),
        StampedStart = start.AddSeconds(offset).ToOffset(zone),
        StampedEnd = end.AddSeconds(offset).ToOffset(zone),
        OffsetSeconds = offset,
        Summary = "clock wrong",
    };

    private static OpsReport Report(HostFindings h)
    {
        var b = new OpsReportBuilder(new OpsReportOptions { Title = $"Host {h.HostName}", HostZone = TimeZoneInfo.Utc }, OpsLogTools.Core.Reading.NullDiagnostics.Instance);
        foreach (var a in h.Anomalies) b.Add(a);
        b.Analyze([]);
        return b.Build();
    }

    [Theory]
    [InlineData(3)]
    [InlineData(11)]
    [InlineData(2026)]
    public void A_shared_wrong_clock_points_at_the_shared_time_source_and_a_lone_one_at_the_hosts_time_sync(int seed)
    {
        var rng = new Random(seed);
        var start = new DateTimeOffset(2021 + rng.Next(0, 5), rng.Next(1, 13), rng.Next(1, 28), rng.Next(0, 20), 0, 0, TimeSpan.Zero);
        var end = start.AddMinutes(rng.Next(60, 300));
        double offset = -3600 - rng.Next(0, 5);
        // web1 and web2: the same window (the fleet's time source); web1 also had a wrong clock of its own a day earlier.
        // db: a wrong clock alone, two days before.
        var hosts = new List<HostFindings>
        {
            new()
            {
                HostName = "web1",
                Anomalies =
                [
                    WrongClock(start.AddMinutes(rng.Next(0, 10)), end, Zones[rng.Next(Zones.Length)], "/var/log/messages", offset),
                    WrongClock(start.AddDays(-1), start.AddDays(-1).AddHours(1), Zones[rng.Next(Zones.Length)], "/var/log/cron", 600),
                ],
            },
            new() { HostName = "web2", Anomalies = [WrongClock(start, end.AddMinutes(-rng.Next(0, 10)), Zones[rng.Next(Zones.Length)], "/var/log/messages", offset)] },
            new() { HostName = "db", Anomalies = [WrongClock(start.AddDays(-2), start.AddDays(-2).AddHours(2), Zones[rng.Next(Zones.Length)], "/var/log/messages", 7200)] },
        };
        var view = FleetView.Build(hosts);
        var sections = view.Hosts.ToDictionary(h => h, h => Report(hosts.Single(x => x.HostName == h)).InFleet(h, view));

        var web2 = ReportNarrative.WhatToDo(sections["web2"]);
        var shared = Assert.Single(web2, t => t.StartsWith("check the time source this host shares with web1 ", StringComparison.Ordinal));
        Assert.Contains("web1 and web2 saw the same wrong clock from", shared, StringComparison.Ordinal);
        Assert.DoesNotContain(HostSync, web2);

        var web1 = ReportNarrative.WhatToDo(sections["web1"]);
        Assert.Single(web1, t => t.StartsWith("check the time source this host shares with web2 ", StringComparison.Ordinal));
        Assert.Contains(HostSync, web1);   // its own earlier wrong clock is its own

        var db = ReportNarrative.WhatToDo(sections["db"]);
        Assert.Contains(HostSync, db);
        Assert.DoesNotContain(db, t => t.Contains("time source", StringComparison.Ordinal));

        // The same host alone (a one-host report, or the report before it joined the fleet) keeps the host's action.
        var alone = Report(hosts.Single(x => x.HostName == "web2"));
        Assert.Null(alone.FleetHost);
        Assert.Contains(HostSync, ReportNarrative.WhatToDo(alone));

        // What the pages write: the host sections of the fleet report carry it.
        var fleet = new FleetReport { Title = "Fleet", View = view, Hosts = view.Hosts.Select(h => sections[h]).ToList() };
        string md = FleetMarkdownWriter.Render(fleet);
        string web2Section = md[md.IndexOf("## Host web2", StringComparison.Ordinal)..];
        Assert.Contains("check the time source this host shares with web1", web2Section, StringComparison.Ordinal);
        Assert.DoesNotContain("check the host's time sync", web2Section, StringComparison.Ordinal);
        Assert.Contains("check the time source this host shares with", FleetHtmlWriter.Render(fleet), StringComparison.Ordinal);
    }
}
