using Xunit;
using OpsLogTools.Core.Sample;

namespace OpsLogTools.Core.Tests.Sample;

/// <summary>Varied scenarios (zones, dates, offsets, rates, seeds) all write bundles consistent with their truth.</summary>
public sealed class ScenarioTests : IDisposable
{
    private readonly TempBundles _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Names => new(Scenarios.Keys);

    private static readonly Dictionary<string, IncidentScenario> Scenarios = new()
    {
        ["new-york"] = new() { Seed = 7, HostZone = TimeSpan.FromHours(-5), IncidentStart = new DateTime(2023, 3, 1, 20, 45, 0) },
        ["india-half-hour"] = new() { Seed = 8, HostZone = new TimeSpan(5, 30, 0), OriginLogsForwardedFor = true },
        ["utc-host"] = new()
        {
            Seed = 9,
            HostZone = TimeSpan.Zero,
            HostName = "web-1",
            DisplacedClock = StampRunPlant.SeedDisplacedClock with { Offset = TimeSpan.FromDays(3) + TimeSpan.FromSeconds(17) },
        },
        ["new-year"] = new()
        {
            Seed = 10,
            IncidentStart = new DateTime(2022, 12, 31, 22, 40, 0),
            OriginLogsForwardedFor = true,
            MissingLines = new MissingLinesPlant { File = "messages", Start = TimeSpan.FromHours(-3), Duration = TimeSpan.FromMinutes(90) },
        },
        ["timezone-shift"] = new()
        {
            Seed = 11,
            DisplacedClock = StampRunPlant.Off,
            TimeZoneShift = StampRunPlant.SeedTimeZoneShift with { Enabled = true, Start = TimeSpan.FromMinutes(-30), End = TimeSpan.FromHours(3) },
            NulTail = new NulRunPlant { FollowedByLines = false, Length = 4096 },
        },
        ["busy-and-quiet"] = new()
        {
            Seed = 12,
            Visitors = new VisitorPlan { PageViewsPerHour = 25, Ipv6Share = 0.6 },
            SshAttemptsPerHour = 12,
            RotatedFiles = 1,
            DaysBefore = 1,
            WordPressProber = new WordPressProberPlan { MeanInterval = TimeSpan.FromSeconds(45), Jitter = TimeSpan.FromSeconds(30) },
            Outage = new OutagePlant { DownAfter = TimeSpan.FromMinutes(35), RestartAfter = TimeSpan.FromHours(2) },
        },
        ["nothing-planted"] = IncidentScenario.NothingPlanted(13),
        ["bingbot-and-chosen-addresses"] = new()
        {
            Seed = 14,
            Crawler = new CrawlerPlan { UserAgent = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", Requests = 12 },
            WordPressProber = new WordPressProberPlan { Address = "45.155.205.233" },
            SensitiveFileScan = new SensitiveFileScanPlan { Address = "2a03:b0c0:3:d0::1b2:a001", UserAgent = "Mozilla/5.0 zgrab/0.x" },
            Updates = new UpdatePlan { ManualInstall = false, EarlierRunNightsBefore = 0 },
        },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Bundle_matches_its_truth(string name)
    {
        var scenario = Scenarios[name];
        string dir = _temp.NewDirectory(name);
        var truth = IncidentGenerator.Write(dir, scenario);
        BundleChecks.All(dir, truth);
        Assert.Equal(scenario.HostZone, truth.IncidentStart.Offset);
        Assert.Equal(scenario.IncidentStart, truth.IncidentStart.DateTime);
    }

    [Fact]
    public void Year_change_keeps_stamps_and_names_right()
    {
        string dir = _temp.NewDirectory("new-year-detail");
        var truth = IncidentGenerator.Write(dir, Scenarios["new-year"]);
        Assert.Contains("messages-20221229", truth.Files.Select(f => f.Path));
        var messages = BundleText.Lines(dir, "messages");
        // Before the run the stamps say 31 December, after the rsyslog restart 1 January (03:00 onwards).
        Assert.Contains(messages, l => l.StartsWith("Dec 31 1", StringComparison.Ordinal));
        Assert.Contains(messages, l => l.StartsWith("Jan  1 09:", StringComparison.Ordinal));
        var run = truth.StampRuns.Single(r => r.Path == "messages");
        Assert.Equal(new DateTime(2022, 12, 31), run.TrueStart.Date);
        Assert.Equal(new DateTime(2023, 1, 1), run.TrueEnd.Date);
        var night = truth.UpdateRuns.Single(r => r.RestartedRsyslog);
        Assert.Equal(new DateTime(2023, 1, 1), night.Start.Date);
        Assert.StartsWith("Jan 01 03:00:", BundleText.Lines(dir, "yum.log")[(int)night.YumLogFirstLine - 1], StringComparison.Ordinal);
        Assert.Contains(truth.Files, f => f.Path.StartsWith("cloudfront/E2EXAMPLE1ABCD.2023-01-01-", StringComparison.Ordinal));
        Assert.Equal("messages", truth.MissingLines!.Path);
    }

    [Fact]
    public void Timezone_shift_is_whole_hours_and_the_nul_tail_ends_messages()
    {
        string dir = _temp.NewDirectory("shift-detail");
        var truth = IncidentGenerator.Write(dir, Scenarios["timezone-shift"]);
        Assert.Equal(3, truth.StampRuns.Count);
        Assert.All(truth.StampRuns, r =>
        {
            Assert.Equal(StampRunKind.TimeZoneShift, r.Kind);
            Assert.Equal(-9 * 3600, r.OffsetSeconds);
        });
        var nul = Assert.Single(truth.NulRuns);
        Assert.Equal("messages", nul.Path);
        Assert.False(nul.FollowedByLines);
        Assert.Equal(truth.File("messages")!.LineCount, nul.Line);
        Assert.Equal(truth.File("messages")!.Bytes, nul.ByteOffset + 4096);
    }

    [Fact]
    public void Nothing_planted_means_no_runs_holes_nuls_or_outage()
    {
        string dir = _temp.NewDirectory("quiet");
        var truth = IncidentGenerator.Write(dir, IncidentScenario.NothingPlanted(5));
        Assert.Empty(truth.StampRuns);
        Assert.Null(truth.MissingLines);
        Assert.Empty(truth.NulRuns);
        Assert.Null(truth.Outage);
        var origin = BundleChecks.OriginLines(dir, truth);
        Assert.DoesNotContain(origin, o => o.Status >= 500);
        // With httpd running, the night's httpd update restarts it (try-restart).
        var messages = BundleText.Lines(dir, "messages");
        Assert.Contains(messages, l => l.EndsWith("systemd: Stopped The Apache HTTP Server.", StringComparison.Ordinal));
        Assert.Single(truth.RsyslogRestarts);
    }

    [Fact]
    public void Same_seed_same_bytes_and_another_seed_other_addresses()
    {
        var scenario = new IncidentScenario { Seed = 99, RotatedFiles = 1 };
        string a = _temp.NewDirectory("a"), b = _temp.NewDirectory("b"), c = _temp.NewDirectory("c");
        var ta = IncidentGenerator.Write(a, scenario);
        IncidentGenerator.Write(b, scenario);
        var tc = IncidentGenerator.Write(c, scenario with { Seed = 100 });
        var files = BundleText.Files(a).Append(GroundTruth.FileName).ToList();
        Assert.Equal(BundleText.Files(a), BundleText.Files(b));
        foreach (var f in files)
            Assert.True(File.ReadAllBytes(Path.Combine(a, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, f))), $"{f} differs");

        Assert.NotEqual(ta.HostName, tc.HostName);
        Assert.Empty(ta.Bots.Select(x => x.Address).Intersect(tc.Bots.Select(x => x.Address)));
        Assert.NotEqual(ta.EdgeAddresses, tc.EdgeAddresses);
        Assert.NotEqual(ta.StampRuns.Select(r => r.LineCount), tc.StampRuns.Select(r => r.LineCount));
        Assert.NotEqual(ta.StampRuns[0].OffsetSeconds, tc.StampRuns[0].OffsetSeconds);
        Assert.NotEqual(ta.Rotations, tc.Rotations);
    }

    [Theory]
    [InlineData("ar-SA")]
    [InlineData("th-TH")]
    [InlineData("fi-FI")]
    public void Caller_culture_does_not_change_the_bytes(string cultureName)
    {
        var scenario = new IncidentScenario { Seed = 21, RotatedFiles = 0, DaysBefore = 1 };
        string a = _temp.NewDirectory("inv-" + cultureName), b = _temp.NewDirectory("cul-" + cultureName);
        IncidentGenerator.Write(a, scenario);
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo(cultureName);
            IncidentGenerator.Write(b, scenario);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
        foreach (var f in BundleText.Files(a).Append(GroundTruth.FileName))
            Assert.True(File.ReadAllBytes(Path.Combine(a, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, f))), $"{f} differs under {cultureName}");
    }

    [Fact]
    public void Overlapping_plants_are_refused()
    {
        var scenario = new IncidentScenario { TimeZoneShift = StampRunPlant.SeedTimeZoneShift with { Enabled = true } };
        Assert.Throws<ArgumentException>(() => IncidentGenerator.Write(_temp.NewDirectory("bad"), scenario));
        Assert.Throws<ArgumentException>(() => IncidentGenerator.Write(_temp.NewDirectory("bad2"), new IncidentScenario { DaysBefore = 0 }));
    }
}
