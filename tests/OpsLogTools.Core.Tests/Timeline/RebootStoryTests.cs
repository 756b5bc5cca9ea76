using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Tests.Anomalies;
using Xunit;

namespace OpsLogTools.Core.Tests.Timeline;

/// <summary>
/// Get-LogTimeline -Summary says "the host was rebooted" once per reboot, and neither a logout nor a unit stopped by the
/// shutdown is a service going down. Hosts generated with <see cref="SystemdScript"/> (systemd 219, 239 and 252 words).
/// </summary>
public class RebootStoryTests
{
    private static readonly TimeSpan Cet = TimeSpan.FromHours(1);

    private static IReadOnlyList<StoryEvent> Story(SyntheticHost host) =>
        HostTimeline.FromEntries(SyntheticBundle.Render(host).SelectMany(f => f.Entries)).Story();

    [Theory]
    [InlineData(SystemdStyle.Centos7, false, 701)]
    [InlineData(SystemdStyle.Rhel8, true, 702)]
    [InlineData(SystemdStyle.Rhel9, true, 703)]
    public void ARebootIsOneStoryEventAndTheRealOutageKeepsItsTwo(SystemdStyle style, bool fullTail, int seed)
    {
        var start = new DateTimeOffset(2023, 11, 14, 6, 0, 0, Cet);
        var host = new SyntheticHost(seed, start, TimeSpan.FromHours(16)) { WithCloudFront = false }.Generate();
        var script = new SystemdScript(host, style);
        int a1 = script.Login(start.AddHours(2), "admin", 1000);
        int d1 = script.Login(start.AddHours(2.5), "deploy", 1001);
        script.Logout(start.AddHours(3), "admin", a1);
        script.Logout(start.AddHours(3.5), "deploy", d1);
        int a2 = script.Login(start.AddHours(9.9), "admin", 1000);
        var shutdownAt = start.AddHours(10).AddSeconds(17);
        var bootAt = shutdownAt.AddMinutes(3);
        script.Reboot(shutdownAt, bootAt, fullTail, [a2]);
        var killed = start.AddHours(13).AddSeconds(41);
        script.OomKilledHttpd(killed, killed.AddMinutes(25));

        var story = Story(host);

        var reboot = Assert.Single(story, s => s.Event == StoryEventKind.HostRebooted);
        Assert.Equal(shutdownAt, reboot.Time);
        Assert.Contains("rebooted", reboot.Summary, StringComparison.Ordinal);
        Assert.Contains(reboot.Evidence, e => e.StartsWith("The boot: ", StringComparison.Ordinal) && e.Contains("Linux version", StringComparison.Ordinal));
        var down = Assert.Single(story, s => s.Event == StoryEventKind.ServiceDown);
        Assert.StartsWith("httpd", down.Summary, StringComparison.Ordinal);
        Assert.Equal(killed.AddSeconds(1), down.Time);
        Assert.Single(story, s => s.Event == StoryEventKind.ServiceUp);
        Assert.DoesNotContain(story, s => s.Event == StoryEventKind.HostShutDown);
    }

    [Fact]
    public void ABootAfterTheLogsStoppedIsToldFromTheLastLine()
    {
        var start = new DateTimeOffset(2023, 11, 14, 6, 0, 0, Cet);
        var host = new SyntheticHost(seed: 711, start, TimeSpan.FromHours(12)) { WithCloudFront = false }.Generate();
        var lost = start.AddHours(5);
        var boot = lost.AddMinutes(40);
        host.Lines.RemoveAll(l => l.True >= lost && l.True < boot);
        new SystemdScript(host, SystemdStyle.Rhel9).BootOnly(boot);

        var story = Story(host);

        var reboot = Assert.Single(story, s => s.Event == StoryEventKind.HostRebooted);
        var last = host.Lines.Where(l => l.True < lost).Max(l => l.True);
        Assert.Equal(last, reboot.Time);
        Assert.Contains("no shutdown logged", reboot.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ShutDownAtTheEndOfTheLogs()
    {
        var start = new DateTimeOffset(2023, 11, 14, 6, 0, 0, Cet);
        var host = new SyntheticHost(seed: 712, start, TimeSpan.FromHours(8)) { WithCloudFront = false }.Generate();
        var at = start.AddHours(7).AddMinutes(30);
        host.Lines.RemoveAll(l => l.True >= at);
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, at, "systemd-logind", 880, "System is powering down."));
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, at.AddSeconds(1), "systemd", 1, "Stopping The Apache HTTP Server..."));
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, at.AddSeconds(1), "systemd", 1, "Failed unmounting /var."));
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, at.AddSeconds(2), "systemd", 1, "Reached target Shutdown."));

        var story = Story(host);

        var down = Assert.Single(story, s => s.Event == StoryEventKind.HostShutDown);
        Assert.Equal(at, down.Time);
        Assert.DoesNotContain(story, s => s.Event is StoryEventKind.HostRebooted or StoryEventKind.ServiceDown);
    }
}
