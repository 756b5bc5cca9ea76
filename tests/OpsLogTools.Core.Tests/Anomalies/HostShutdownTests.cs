using OpsLogTools.Core.Model;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.Anomalies;

/// <summary>
/// A reboot is one event, logins and logouts are not outages, a restart is not an outage: on generated hosts whose
/// systemd, logind, rsyslogd and kernel lines are written in the words of systemd 219 (CentOS 7), 239 (RHEL 8) and
/// 252 (RHEL 9), see <see cref="SystemdScript"/>.
/// </summary>
public class HostShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Cet = TimeSpan.FromHours(1);

    [Theory]
    [InlineData(SystemdStyle.Centos7, false, 501)]
    [InlineData(SystemdStyle.Rhel8, false, 502)]
    [InlineData(SystemdStyle.Rhel8, true, 503)]
    [InlineData(SystemdStyle.Rhel9, false, 504)]
    [InlineData(SystemdStyle.Rhel9, true, 505)]
    public void ARebootIsOneEventLogoutsAreNothingAndTheRealOutageStays(SystemdStyle style, bool fullTail, int seed)
    {
        var start = new DateTimeOffset(2023, 11, 14, 6, 0, 0, Cet);
        var host = new SyntheticHost(seed, start, TimeSpan.FromHours(16)) { WithCloudFront = false }.Generate();
        var script = new SystemdScript(host, style);
        // Two users log in and out (overlapping sessions of the admin), then the admin reboots the host and logs in again.
        int a1 = script.Login(start.AddHours(2), "admin", 1000);
        script.Logout(start.AddHours(3), "admin", a1);
        int d1 = script.Login(start.AddHours(4), "deploy", 1001);
        int a2 = script.Login(start.AddHours(4.5), "admin", 1000);
        script.Logout(start.AddHours(5), "deploy", d1);
        int a3 = script.Login(start.AddHours(5.5), "admin", 1000);
        script.Logout(start.AddHours(6), "admin", a2);
        script.Logout(start.AddHours(6.2), "admin", a3);
        int a4 = script.Login(start.AddHours(9.9), "admin", 1000);
        var shutdownAt = start.AddHours(10).AddSeconds(17);
        var bootAt = shutdownAt.AddMinutes(3).AddSeconds(5);
        script.Reboot(shutdownAt, bootAt, fullTail, [a4]);
        int a5 = script.Login(start.AddHours(10.3), "admin", 1000);
        script.Logout(start.AddHours(10.6), "admin", a5);
        int d2 = script.Login(start.AddHours(11), "deploy", 1001);
        script.Logout(start.AddHours(11.5), "deploy", d2);
        // A real outage: the OOM killer takes httpd at 13:00 and the admin starts it again at 13:25.
        var killed = start.AddHours(13).AddSeconds(41);
        var back = killed.AddMinutes(25);
        script.OomKilledHttpd(killed, back);

        var found = AnomalyTestKit.Detect(host, output);

        var reboot = Assert.Single(found, a => a.Kind == AnomalyKind.HostShutdown);
        Assert.Equal(AnomalyCause.Stopped, reboot.Cause);
        Assert.Equal(SyntheticHost.Messages, reboot.Path);
        Assert.Equal(shutdownAt, reboot.Start);
        Assert.Equal(bootAt, reboot.End);
        var lines = host.Lines.Where(l => l.File == SyntheticHost.Messages).ToList();
        Assert.Equal(lines.Single(l => l.Message == "System is rebooting.").LineNumber, reboot.FirstLine);
        Assert.Equal(lines.Single(l => l.Message.StartsWith("Linux version ", StringComparison.Ordinal)).LineNumber, reboot.LastLine);
        Assert.Contains("host rebooted", reboot.Summary, StringComparison.Ordinal);

        var outage = Assert.Single(found, a => a.Kind == AnomalyKind.ServiceOutage);
        Assert.Equal("httpd", outage.Service);
        Assert.Equal(AnomalyCause.OutOfMemory, outage.Cause);
        Assert.Equal(killed, outage.Start);
        Assert.Equal(back.AddSeconds(1), outage.End);
        // Nothing else: no unit of a login session, no service stopped by the reboot, no silence while the host was down.
        Assert.Equal(2, found.Count);
    }

    [Theory]
    [InlineData(SystemdStyle.Centos7, 511)]
    [InlineData(SystemdStyle.Rhel8, 512)]
    [InlineData(SystemdStyle.Rhel9, 513)]
    public void ABootAfterNoShutdownIsOneUncleanShutdownFromTheLastLine(SystemdStyle style, int seed)
    {
        var start = new DateTimeOffset(2023, 11, 14, 6, 0, 0, Cet);
        var host = new SyntheticHost(seed, start, TimeSpan.FromHours(12)) { WithCloudFront = false }.Generate();
        var script = new SystemdScript(host, style);
        // The power goes at 11:00: the host's logs simply stop, and the kernel boots at 11:40.
        var lost = start.AddHours(5);
        var boot = lost.AddMinutes(40);
        host.Lines.RemoveAll(l => l.True >= lost && l.True < boot);
        script.BootOnly(boot);

        var found = AnomalyTestKit.Detect(host, output);

        var a = Assert.Single(found);
        Assert.Equal(AnomalyKind.HostShutdown, a.Kind);
        Assert.Equal(AnomalyCause.UncleanShutdown, a.Cause);
        var lastBefore = host.Lines.Where(l => l.True < lost && l.File != SyntheticHost.AccessLog && l.File != SyntheticHost.ErrorLog).MaxBy(l => l.True)!;
        Assert.Equal(lastBefore.True, a.Start);
        Assert.Equal(boot, a.End);
        Assert.Equal(lastBefore.File, a.Path);
    }

    [Theory]
    [InlineData(SystemdStyle.Centos7, 521)]
    [InlineData(SystemdStyle.Rhel9, 522)]
    public void AnAdminsStopAndStartIsARestartNotAnOutage(SystemdStyle style, int seed)
    {
        var start = new DateTimeOffset(2023, 11, 14, 6, 0, 0, Cet);
        var host = new SyntheticHost(seed, start, TimeSpan.FromHours(12)) { WithCloudFront = false }.Generate();
        var script = new SystemdScript(host, style);
        var stop = start.AddHours(4).AddSeconds(12);
        var again = stop.AddMinutes(9);
        script.AdminStopStart(stop, again, "admin", "chronyd.service", "NTP client/server");

        var found = AnomalyTestKit.Detect(host, output);

        var a = Assert.Single(found);
        Assert.Equal(AnomalyKind.ServiceRestart, a.Kind);
        Assert.Equal("chronyd", a.Service);
        Assert.Equal(stop, a.Start);
        Assert.Equal(again.AddSeconds(1), a.End);
        Assert.Contains(a.Evidence, e => e.Contains("through sudo", StringComparison.Ordinal) && e.EndsWith("/bin/systemctl stop chronyd", StringComparison.Ordinal));
        Assert.Contains(a.Evidence, e => e.StartsWith("No request failed meanwhile", StringComparison.Ordinal));
    }

    [Fact]
    public void AStopWhileRequestsFailIsAnOutageWhoeverStoppedIt()
    {
        // php-fpm stopped by the admin for 12 minutes; Apache answers 503 to the PHP pages meanwhile (mod_proxy_fcgi
        // cannot reach the pool: AH01079 in the error log).
        var start = new DateTimeOffset(2023, 11, 14, 6, 0, 0, Cet);
        var host = new SyntheticHost(seed: 531, start, TimeSpan.FromHours(12)) { WithCloudFront = false }.Generate();
        var script = new SystemdScript(host, SystemdStyle.Rhel9);
        var stop = start.AddHours(5);
        var again = stop.AddMinutes(12);
        script.AdminStopStart(stop, again, "admin", "php-fpm.service", "The PHP FastCGI Process Manager");
        for (var t = stop.AddSeconds(20); t < again; t = t.AddSeconds(45))
        {
            host.Add(SyntheticHostFiles.Access(t, "/index.php", 503, "198.51.100.7"));
            host.Add(SyntheticHostFiles.Error(t, "proxy:error", 2210, "[client 198.51.100.7:50412] AH01079: failed to make connection to backend: httpd-UDS"));
        }

        var found = AnomalyTestKit.Detect(host, output);

        var a = Assert.Single(found, x => x.Kind is AnomalyKind.ServiceOutage or AnomalyKind.ServiceRestart);
        Assert.Equal(AnomalyKind.ServiceOutage, a.Kind);
        Assert.Equal("php-fpm", a.Service);
        Assert.Equal(AnomalyCause.Stopped, a.Cause);
        Assert.Contains(a.Evidence, e => e.StartsWith("Requests failed meanwhile", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AServiceStoppedByAPackageUpdateIsARestart(bool dnf)
    {
        var start = new DateTimeOffset(2023, 11, 14, 0, 0, 0, Cet);
        var host = new SyntheticHost(seed: 541, start, TimeSpan.FromHours(12)) { WithCloudFront = false, WithWeb = false }.Generate();
        var at = start.AddHours(3).AddMinutes(2);
        if (dnf)
        {
            // dnf 4 on RHEL 9: the transaction in dnf.rpm.log, run by hand (no cron line).
            host.Add(new SyntheticLine { File = SyntheticBundle.DnfRpmLog, True = at.AddSeconds(40), Message = "Upgrade: chrony-4.3-1.el9.x86_64" });
            host.Add(new SyntheticLine { File = SyntheticBundle.DnfRpmLog, True = at.AddSeconds(41), Message = "Upgraded: chrony-4.2-1.el9.x86_64" });
        }
        else
        {
            SyntheticBundle.NightlyYum(host, at);
        }
        // The update stops chronyd in its %preun and starts it when the transaction ends, two minutes later.
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, at.AddSeconds(30), "systemd", null, "Stopping NTP client/server..."));
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, at.AddSeconds(31), "systemd", null, "Stopped NTP client/server."));
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, at.AddMinutes(2).AddSeconds(40), "systemd", null, "Starting NTP client/server..."));
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, at.AddMinutes(2).AddSeconds(41), "systemd", null, "Started NTP client/server."));

        var found = AnomalyTestKit.Detect(host, output);

        var a = Assert.Single(found, x => x.Kind is AnomalyKind.ServiceOutage or AnomalyKind.ServiceRestart);
        Assert.Equal(AnomalyKind.ServiceRestart, a.Kind);
        Assert.Equal("chronyd", a.Service);
        Assert.Contains(a.Evidence, e => e.StartsWith("A package update ran around it", StringComparison.Ordinal) && e.Contains(dnf ? "dnf.rpm.log:" : "cron:", StringComparison.Ordinal));
        Assert.Contains(a.Evidence, e => e.StartsWith("No access or error log", StringComparison.Ordinal));
    }
}
