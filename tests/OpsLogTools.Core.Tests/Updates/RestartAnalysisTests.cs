using OpsLogTools.Core.Analysis.Updates;
using OpsLogTools.Core.Model;
using Xunit;
using static OpsLogTools.Core.Tests.Updates.Entries;

namespace OpsLogTools.Core.Tests.Updates;

// Input is hand-built LogEntry lists (see Entries): systemd lines as rsyslog writes them to messages (old and systemd 249+
// wording), rsyslogd's own start line, the kernel banner at boot, and Apache 2.4 error_log notices.
public class RestartAnalysisTests
{
    private static UpdateWindowResult One(IEnumerable<LogEntry> entries, UpdateWindowQuery query) =>
        Assert.Single(new UpdateWindowEvaluator(new UpdateRunDetector().Detect(entries)).Evaluate(query));

    [Theory]
    [InlineData("Started The Apache HTTP Server.")]
    [InlineData("Started httpd.service - The Apache HTTP Server.")]
    public void HttpdRestartedBeforeTheIncident(string systemdLine)
    {
        var t = new DateTimeOffset(2022, 7, 12, 3, 0, 40, TimeSpan.FromHours(9));
        var entries = new List<LogEntry>
        {
            Yum(t, "Updated: httpd-2.4.54-1.amzn2.x86_64", 1),
            Yum(t.AddSeconds(2), "Updated: mod_ssl-1:2.4.54-1.amzn2.x86_64", 2),
            Systemd(t.AddHours(5), "Stopping The Apache HTTP Server...", 10),
            Systemd(t.AddHours(5).AddSeconds(2), systemdLine, 11),
        };
        var r = One(entries, UpdateWindowQuery.ForInstant(t.AddDays(7)));

        var f = Assert.Single(r.Restarts);
        Assert.Equal("httpd", f.Daemon);
        Assert.Equal("httpd, mod_ssl", f.Package);
        Assert.Equal(t.AddHours(5).AddSeconds(2), f.RestartedAt);
        Assert.False(f.ByTheUpdate);
        Assert.True(f.RestartedBeforeIncident);
        Assert.Equal("httpd updated 2022-07-12 03:00: restarted at 08:00:42, 5 h after the update, before the incident began", f.Text);
        Assert.EndsWith("httpd was restarted at 08:00:42", r.Verdict);
    }

    [Fact]
    public void HttpdRestartedOnlyAfterTheIncidentBegan()
    {
        var t = new DateTimeOffset(2021, 11, 30, 23, 58, 0, TimeSpan.FromHours(-6));
        var incident = t.AddDays(1);
        var entries = new List<LogEntry>
        {
            Yum(t, "Updated: apr-util-1.6.1-5.amzn2.0.2.x86_64", 1),
            ApacheError(incident.AddMinutes(20), "mpm_prefork", "AH00163: Apache/2.4.54 () OpenSSL/1.0.2k-fips configured -- resuming normal operations", 44),
        };
        var r = One(entries, UpdateWindowQuery.ForWindow(incident, incident.AddMinutes(30)));

        var f = Assert.Single(r.Restarts);
        Assert.False(f.RestartedBeforeIncident);
        Assert.Equal(incident.AddMinutes(20), f.RestartedAt);
        Assert.Equal("httpd (apr-util updated 2021-11-30 23:58) but not restarted before the incident; first restart after the update at 2021-12-02 00:18:00", f.Text);
        Assert.StartsWith($"{ErrorLog}:44: ", f.Evidence);
        Assert.EndsWith("httpd was not restarted before the incident", r.Verdict);
    }

    [Fact]
    public void AGracefulRestartIsAReloadNotAStart()
    {
        var t = new DateTimeOffset(2022, 7, 12, 3, 0, 40, TimeSpan.FromHours(9));
        var entries = new List<LogEntry>
        {
            Yum(t, "Updated: httpd-2.4.54-1.amzn2.x86_64", 1),
            ApacheError(t.AddMinutes(1), "mpm_prefork", "AH00171: Graceful restart requested, doing restart", 1),
            ApacheError(t.AddMinutes(1), "mpm_prefork", "AH00493: SIGUSR1 received.  Doing graceful restart", 2),
            ApacheError(t.AddMinutes(1).AddSeconds(1), "mpm_prefork", "AH00163: Apache/2.4.54 () configured -- resuming normal operations", 3),
        };
        var f = Assert.Single(One(entries, UpdateWindowQuery.Everything()).Restarts);
        Assert.Null(f.RestartedAt);
        Assert.Equal("httpd updated 2022-07-12 03:00: no start of httpd after it in the input: it kept running the old files; "
            + "reloaded at 03:01:40 (graceful: the main process kept the old libraries)", f.Text);
        Assert.StartsWith($"{ErrorLog}:2: ", f.Evidence);
    }

    [Fact]
    public void AUserManagersStartupIsALoginNotAReboot()
    {
        // systemd 239 on a login: the user's manager (systemd[pid]) writes "Startup finished in 118ms."; the host did not boot.
        var t = new DateTimeOffset(2023, 3, 26, 1, 30, 0, TimeSpan.Zero);
        var entries = new List<LogEntry>
        {
            Yum(t, "Installed: kernel-5.10.173-154.642.amzn2.x86_64", 1),
            Systemd(t.AddHours(2), "Started Session 12 of user admin.", 40),
            Syslog(Messages, t.AddHours(2).AddSeconds(1), "systemd", "Startup finished in 118ms.", 41, 28711),
            Systemd(t.AddHours(2).AddSeconds(1), "Started User Manager for UID 1000.", 42),
        };
        var r = One(entries, UpdateWindowQuery.ForInstant(t.AddDays(1)));

        var host = Assert.Single(r.Restarts, f => f.Daemon == "host");
        Assert.Null(host.RestartedAt);
        Assert.Contains("the host was not rebooted", r.Verdict);
    }

    [Fact]
    public void KernelNeedsAReboot()
    {
        var t = new DateTimeOffset(2023, 3, 26, 1, 30, 0, TimeSpan.Zero);
        var entries = new List<LogEntry>
        {
            Yum(t, "Installed: kernel-5.10.173-154.642.amzn2.x86_64", 1),
            Yum(t.AddSeconds(30), "Updated: systemd-219-78.amzn2.0.22.x86_64", 2),
            Syslog(Messages, t.AddDays(3), "kernel", "Linux version 5.10.173-154.642.amzn2.x86_64 (mockbuild@ip-10-0-39-237)", 90),
            Syslog(Messages, t.AddDays(3).AddSeconds(1), "kernel", "Command line: BOOT_IMAGE=/boot/vmlinuz-5.10.173", 91),
            Systemd(t.AddDays(3).AddSeconds(9), "Startup finished in 1.2s (kernel) + 3.4s (userspace) = 4.6s.", 92),
        };
        var r = One(entries, UpdateWindowQuery.ForInstant(t.AddDays(1)));

        var host = Assert.Single(r.Restarts, f => f.Daemon == "host");
        Assert.Equal("kernel, systemd", host.Package);
        Assert.Equal(t.AddDays(3), host.RestartedAt);
        Assert.False(host.RestartedBeforeIncident);
        Assert.Contains("the host was not rebooted before the incident", r.Verdict);
        // systemd-journald counts as restarted by the reboot (no lines of its own were given).
        var journald = Assert.Single(r.Restarts, f => f.Daemon == "systemd-journald");
        Assert.Equal(t.AddDays(3), journald.RestartedAt);

        var noReboot = One(entries.Take(2), UpdateWindowQuery.Everything());
        Assert.Contains("the input has no systemd", Assert.Single(noReboot.Notes));
        Assert.Empty(noReboot.Restarts);
    }

    [Fact]
    public void TzdataWithoutAnyKnownDaemonSaysSoInNotes()
    {
        var t = new DateTimeOffset(2022, 10, 30, 1, 30, 0, TimeSpan.FromHours(1));
        var entries = new List<LogEntry>
        {
            Yum(t, "Updated: tzdata-2022e-1.amzn2.noarch", 1),
            Syslog(Messages, t.AddHours(2), "kernel", "Linux version 4.14.294-220.533.amzn2.x86_64", 5),
        };
        var r = One(entries, UpdateWindowQuery.Everything());
        Assert.Empty(r.Restarts);
        Assert.Contains("no daemon's start is in the input", Assert.Single(r.Notes));
    }

    [Fact]
    public void RsyslogRestartedByTheUpdateMatchesTheStartOfAnIncident()
    {
        // Here the stamps went wrong right when rsyslog restarted: the other edge of the incident.
        var t = new DateTimeOffset(2022, 4, 2, 3, 0, 30, TimeSpan.FromHours(9));
        var entries = new List<LogEntry>
        {
            Cron(t.AddSeconds(-29), "root", "yum update -y", 1),
            Yum(t, "Updated: rsyslog-8.24.0-57.amzn2.2.0.1.x86_64", 1),
            Systemd(t.AddSeconds(3), "Stopped System Logging Service.", 2),
            RsyslogStart(t.AddSeconds(4), 3),
        };
        var r = One(entries, UpdateWindowQuery.ForWindow(t.AddMinutes(1), t.AddHours(6)));
        Assert.Equal(UpdateRelation.Before, r.Relation);
        Assert.Equal(TimeSpan.FromMinutes(1), r.Gap);
        Assert.Equal("yum updated rsyslog at 2022-04-02 03:00:30 +09:00 (cron (crontab not in the input)), 1 min before the incident began: "
            + "rsyslog was restarted by the update at 03:00:34, which matches the incident beginning at 03:01:30", r.Verdict);
    }
}
