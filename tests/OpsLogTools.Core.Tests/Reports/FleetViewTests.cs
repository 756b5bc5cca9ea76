using System.Xml;
using System.Xml.Linq;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reports;
using Xunit;

namespace OpsLogTools.Core.Tests.Reports;

/// <summary>
/// The fleet view over generated findings (made here from a seeded Random: hosts, windows, offsets and the zones the
/// times are written in all vary with the seed): shared clock windows apart from one-host ones, bots on several hosts,
/// update runs side by side; and the fleet page and Markdown built on it.
/// </summary>
public class FleetViewTests
{
    private static readonly TimeSpan[] Zones = [TimeSpan.Zero, TimeSpan.FromHours(9), TimeSpan.FromHours(-4), TimeSpan.FromHours(5.5), TimeSpan.FromHours(-10)];

    private static LogAnomaly Displaced(DateTimeOffset start, DateTimeOffset end, TimeSpan zone, string path, double offset = -3600) => new()
    {
        Kind = AnomalyKind.DisplacedTimestamps,
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

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(2026)]
    public void Overlapping_clock_faults_on_several_hosts_are_shared_and_a_lone_one_is_the_hosts(int seed)
    {
        var rng = new Random(seed);
        int sharedCount = rng.Next(2, 5);
        var day = new DateTimeOffset(2020 + rng.Next(0, 6), rng.Next(1, 13), rng.Next(1, 28), 0, 0, 0, TimeSpan.Zero);
        var windowStart = day.AddMinutes(rng.Next(0, 20 * 60));
        var windowEnd = windowStart.AddMinutes(rng.Next(60, 6 * 60));
        var hosts = new List<HostFindings>();
        var shared = new List<string>();
        for (int i = 0; i < sharedCount; i++)
        {
            string name = $"web{seed}-{i}.example";
            shared.Add(name);
            var zone = Zones[rng.Next(Zones.Length)];
            // Each host's runs start and end a little apart (its own logs), but all overlap the window's middle.
            var s = windowStart.AddMinutes(rng.Next(0, 20));
            var e = windowEnd.AddMinutes(-rng.Next(0, 20));
            int files = rng.Next(1, 4);
            hosts.Add(new HostFindings
            {
                HostName = name,
                Anomalies = Enumerable.Range(0, files).Select(f => Displaced(s.AddSeconds(f), e.AddSeconds(-f), zone, $"/var/log/file{f}", -3600 - rng.Next(0, 3))).ToList(),
            });
        }
        // The lone host: its fault ends before the shared window begins, in yet another zone.
        var aloneStart = windowStart.AddHours(-rng.Next(8, 30));
        hosts.Add(new HostFindings { HostName = $"db{seed}", Anomalies = [Displaced(aloneStart, aloneStart.AddHours(2), Zones[rng.Next(Zones.Length)], "/var/log/messages", 7200)] });
        // A host with other anomalies only: not part of any clock fault.
        hosts.Add(new HostFindings { HostName = $"quiet{seed}", Anomalies = [new LogAnomaly { Kind = AnomalyKind.ErrorBurst, Start = windowStart, End = windowEnd }] });
        Shuffle(hosts, rng);

        var view = FleetView.Build(hosts);

        Assert.Equal(2, view.ClockFaults.Count);
        var sharedFault = Assert.Single(view.ClockFaults, f => f.IsShared);
        Assert.Equal(shared.Order(StringComparer.Ordinal), sharedFault.Hosts);
        Assert.True(sharedFault.Start >= windowStart && sharedFault.Start <= windowStart.AddMinutes(20));
        Assert.True(sharedFault.End <= windowEnd && sharedFault.End >= windowEnd.AddMinutes(-20));
        Assert.Equal(hosts.Where(h => shared.Contains(h.HostName)).Sum(h => h.Anomalies.Count), sharedFault.Runs.Count);
        var alone = Assert.Single(view.ClockFaults, f => !f.IsShared);
        Assert.Equal([$"db{seed}"], alone.Hosts);
        Assert.Equal(aloneStart, alone.Start);
        Assert.True(view.ClockFaults[0].Start < view.ClockFaults[1].Start);
        Assert.Equal(hosts.Count, view.Hosts.Count);
    }

    [Fact]
    public void Windows_that_only_touch_are_two_faults_and_one_host_with_many_files_is_still_alone()
    {
        var t = new DateTimeOffset(2022, 7, 19, 21, 10, 0, TimeSpan.FromHours(9));
        var view = FleetView.Build(
        [
            new HostFindings { HostName = "a", Anomalies = [Displaced(t, t.AddHours(1), TimeSpan.Zero, "/cron"), Displaced(t.AddMinutes(1), t.AddHours(1), TimeSpan.Zero, "/secure")] },
            new HostFindings { HostName = "b", Anomalies = [Displaced(t.AddHours(1), t.AddHours(2), TimeSpan.FromHours(9), "/cron")] },
        ]);
        Assert.Equal(2, view.ClockFaults.Count);
        Assert.All(view.ClockFaults, f => Assert.False(f.IsShared));
        Assert.Equal(2, view.ClockFaults[0].Runs.Count);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(99)]
    public void A_bot_on_several_hosts_is_listed_once_with_every_host_and_its_requests_summed(int seed)
    {
        var rng = new Random(seed);
        var t = new DateTimeOffset(2023, 11, 5, 1, 0, 0, TimeSpan.FromHours(-5));
        string roaming = $"203.0.113.{rng.Next(1, 250)}";
        var hosts = Enumerable.Range(0, 4).Select(i => new HostFindings
        {
            HostName = $"h{i}",
            Bots =
            [
                new BotActivity { ClientIp = roaming, Requests = 100 + i, Intent = i == 2 ? BotIntent.Malicious : BotIntent.Suspicious, FirstSeen = t.AddMinutes(i), LastSeen = t.AddMinutes(10 + i) },
                new BotActivity { ClientIp = $"198.51.100.{i}", Requests = 5, FirstSeen = t, LastSeen = t },
            ],
        }).ToList();
        hosts[3] = new HostFindings { HostName = "h3", Bots = [hosts[3].Bots[1]] };
        var view = FleetView.Build(hosts);
        var bot = Assert.Single(view.SharedBots);
        Assert.Equal(roaming, bot.ClientIp);
        Assert.Equal(["h0", "h1", "h2"], bot.Hosts);
        Assert.Equal(100 + 101 + 102, bot.Requests);
        Assert.Equal(BotIntent.Malicious, bot.Intent);
        Assert.Equal(t, bot.FirstSeen);
        Assert.Equal(t.AddMinutes(12), bot.LastSeen);
    }

    [Fact]
    public void Update_runs_stand_in_time_order_with_the_hosts_that_ran_alongside()
    {
        var t = new DateTimeOffset(2022, 7, 20, 3, 0, 0, TimeSpan.FromHours(9));
        UpdateWindowResult Run(DateTimeOffset s, TimeSpan zone) => new() { UpdateStart = s.ToOffset(zone), UpdateEnd = s.AddMinutes(2).ToOffset(zone) };
        var view = FleetView.Build(
        [
            new HostFindings { HostName = "c", Updates = [Run(t.AddDays(2), TimeSpan.Zero)] },
            new HostFindings { HostName = "a", Updates = [Run(t.AddMinutes(10), TimeSpan.Zero)] },
            new HostFindings { HostName = "b", Updates = [Run(t, TimeSpan.FromHours(-4))] },
        ]);
        Assert.Equal(["b", "a", "c"], view.UpdateRuns.Select(u => u.Host));
        Assert.Equal(["a"], view.UpdateRuns[0].AlongsideHosts);
        Assert.Equal(["b"], view.UpdateRuns[1].AlongsideHosts);
        Assert.Empty(view.UpdateRuns[2].AlongsideHosts);
    }

    [Fact]
    public void The_fleet_page_puts_the_fleet_first_escapes_host_names_and_keeps_ids_unique()
    {
        var t = new DateTimeOffset(2022, 7, 19, 21, 10, 0, TimeSpan.FromHours(9));
        const string evil = "<script>alert(1)</script>\"x";
        var hosts = new List<HostFindings>
        {
            new() { HostName = "h1", Anomalies = [Displaced(t, t.AddHours(6), TimeSpan.FromHours(9), "/b1/cron")] },
            new() { HostName = evil, Anomalies = [Displaced(t.AddMinutes(5), t.AddHours(5), TimeSpan.Zero, "/b2/<cron>")] },
            new() { HostName = "h3", Anomalies = [Displaced(t.AddDays(-3), t.AddDays(-3).AddHours(1), TimeSpan.Zero, "/b3/cron")] },
        };
        var view = FleetView.Build(hosts);
        var reports = view.Hosts.Select(h =>
        {
            var b = new OpsReportBuilder(new OpsReportOptions { Title = $"Host {h}", HostZone = TimeZoneInfo.Utc }, OpsLogTools.Core.Reading.NullDiagnostics.Instance);
            foreach (var a in hosts.Single(x => x.HostName == h).Anomalies) b.Add(a);
            b.Analyze([]);
            return b.Build();
        }).ToList();
        var fleet = new FleetReport { Title = "Fleet", View = view, Hosts = reports };

        string html = FleetHtmlWriter.Render(fleet);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        var doc = XDocument.Load(reader);
        var ids = doc.Descendants().Select(e => (string?)e.Attribute("id")).Where(i => i is not null).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        var sections = doc.Descendants().Where(e => e.Name.LocalName == "section" && e.Parent?.Name.LocalName == "body").Select(e => (string?)e.Attribute("id")).ToList();
        Assert.Equal("fleet", sections[0]);
        Assert.Equal(["host-1", "host-2", "host-3"], sections.Skip(1));
        var rows = doc.Descendants().Where(e => e.Name.LocalName == "table" && (string?)e.Attribute("id") == "fleet-clock").Single()
            .Descendants().Where(e => e.Name.LocalName == "tr" && e.Attribute("class") is not null).ToList();
        var sharedRow = Assert.Single(rows, r => (string?)r.Attribute("class") == "shared");
        Assert.Contains("h1", sharedRow.Value, StringComparison.Ordinal);
        Assert.Contains(evil, sharedRow.Value, StringComparison.Ordinal);
        var aloneRow = Assert.Single(rows, r => (string?)r.Attribute("class") == "alone");
        Assert.Contains("h3", aloneRow.Value, StringComparison.Ordinal);
        string narrative = doc.Descendants().Single(e => (string?)e.Attribute("id") == "fleet-narrative").Value;
        Assert.Contains("saw the same wrong clock", narrative, StringComparison.Ordinal);
        Assert.Contains("h3 alone had a wrong clock", narrative, StringComparison.Ordinal);

        string md = FleetMarkdownWriter.Render(fleet);
        Assert.DoesNotContain("<script>", md, StringComparison.Ordinal);
        var lines = md.Split('\n');
        Assert.Equal("## The fleet", lines.First(l => l.StartsWith("##", StringComparison.Ordinal)));
        Assert.Contains("## Host h3", lines);
        Assert.DoesNotContain(lines.Skip(1), l => l.StartsWith("# ", StringComparison.Ordinal));
        Assert.True(Array.IndexOf(lines, "### Clock faults") < Array.IndexOf(lines, "## Host h1"));
    }

    private static void Shuffle<T>(List<T> list, Random rng)
    {
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
