using OpsLogTools.Core.Analysis.Updates;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;
using static OpsLogTools.Core.Tests.Updates.Entries;

namespace OpsLogTools.Core.Tests.Updates;

// Input is hand-built LogEntry lists (see Entries), shaped after yum.log, dnf.rpm.log, cronie's cron log and secure.
public class UpdateRunDetectorTests
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    private static IReadOnlyList<CronJob> Crontab(string text, string path = "/bundle/etc/crontab") =>
        CrontabReader.Parse(text, path, hasUserField: true, owner: null, NullDiagnostics.Instance);

    [Theory]
    [InlineData(2022, 7, 19, 9)]
    [InlineData(2023, 12, 31, 0)]    // across a year end, in UTC
    [InlineData(2021, 3, 13, -5)]
    public void TwoNightlyRunsAreTwoRunsAttributedToCron(int year, int month, int day, int offsetHours)
    {
        var offset = TimeSpan.FromHours(offsetHours);
        var night1 = new DateTimeOffset(year, month, day, 3, 0, 0, offset);
        var night2 = night1.AddDays(1);
        var entries = new List<LogEntry>
        {
            Cron(night1.AddSeconds(1), "root", "yum -y update", 101),
            Cron(night2.AddSeconds(1), "root", "yum -y update", 202),
        };
        entries.AddRange(YumRun(night1.AddSeconds(41), TimeSpan.FromSeconds(6), 10,
            "Updated: tzdata-2022a-1.amzn2.noarch", "Updated: glibc-common-2.26-59.amzn2.x86_64", "Updated: glibc-2.26-59.amzn2.x86_64"));
        entries.AddRange(YumRun(night2.AddSeconds(52), TimeSpan.FromSeconds(3), 13,
            "Updated: 1:openssl-libs-1.0.2k-24.amzn2.0.4.x86_64", "Installed: kernel-5.10.130-118.517.amzn2.x86_64"));
        var jobs = Crontab("0 3 * * * root yum -y update\n");

        var history = new UpdateRunDetector().Detect(entries, jobs);

        Assert.Equal(2, history.Runs.Count);
        var a = history.Runs[0];
        Assert.Equal(night1.AddSeconds(41), a.Start);
        Assert.Equal(night1.AddSeconds(53), a.End);
        Assert.Equal(["tzdata", "glibc-common", "glibc"], a.Packages.Select(p => p.Name).ToArray());
        Assert.All(a.Packages, p => Assert.Equal(PackageAction.Updated, p.Action));
        Assert.Equal((YumLog, 10L, 12L), (a.Path, a.FirstLine, a.LastLine));
        Assert.Equal(UpdateTrigger.Cron, a.Trigger);
        Assert.Equal("0 3 * * *", a.Schedule);
        Assert.Equal("yum -y update", a.Command);
        Assert.StartsWith($"{CronLog}:101: ", a.ScheduleEvidence[0]);
        Assert.EndsWith("CROND[4321]: (root) CMD (yum -y update)", a.ScheduleEvidence[0]);
        Assert.Equal("/bundle/etc/crontab:1: 0 3 * * * root yum -y update", a.ScheduleEvidence[1]);

        var b = history.Runs[1];
        Assert.Equal(night2.AddSeconds(52), b.Start);
        Assert.Equal(1, b.Packages[0].Epoch);
        Assert.Equal(PackageAction.Installed, b.Packages[1].Action);
        Assert.StartsWith($"{CronLog}:202: ", b.ScheduleEvidence[0]);
        Assert.DoesNotContain(history.Runs, r => r.IsEmpty);
    }

    [Fact]
    public void AGapLongerThanTheLimitSplitsARun()
    {
        var t = new DateTimeOffset(2022, 7, 20, 14, 0, 0, Jst);
        var entries = new List<LogEntry>
        {
            Yum(t, "Installed: apr-1.7.0-9.amzn2.x86_64", 1),
            Yum(t.AddMinutes(5), "Installed: apr-util-1.6.1-5.amzn2.0.2.x86_64", 2),       // exactly the limit: same run
            Yum(t.AddMinutes(10).AddSeconds(1), "Installed: httpd-2.4.54-1.amzn2.x86_64", 3), // 5 min 1 s later: a new run
            Yum(t.AddMinutes(10).AddSeconds(2), "Dep-Installed: mod_http2-1.15.19-1.amzn2.0.1.x86_64", 4),
        };
        var runs = new UpdateRunDetector().Detect(entries).Runs;

        Assert.Equal(2, runs.Count);
        Assert.Equal(["apr", "apr-util"], runs[0].Packages.Select(p => p.Name).ToArray());
        Assert.Equal(["httpd", "mod_http2"], runs[1].Packages.Select(p => p.Name).ToArray());
        Assert.Equal((3L, 4L), (runs[1].FirstLine, runs[1].LastLine));

        var wider = new UpdateRunDetector(new UpdateDetectionOptions { MaxGap = TimeSpan.FromMinutes(6) }).Detect(entries).Runs;
        Assert.Single(wider);
        Assert.Equal(4, wider[0].Packages.Count);
    }

    [Fact]
    public void ASudoLineMakesAManualRunWithEvidence()
    {
        var t = new DateTimeOffset(2022, 7, 12, 14, 22, 5, Jst);
        var entries = new List<LogEntry>
        {
            Sudo(t, "ec2-user", "/bin/yum install httpd", 55),
            Yum(t.AddMinutes(3), "Installed: httpd-2.4.54-1.amzn2.x86_64", 7),
            // Another night, nothing explains this one.
            Yum(t.AddDays(2), "Erased: httpd-tools", 8),
        };
        var runs = new UpdateRunDetector().Detect(entries, Crontab("0 3 * * * root yum -y update\n")).Runs;

        Assert.Equal(2, runs.Count);
        Assert.Equal(UpdateTrigger.Manual, runs[0].Trigger);
        Assert.Equal("Manual", runs[0].Schedule);
        Assert.Equal("/bin/yum install httpd", runs[0].Command);
        Assert.StartsWith($"{Secure}:55: ", Assert.Single(runs[0].ScheduleEvidence));
        Assert.Contains("ec2-user", runs[0].Note);

        Assert.Equal(UpdateTrigger.Manual, runs[1].Trigger);
        Assert.Empty(runs[1].ScheduleEvidence);
        Assert.Equal(PackageAction.Erased, runs[1].Packages[0].Action);
        Assert.Equal("httpd-tools", runs[1].Packages[0].Name);
    }

    [Fact]
    public void WithoutACronLogTheCrontabScheduleExplainsARunInTheHostZone()
    {
        // America/New_York: 03:00 local is -04:00 in July and -05:00 in January.
        var ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var summer = new DateTimeOffset(2022, 7, 20, 3, 2, 10, TimeSpan.FromHours(-4));
        var winter = new DateTimeOffset(2023, 1, 20, 3, 2, 10, TimeSpan.FromHours(-5));
        var entries = new List<LogEntry>
        {
            Yum(summer, "Updated: rsyslog-8.24.0-57.amzn2.2.0.1.x86_64", 1),
            Yum(winter, "Updated: tzdata-2022g-1.amzn2.0.1.noarch", 2),
        };
        var jobs = Crontab("0 3 * * * root yum -y update\n");

        var runs = new UpdateRunDetector().Detect(entries, jobs, ny).Runs;
        Assert.All(runs, r =>
        {
            Assert.Equal(UpdateTrigger.Cron, r.Trigger);
            Assert.Equal("0 3 * * *", r.Schedule);
            Assert.Contains("no cron log line", Assert.Single(r.ScheduleEvidence));
        });
        Assert.Contains("fires at 2022-07-20 03:00 -04:00", runs[0].ScheduleEvidence[0]);
        Assert.Contains("fires at 2023-01-20 03:00 -05:00", runs[1].ScheduleEvidence[0]);

        // Evaluated in UTC instead, 03:00 is hours away from either run: nothing explains them.
        var utc = new UpdateRunDetector().Detect(entries, jobs, TimeZoneInfo.Utc).Runs;
        Assert.All(utc, r => Assert.Equal(UpdateTrigger.Manual, r.Trigger));
    }

    [Fact]
    public void ACronStartWithNoPackageLinesIsAnEmptyRun()
    {
        var t = new DateTimeOffset(2022, 7, 18, 3, 0, 1, Jst);
        var entries = new List<LogEntry>
        {
            Cron(t, "root", "yum -y update", 10),
            Yum(t.AddDays(1).AddSeconds(40), "Updated: tzdata-2022a-1.amzn2.noarch", 1),
            Cron(t.AddDays(1), "root", "yum -y update", 11),
            Cron(t.AddDays(1).AddMinutes(1), "root", "/usr/lib64/sa/sa1 1 1", 12),
        };
        var runs = new UpdateRunDetector().Detect(entries, Crontab("0 3 * * * root yum -y update\n")).Runs;

        Assert.Equal(2, runs.Count);
        var empty = runs[0];
        Assert.True(empty.IsEmpty);
        Assert.Equal(t, empty.Start);
        Assert.Equal(UpdateTrigger.Cron, empty.Trigger);
        Assert.Equal("0 3 * * *", empty.Schedule);
        Assert.Equal((CronLog, 10L), (empty.Path, empty.FirstLine));
        Assert.Contains("nothing to do", empty.Note);
        Assert.False(runs[1].IsEmpty);

        // With no yum.log at all the note says so instead of guessing.
        var alone = new UpdateRunDetector().Detect([Cron(t, "root", "yum -y update", 10)]).Runs;
        Assert.Contains("no yum.log", Assert.Single(alone).Note);
        Assert.Equal("cron (crontab not in the input)", alone[0].Schedule);
    }

    [Fact]
    public void DnfRpmLogRunsWithDnfAutomatic()
    {
        var utc = TimeSpan.Zero;
        var t = new DateTimeOffset(2024, 2, 29, 6, 13, 0, utc);
        var entries = new List<LogEntry>
        {
            Systemd(t, "Starting dnf automatic install updates...", 40),
            DnfRpm(t.AddSeconds(20), "INFO --- logging initialized ---", 1),
            Dnf(t.AddSeconds(21), "Command: dnf-automatic /etc/dnf/automatic.conf --timer", 5),
            DnfRpm(t.AddSeconds(50), "Upgrade: openssl-libs-1:3.0.7-25.el9_3.x86_64", 2),
            DnfRpm(t.AddSeconds(51), "Upgraded: openssl-libs-1:3.0.7-24.el9.x86_64", 3),
            DnfRpm(t.AddSeconds(52), "Installed: kernel-core-5.14.0-362.18.1.el9_3.x86_64", 4),
            DnfRpm(t.AddSeconds(53), "Erase: kernel-core-5.14.0-284.11.1.el9_2.x86_64", 5),
            DnfRpm(t.AddSeconds(54), "Cleanup: openssl-libs-1:3.0.7-24.el9.x86_64", 6),
            // A second dnf right after: the logging line starts a new run although the gap is short.
            DnfRpm(t.AddSeconds(70), "INFO --- logging initialized ---", 7),
            DnfRpm(t.AddSeconds(80), "Install: htop-3.2.1-1.el9.x86_64", 8),
        };
        var runs = new UpdateRunDetector().Detect(entries).Runs;

        Assert.Equal(2, runs.Count);
        var a = runs[0];
        Assert.Equal("dnf", a.Tool);
        Assert.Equal(UpdateTrigger.DnfAutomatic, a.Trigger);
        Assert.Equal("dnf-automatic timer", a.Schedule);
        Assert.Equal(t.AddSeconds(50), a.Start);
        Assert.Equal(t.AddSeconds(54), a.End);                // the cleanup line belongs to the run
        Assert.Equal([(PackageAction.Updated, "openssl-libs"), (PackageAction.Installed, "kernel-core"), (PackageAction.Erased, "kernel-core")],
            a.Packages.Select(p => (p.Action, p.Name)).ToArray());
        Assert.Equal(2, a.ScheduleEvidence.Count);             // the systemd line and dnf.log's command line
        Assert.Equal(["htop"], runs[1].Packages.Select(p => p.Name).ToArray());
    }

    [Fact]
    public void RunPartsStartingYumCronIsYumCron()
    {
        var t = new DateTimeOffset(2022, 5, 1, 3, 41, 0, Jst);
        var entries = new List<LogEntry>
        {
            Syslog(CronLog, t, "anacron", "Job `cron.daily' started", 30, 900),
            Syslog(CronLog, t, "run-parts(/etc/cron.daily)", "starting 0yum-daily.cron", 31, 901),
            Yum(t.AddMinutes(2), "Updated: httpd-filesystem-2.4.53-1.amzn2.noarch", 4),
            Syslog(CronLog, t.AddMinutes(3), "run-parts(/etc/cron.daily)", "finished 0yum-daily.cron", 32, 901),
        };
        var run = Assert.Single(new UpdateRunDetector().Detect(entries).Runs);
        Assert.Equal(UpdateTrigger.YumCron, run.Trigger);
        Assert.Equal("/etc/cron.daily (run-parts)", run.Schedule);
        Assert.StartsWith($"{CronLog}:31: ", Assert.Single(run.ScheduleEvidence));
    }

    [Fact]
    public void AScriptNamedLikeAnUpdateIsAPossibleCause()
    {
        var t = new DateTimeOffset(2022, 9, 9, 2, 15, 1, Jst);
        var entries = new List<LogEntry>
        {
            Cron(t, "root", "/root/bin/update.sh", 3),
            Yum(t.AddMinutes(4), "Updated: vim-minimal-2:8.2.5172-1.amzn2.0.1.x86_64", 9),
        };
        var run = Assert.Single(new UpdateRunDetector().Detect(entries, Crontab("15 2 * * * root /root/bin/update.sh\n")).Runs);
        Assert.Equal(UpdateTrigger.Cron, run.Trigger);
        Assert.Equal("15 2 * * *", run.Schedule);
        Assert.Contains("suggests an update", run.Note);
    }

    [Fact]
    public void AMalformedPackageLineWarnsAndTheRestIsRead()
    {
        var t = new DateTimeOffset(2022, 7, 20, 3, 0, 41, Jst);
        var diag = new CollectingDiagnostics();
        var entries = new List<LogEntry>
        {
            Yum(t, "Updated: tzdata-2022a-1.amzn2.noarch", 1),
            Yum(t.AddSeconds(1), "Updated: x:broken-1-1.noarch", 2),
            Yum(t.AddSeconds(2), "Updated: rsyslog-8.24.0-57.amzn2.2.0.1.x86_64", 3),
        };
        var run = Assert.Single(new UpdateRunDetector(diagnostics: diag).Detect(entries).Runs);
        Assert.Equal(2, run.Packages.Count);
        Assert.Equal(2, Assert.Single(diag.Warnings).Line);
    }
}
