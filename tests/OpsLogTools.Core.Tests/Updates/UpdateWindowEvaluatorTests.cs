using OpsLogTools.Core.Analysis.Updates;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;
using static OpsLogTools.Core.Tests.Updates.Entries;

namespace OpsLogTools.Core.Tests.Updates;

// Input is hand-built LogEntry lists (see Entries). The seed-like night follows the seed incident's note: stamps went
// wrong from 21:10 and came right at 03:00 when the nightly cron yum update restarted rsyslog.
public class UpdateWindowEvaluatorTests
{
    private static readonly string[] Crontab = ["0 3 * * * root yum -y update"];

    /// <summary>A host in <paramref name="offset"/>: booted ten days before the incident, a yum run of httpd a week before, the nightly run inside the incident.</summary>
    private static (UpdateHistory History, DateTimeOffset IncidentStart, DateTimeOffset IncidentEnd, DateTimeOffset NightRun) SeedLikeNight(
        int year, int month, int day, TimeSpan offset)
    {
        var incidentStart = new DateTimeOffset(year, month, day, 21, 10, 0, offset);
        var night = new DateTimeOffset(year, month, day, 3, 0, 0, offset).AddDays(1);
        var weekAgo = night.AddDays(-7);
        var boot = night.AddDays(-10);
        var entries = new List<LogEntry>
        {
            Syslog(Messages, boot, "kernel", "Linux version 4.14.281-212.502.amzn2.x86_64 (mockbuild@ip-10-0-1-79) (gcc version 7.3.1)", 1),
            Systemd(boot.AddSeconds(20), "Started System Logging Service.", 2),
            Systemd(boot.AddSeconds(25), "Started The Apache HTTP Server.", 3),
            Cron(weekAgo.AddSeconds(1), "root", "yum -y update", 40),
            Cron(night.AddSeconds(1), "root", "yum -y update", 41),
            Systemd(night.AddSeconds(57), "Stopping System Logging Service...", 500),
            RsyslogStart(night.AddSeconds(58), 501),
            Systemd(night.AddSeconds(58), "Started System Logging Service.", 502),
        };
        entries.AddRange(YumRun(weekAgo.AddSeconds(40), TimeSpan.FromSeconds(5), 1,
            "Updated: apr-util-1.6.1-5.amzn2.0.2.x86_64", "Updated: httpd-2.4.54-1.amzn2.x86_64", "Updated: httpd-tools-2.4.54-1.amzn2.x86_64"));
        entries.AddRange(YumRun(night.AddSeconds(41), TimeSpan.FromSeconds(3), 4,
            "Updated: tzdata-2022a-1.amzn2.noarch", "Updated: glibc-2.26-59.amzn2.x86_64", "Updated: rsyslog-8.24.0-57.amzn2.2.0.1.x86_64",
            "Updated: 2:vim-minimal-8.2.5172-1.amzn2.0.1.x86_64"));
        var jobs = CrontabReader.Parse(string.Join('\n', Crontab), "/bundle/etc/crontab", true, null, NullDiagnostics.Instance);
        var history = new UpdateRunDetector().Detect(entries, jobs);
        return (history, incidentStart, night.AddSeconds(62), night.AddSeconds(41));
    }

    [Theory]
    [InlineData(2022, 7, 19, 9, 0)]
    [InlineData(2021, 12, 31, -7, 0)]   // the night run falls in the next year
    [InlineData(2024, 2, 28, 5, 30)]    // and on a leap day
    public void SeedLikeNightDuringTheIncident(int year, int month, int day, int hours, int minutes)
    {
        var offset = new TimeSpan(hours, minutes, 0);
        var (history, start, end, night) = SeedLikeNight(year, month, day, offset);
        var results = new UpdateWindowEvaluator(history).Evaluate(UpdateWindowQuery.ForWindow(start, end, TimeSpan.FromDays(10)));

        Assert.Equal(2, results.Count);
        var r = results[1];
        Assert.Equal(night, r.UpdateStart);
        Assert.Equal(UpdateRelation.During, r.Relation);
        Assert.Equal(TimeSpan.Zero, r.Gap);
        Assert.Equal("0 3 * * *", r.Schedule);
        Assert.Equal(UpdateTrigger.Cron, r.Trigger);
        Assert.Equal((start, end), (r.IncidentStart!.Value, r.IncidentEnd!.Value));
        Assert.Equal(["tzdata", "glibc", "rsyslog"], r.RelevantPackages.Select(p => p.Package.Name).ToArray());
        Assert.Equal([UpdateArea.Clocks, UpdateArea.Clocks, UpdateArea.Logging], r.RelevantPackages.Select(p => p.Area).ToArray());

        var rsyslog = Assert.Single(r.Restarts, f => f.Daemon == "rsyslog");
        Assert.Equal(night.AddSeconds(17), rsyslog.RestartedAt);
        Assert.True(rsyslog.ByTheUpdate);
        Assert.StartsWith($"{Messages}:501: ", rsyslog.Evidence);
        var httpd = Assert.Single(r.Restarts, f => f.Daemon == "httpd");
        Assert.Null(httpd.RestartedAt);

        string date = night.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        string zone = TimeReference.FormatOffset(offset);
        Assert.Equal(
            $"yum updated 4 packages, among them tzdata, glibc and rsyslog at {date} 03:00:41 {zone} (cron, 0 3 * * *), "
            + "5 h 50 min after the incident began and while it lasted: rsyslog was restarted by the update at 03:00:58, "
            + "which matches the incident ending at 03:01:02; httpd kept the old tzdata and glibc",
            r.Verdict);
    }

    [Fact]
    public void AnUpdateAWeekBeforeTheIncidentWithoutARestartIsSaid()
    {
        var (history, start, end, night) = SeedLikeNight(2022, 7, 19, TimeSpan.FromHours(9));
        var r = new UpdateWindowEvaluator(history).Evaluate(UpdateWindowQuery.ForWindow(start, end, TimeSpan.FromDays(10)))[0];

        Assert.Equal(UpdateRelation.Before, r.Relation);
        Assert.Equal(start - night.AddDays(-7).AddSeconds(-1).AddSeconds(10), r.Gap);  // the week-old run ended 10 s after its 03:00:40 start
        Assert.Equal(["apr-util", "httpd", "httpd-tools"], r.RelevantPackages.Select(p => p.Package.Name).ToArray());
        Assert.All(r.RelevantPackages, p => Assert.Equal(UpdateArea.WebServer, p.Area));
        var httpd = Assert.Single(r.Restarts);
        Assert.Equal("httpd", httpd.Daemon);
        Assert.False(httpd.RestartedBeforeIncident);
        Assert.StartsWith("httpd updated 2022-07-13 03:00 but not restarted before the incident", httpd.Text);
        Assert.EndsWith("6 d 18 h before the incident began: httpd was not restarted before the incident", r.Verdict);
    }

    [Fact]
    public void WithinKeepsOnlyNearRunsAndNoIncidentListsThemAll()
    {
        var (history, start, end, _) = SeedLikeNight(2022, 7, 19, TimeSpan.FromHours(9));
        var evaluator = new UpdateWindowEvaluator(history);

        Assert.Single(evaluator.Evaluate(UpdateWindowQuery.ForWindow(start, end, TimeSpan.FromHours(6))));
        Assert.Equal(2, evaluator.Evaluate(UpdateWindowQuery.ForWindow(start, end)).Count);

        var all = evaluator.Evaluate(UpdateWindowQuery.Everything());
        Assert.Equal(2, all.Count);
        Assert.All(all, r => { Assert.Null(r.Relation); Assert.Null(r.Gap); Assert.Null(r.IncidentStart); });
        Assert.StartsWith("yum updated apr-util, httpd and httpd-tools at 2022-07-13 03:00:40 +09:00 (cron, 0 3 * * *): httpd was not restarted after it", all[0].Verdict);
    }

    [Fact]
    public void QuietAnswersWhetherAnyRunFellInTheWidenedWindow()
    {
        var (history, start, end, night) = SeedLikeNight(2023, 4, 2, TimeSpan.FromHours(-3));
        var evaluator = new UpdateWindowEvaluator(history);

        Assert.True(evaluator.AnyRunInWindow(UpdateWindowQuery.ForWindow(start, end)));
        // Exactly 2 h after the nightly run ended (its last line is 9 s after its first): nothing until widened by 2 h.
        var later = night.AddSeconds(9).AddHours(2);
        Assert.False(evaluator.AnyRunInWindow(UpdateWindowQuery.ForInstant(later, TimeSpan.FromHours(1))));
        Assert.True(evaluator.AnyRunInWindow(UpdateWindowQuery.ForInstant(later, TimeSpan.FromHours(2))));
        Assert.True(evaluator.AnyRunInWindow(UpdateWindowQuery.Everything()));
        Assert.False(new UpdateWindowEvaluator(new UpdateHistory()).AnyRunInWindow(UpdateWindowQuery.Everything()));
    }

    [Fact]
    public void EmptyRunsAreReportedOnlyWhenAskedAndNeverCountForQuiet()
    {
        var t = new DateTimeOffset(2022, 7, 20, 3, 0, 1, TimeSpan.FromHours(9));
        var history = new UpdateRunDetector().Detect([Cron(t, "root", "yum -y update", 7), Yum(t.AddDays(-3), "Updated: tzdata-2022a-1.amzn2.noarch", 1)]);
        var evaluator = new UpdateWindowEvaluator(history);
        var query = UpdateWindowQuery.ForInstant(t.AddMinutes(1), TimeSpan.FromMinutes(5));

        Assert.Empty(evaluator.Evaluate(query));
        Assert.False(evaluator.AnyRunInWindow(query));
        var r = Assert.Single(evaluator.Evaluate(UpdateWindowQuery.ForInstant(t.AddMinutes(1), TimeSpan.FromMinutes(5), includeEmptyRuns: true)));
        Assert.Empty(r.Packages);
        Assert.Equal(UpdateRelation.Before, r.Relation);
        Assert.Contains("nothing to do", Assert.Single(r.Notes));
        Assert.StartsWith("cron (crontab not in the input) started `yum -y update` at 2022-07-20 03:00:01 +09:00 but it changed no package, 1 min before the moment given", r.Verdict);
    }

    [Fact]
    public void VerdictNamesTheStarter()
    {
        var t = new DateTimeOffset(2022, 8, 1, 3, 0, 1, TimeSpan.FromHours(9));
        var jobs = CrontabReader.Parse("0 3 * * * root yum -y update\n", "/bundle/etc/crontab", true, null, NullDiagnostics.Instance);
        var history = new UpdateRunDetector().Detect([
            Cron(t, "root", "yum -y update", 3),
            Sudo(t.AddDays(1).AddHours(11), "ec2-user", "/bin/yum install mod_ssl", 9),
            Yum(t.AddDays(1).AddHours(11).AddMinutes(1), "Installed: 1:mod_ssl-2.4.54-1.amzn2.x86_64", 1)], jobs);
        var results = new UpdateWindowEvaluator(history).Evaluate(UpdateWindowQuery.Everything(includeEmptyRuns: true));

        Assert.Equal(2, results.Count);
        Assert.Equal("cron (0 3 * * *) started `yum -y update` at 2022-08-01 03:00:01 +09:00 but it changed no package", results[0].Verdict);
        Assert.Equal(UpdateTrigger.Manual, results[1].Trigger);
        Assert.Equal("yum installed mod_ssl at 2022-08-02 14:01:01 +09:00 (by hand)", results[1].Verdict);
        Assert.Contains("ec2-user ran `/bin/yum install mod_ssl` through sudo", results[1].Notes);
    }

    public static TheoryData<int, int, int, int, UpdateRelation, int> Relations => new()
    {
        // run start, run end, incident start, incident end (minutes from a base), relation, gap in minutes
        { 0, 10, 60, 120, UpdateRelation.Before, 50 },
        { 0, 60, 60, 120, UpdateRelation.Before, 0 },      // touching
        { 70, 80, 60, 120, UpdateRelation.During, 0 },
        { 60, 120, 60, 120, UpdateRelation.During, 0 },    // exactly the incident
        { 50, 70, 60, 120, UpdateRelation.Overlaps, 0 },   // across the start
        { 110, 130, 60, 120, UpdateRelation.Overlaps, 0 }, // across the end
        { 50, 130, 60, 120, UpdateRelation.Overlaps, 0 },  // across both
        { 120, 125, 60, 120, UpdateRelation.After, 0 },    // touching
        { 300, 301, 60, 120, UpdateRelation.After, 180 },
        { 50, 70, 60, 60, UpdateRelation.Overlaps, 0 },    // an instant inside the run
        { 60, 60, 60, 60, UpdateRelation.During, 0 },      // a one-line run at the instant
        { 40, 50, 60, 60, UpdateRelation.Before, 10 },
    };

    [Theory]
    [MemberData(nameof(Relations))]
    public void RelationAndGapDoNotDependOnTheOffsetsStampsAreWrittenIn(int rs, int re, int @is, int ie, UpdateRelation relation, int gapMinutes)
    {
        var baseUtc = new DateTimeOffset(2022, 7, 19, 12, 0, 0, TimeSpan.Zero);
        foreach (var (runOffset, incidentOffset) in new[] { (9, 9), (9, 0), (-5, 9), (0, -8) })
        {
            DateTimeOffset At(int minutes, int offset) => baseUtc.AddMinutes(minutes).ToOffset(TimeSpan.FromHours(offset));
            var got = UpdateWindowEvaluator.Relate(At(rs, runOffset), At(re, runOffset), At(@is, incidentOffset), At(ie, incidentOffset), out var gap);
            Assert.Equal(relation, got);
            Assert.Equal(TimeSpan.FromMinutes(gapMinutes), gap);
        }
    }

    [Theory]
    [InlineData(0, 10, 60, 120, "50 min before the incident began")]
    [InlineData(0, 60, 60, 120, "ending as the incident began")]
    [InlineData(70, 80, 60, 120, "10 min after the incident began and while it lasted")]
    [InlineData(50, 70, 60, 120, "running across the start of the incident")]
    [InlineData(110, 130, 60, 120, "running across the end of the incident")]
    [InlineData(50, 130, 60, 120, "running across the whole incident")]
    [InlineData(1560, 1561, 60, 120, "1 d after the incident ended")]
    [InlineData(40, 50, 60, 60, "10 min before the moment given")]
    public void VerdictSaysWhereTheRunStands(int rs, int re, int @is, int ie, string words)
    {
        var jst = TimeSpan.FromHours(9);
        var b = new DateTimeOffset(2022, 7, 19, 20, 0, 0, jst);
        // Both lines one run whatever their distance, to test the words for each relation.
        var history = new UpdateRunDetector(new UpdateDetectionOptions { MaxGap = TimeSpan.FromDays(2) }).Detect([
            Yum(b.AddMinutes(rs), "Updated: vim-minimal-2:8.2.5172-1.amzn2.0.1.x86_64", 1),
            Yum(b.AddMinutes(re), "Updated: less-458-9.amzn2.0.2.x86_64", 2)]);
        var r = Assert.Single(new UpdateWindowEvaluator(history).Evaluate(UpdateWindowQuery.ForWindow(b.AddMinutes(@is), b.AddMinutes(ie))));
        Assert.Contains(words, r.Verdict);
        Assert.Contains("2 packages, none of them bearing on clocks, logging, the web server or restarts", r.Verdict);
        Assert.Contains("(no schedule explains it: by hand)", r.Verdict);
        Assert.Empty(r.RelevantPackages);
    }

    [Theory]
    [InlineData("tzdata", UpdateArea.Clocks, "time zone")]
    [InlineData("tzdata-java", UpdateArea.Clocks, "time zone")]
    [InlineData("glibc", UpdateArea.Clocks, "localtime")]
    [InlineData("glibc-common", UpdateArea.Clocks, "localtime")]
    [InlineData("rsyslog", UpdateArea.Logging, "stamps")]
    [InlineData("httpd", UpdateArea.WebServer, "web server")]
    [InlineData("apr", UpdateArea.WebServer, "web server")]
    [InlineData("apr-util", UpdateArea.WebServer, "web server")]
    [InlineData("mod_ssl", UpdateArea.WebServer, "web server")]
    [InlineData("kernel", UpdateArea.RestartOrReboot, "reboot")]
    [InlineData("systemd", UpdateArea.RestartOrReboot, "re-executes")]
    [InlineData("openssl-libs", UpdateArea.RestartOrReboot, "TLS")]
    [InlineData("openssl", UpdateArea.RestartOrReboot, "TLS")]
    public void RelevantPackagesCarryAReason(string name, UpdateArea area, string reasonWords)
    {
        var p = new PackageChange { Action = PackageAction.Updated, Name = name, Version = "1", Release = "1" };
        var r = Assert.Single(UpdateWindowEvaluator.SelectRelevant([p, new PackageChange { Name = "vim-minimal" }, new PackageChange { Name = "kernel-headers" }]));
        Assert.Same(p, r.Package);
        Assert.Equal(area, r.Area);
        Assert.Contains(reasonWords, r.Reason);
    }
}
