using Xunit;
using System.Globalization;
using System.Text.Json;
using OpsLogTools.Core.Sample;

namespace OpsLogTools.Core.Tests.Sample;

/// <summary>The default bundle reproduces the seed incident, and its truth matches its files.</summary>
public sealed class IncidentGeneratorTests : IClassFixture<SampleBundleFixture>
{
    private readonly SampleBundleFixture _bundle;

    public IncidentGeneratorTests(SampleBundleFixture bundle) => _bundle = bundle;

    private GroundTruth Truth => _bundle.Truth;
    private string Dir => _bundle.Directory;

    [Fact]
    public void Truth_matches_every_file() => BundleChecks.All(Dir, Truth);

    [Fact]
    public void Layout_is_the_hosts()
    {
        string[] expected =
        [
            "messages", "messages-20220717", "messages-20220710.gz", "cron", "cron-20220717", "cron-20220710.gz",
            "secure", "secure-20220717", "secure-20220710.gz", "yum.log", "etc/crontab",
            "httpd/access_log", "httpd/access_log-20220717", "httpd/error_log",
        ];
        var files = BundleText.Files(Dir).ToList();
        Assert.All(expected, e => Assert.Contains(e, files));
        Assert.Contains(files, f => System.Text.RegularExpressions.Regex.IsMatch(f, @"^cloudfront/E2EXAMPLE1ABCD\.2022-07-19-12\.[0-9a-f]{8}\.gz$"));
        Assert.True(File.Exists(Path.Combine(Dir, GroundTruth.FileName)));
    }

    [Fact]
    public void Bundle_is_small_enough_to_ship()
    {
        long lines = Truth.Files.Sum(f => f.LineCount);
        long onDisk = BundleText.Files(Dir).Sum(f => new FileInfo(Path.Combine(Dir, f)).Length);
        Assert.InRange(lines, 3_000, 30_000);   // small enough to ship in the module (a few MB)
        Assert.InRange(onDisk, 100_000, 3_000_000);
    }

    [Fact]
    public void Seed_clock_runs_from_incident_to_the_yum_run_in_every_rsyslog_file()
    {
        var runs = Truth.StampRuns;
        Assert.Equal(["cron", "messages", "secure"], runs.Select(r => r.Path).Order());
        var restart = Assert.Single(Truth.RsyslogRestarts);
        var night = Truth.UpdateRuns.Single(u => u.RestartedRsyslog);
        Assert.Equal("0 3 * * *", night.Schedule);
        Assert.Equal(new DateTimeOffset(2022, 7, 20, 3, 0, 1, TimeSpan.FromHours(9)), night.CommandAt);
        foreach (var run in runs)
        {
            Assert.Equal(StampRunKind.DisplacedClock, run.Kind);
            Assert.True(run.TrueStart >= Truth.IncidentStart && run.TrueStart < Truth.IncidentStart.AddMinutes(30));
            Assert.True(run.TrueEnd < restart && run.TrueEnd > restart.AddHours(-1));
            Assert.Equal(new DateTime(2022, 4, 2), run.StampedStart.Date);
            Assert.InRange(run.OffsetSeconds, -109 * 86400, -108 * 86400);
            Assert.Equal(runs[0].OffsetSeconds, run.OffsetSeconds);
        }
        // A few hundred lines in all, as the seed's admin saw.
        Assert.InRange(runs.Sum(r => r.LineCount), 150, 900);
        // The stop line is the last one the old daemon stamped; its start line comes right.
        var messages = BundleText.Lines(Dir, "messages");
        var m = runs.Single(r => r.Path == "messages");
        Assert.EndsWith("systemd: Stopping System Logging Service...", messages[(int)m.LastLine - 1], StringComparison.Ordinal);
        Assert.Contains("rsyslogd: [origin software=\"rsyslogd\" swVersion=\"8.24.0-57.amzn2.2.0.1\" x-pid=\"", messages[(int)m.LastLine + 1], StringComparison.Ordinal);
        Assert.StartsWith(BundleText.SyslogStamp(restart), messages[(int)m.LastLine + 1], StringComparison.Ordinal);
    }

    [Fact]
    public void Outage_follows_the_seed()
    {
        var o = Truth.Outage!;
        Assert.Equal(Truth.IncidentStart, o.FirstServerError);
        Assert.Equal(new DateTimeOffset(2022, 7, 19, 21, 30, 0, TimeSpan.FromHours(9)), o.Down);
        Assert.Equal(new DateTimeOffset(2022, 7, 20, 8, 40, 1, TimeSpan.FromHours(9)), o.Up);
        Assert.True(o.MaxRequestWorkers > o.FirstServerError && o.MaxRequestWorkers < o.Down);
        Assert.True(o.OomKills.Count >= 2 && o.OomKills[^1].MainProcess && o.OomKills.All(k => k.At < o.Down));
        Assert.True(o.AdminLogin < o.RestartCommand && o.RestartCommand < o.Up);
        Assert.True(o.EdgeErrors > 100, "CloudFront answered errors all night");
        // The 500s grow: more in the second half of the burst than in the first.
        var fives = BundleChecks.OriginLines(Dir, Truth).Where(l => l.Status >= 500).Select(l => l.Time).ToList();
        Assert.True(fives.Count >= 30, $"{fives.Count} server errors");
        var middle = o.FirstServerError + (o.Down - o.FirstServerError) / 2;
        Assert.True(fives.Count(t => t >= middle) > fives.Count(t => t < middle));
        Assert.NotNull(o.FirstOriginRequestAfterUp);
    }

    [Fact]
    public void Update_runs_are_the_nightly_ones_and_a_manual_install()
    {
        var runs = Truth.UpdateRuns;
        Assert.Equal(3, runs.Count);
        Assert.Equal(["0 3 * * *", "Manual", "0 3 * * *"], runs.Select(r => r.Schedule));
        Assert.Equal(UpdatePlan.DefaultIncidentNight.Select(p => p.YumText), runs[2].Packages.Select(p => p.YumText));
        Assert.Contains(runs[2].Packages, p => p is { Name: "kernel", Action: PackageAction.Installed });
        Assert.Contains("Jul 20 03:00", BundleText.Lines(Dir, "yum.log")[(int)runs[2].YumLogFirstLine - 1], StringComparison.Ordinal);
        // Every night cron starts yum, whether or not it finds anything to do.
        int nights = BundleText.Files(Dir).Where(f => f.StartsWith("cron", StringComparison.Ordinal))
            .SelectMany(f => BundleText.Lines(Dir, f)).Count(l => l.EndsWith("CMD (yum -y update)", StringComparison.Ordinal));
        int expected = Enumerable.Range(0, 30).Select(d => new DateTimeOffset(Truth.LogStart.Date.AddDays(d).AddHours(3), Truth.LogStart.Offset))
            .Count(t => t >= Truth.LogStart && t < Truth.LogEnd);
        Assert.Equal(expected, nights);
    }

    [Fact]
    public void Bots_are_all_there_and_the_prober_comes_about_once_a_minute()
    {
        Assert.Equal([PlantedBotKind.CmsProbe, PlantedBotKind.SensitiveFileScan, PlantedBotKind.Crawler], Truth.Bots.Select(b => b.Kind));
        var prober = Truth.Bots[0];
        double minutes = (prober.LastSeen - prober.FirstSeen).TotalMinutes;
        Assert.InRange(minutes / (prober.Requests - 1), 0.9, 1.1);
        Assert.All(prober.Paths, p => Assert.Matches("wp-|wordpress|xmlrpc", p));
        Assert.True(prober.StatusCounts["404"] > prober.Requests / 2);
        var scanner = Truth.Bots[1];
        Assert.Contains("/.env", scanner.Paths);
        Assert.Contains("/.git/config", scanner.Paths);
        Assert.True((scanner.LastSeen - scanner.FirstSeen).TotalMinutes < 5);
        var crawler = Truth.Bots[2];
        Assert.Equal("/robots.txt", crawler.Paths[0]);
        Assert.Equal(crawler.Requests, crawler.StatusCounts["200"]);
        Assert.Equal([crawler.Address], Truth.CrawlerAddresses);
        Assert.StartsWith("66.249.", crawler.Address, StringComparison.Ordinal);
        Assert.Equal(10, Truth.LegitimateReaderAddresses.Count);
        Assert.Contains("wordpress", Truth.LegitimatePage!, StringComparison.Ordinal);
        Assert.Contains(Truth.VisitorAddresses, a => a.Contains(':'));
    }

    [Fact]
    public void CloudFront_records_are_standard_logs()
    {
        var records = BundleText.CloudFront(Dir);
        Assert.All(records, r =>
        {
            Assert.DoesNotContain(" ", r["cs(User-Agent)"], StringComparison.Ordinal);
            Assert.Equal("www.example.com", r["x-host-header"]);
            Assert.Contains(r["x-edge-result-type"], new[] { "Hit", "RefreshHit", "Miss", "Error" });
            if (int.Parse(r["sc-status"], CultureInfo.InvariantCulture) >= 400) Assert.Equal("Error", r["x-edge-result-type"]);
        });
        // One file per UTC hour, named after the hour its records fall in.
        foreach (var f in Truth.Files.Where(f => f.Kind == "CloudFront"))
        {
            string hour = f.Path.Split('.')[1];
            Assert.All(BundleText.Lines(Dir, f.Path).Skip(2), l => Assert.StartsWith(hour[..10] + "\t" + hour[11..] + ":", l, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Truth_round_trips_through_json()
    {
        var loaded = GroundTruth.Load(Dir);
        Assert.Equal(JsonSerializer.Serialize(Truth, GroundTruth.JsonOptions), JsonSerializer.Serialize(loaded, GroundTruth.JsonOptions));
        string json = File.ReadAllText(Path.Combine(Dir, GroundTruth.FileName));
        Assert.Contains("\"kind\": \"DisplacedClock\"", json, StringComparison.Ordinal);
        Assert.Contains("\"offsetSeconds\": ", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Crontab_has_the_standard_header_and_the_nightly_update()
    {
        var crontab = BundleText.Lines(Dir, "etc/crontab");
        Assert.Equal(["SHELL=/bin/bash", "PATH=/sbin:/bin:/usr/sbin:/usr/bin", "MAILTO=root"], crontab.Take(3));
        Assert.Contains("# *  *  *  *  * user-name  command to be executed", crontab);
        Assert.Equal("0 3 * * * root yum -y update", crontab[^1]);
    }
}
