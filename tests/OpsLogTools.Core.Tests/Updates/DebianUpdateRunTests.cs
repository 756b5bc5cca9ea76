using System.Globalization;
using OpsLogTools.Core.Analysis.Updates;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Tests.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Updates;

/// <summary>
/// apt and dpkg runs through the readers and the update detector, as Test-YumUpdateWindow sees them. Fixtures are written
/// here in Debian 12's shapes (dpkg 1.21 dpkg.log, apt 2.6 history.log, unattended-upgrades 2.9, rsyslog's
/// traditional auth.log and syslog), at dates and in zones each case names.
/// </summary>
public sealed class DebianUpdateRunTests
{
    private static string Dpkg(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    private static string Apt(DateTime t) => t.ToString("yyyy-MM-dd  HH:mm:ss", CultureInfo.InvariantCulture);
    private static string Bsd(DateTime t) => t.ToString("MMM", CultureInfo.InvariantCulture) + " " + t.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) + " " + t.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    private static UpdateHistory Detect(TempBundle b, TimeZoneInfo zone)
    {
        var options = new LogReadOptions { TimeZone = zone };
        var entries = new LogReader(FormatRegistry.All).Read([b.Root], options, new CollectingDiagnostics()).ToList();
        return new UpdateRunDetector().Detect(entries, cronZone: zone);
    }

    [Theory]
    [InlineData("Europe/Berlin", 2024, 1, 10)]
    [InlineData("America/New_York", 2023, 7, 4)]
    [InlineData("Asia/Tokyo", 2025, 3, 30)]
    public void Unattended_upgrades_and_a_manual_install_are_two_runs_with_their_trigger_user_and_versions(string zoneId, int year, int month, int day)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var u = new DateTime(year, month, day, 6, 25, 14);
        var m = new DateTime(year, month, day, 14, 2, 1);
        using var b = new TempBundle();
        b.Write("var/log/apt/history.log", $"""

            Start-Date: {Apt(u)}
            Commandline: /usr/bin/unattended-upgrade
            Upgrade: tzdata:all (2023c-5+deb12u1, 2024a-0+deb12u1), libc6:amd64 (2.36-9+deb12u3, 2.36-9+deb12u4), libc-bin:amd64 (2.36-9+deb12u3, 2.36-9+deb12u4)
            End-Date: {Apt(u.AddSeconds(26))}

            Start-Date: {Apt(m)}
            Commandline: apt install nginx
            Requested-By: alice (1000)
            Install: nginx:amd64 (1.22.1-9), nginx-common:amd64 (1.22.1-9, automatic)
            End-Date: {Apt(m.AddSeconds(8))}

            """);
        b.Write("var/log/dpkg.log", $"""
            {Dpkg(u.AddSeconds(6))} startup archives unpack
            {Dpkg(u.AddSeconds(7))} upgrade tzdata:all 2023c-5+deb12u1 2024a-0+deb12u1
            {Dpkg(u.AddSeconds(9))} status installed tzdata:all 2024a-0+deb12u1
            {Dpkg(u.AddSeconds(12))} upgrade libc6:amd64 2.36-9+deb12u3 2.36-9+deb12u4
            {Dpkg(u.AddSeconds(20))} upgrade libc-bin:amd64 2.36-9+deb12u3 2.36-9+deb12u4
            {Dpkg(m.AddSeconds(3))} install nginx-common:all <none> 1.22.1-9
            {Dpkg(m.AddSeconds(5))} install nginx:amd64 <none> 1.22.1-9
            {Dpkg(m.AddSeconds(7))} configure nginx:amd64 1.22.1-9 <none>

            """);
        b.Write("var/log/unattended-upgrades/unattended-upgrades.log", $"""
            {Dpkg(u.AddSeconds(-2))},513 INFO Starting unattended upgrades script
            {Dpkg(u.AddSeconds(-1))},020 INFO Packages that will be upgraded: libc-bin libc6 tzdata
            {Dpkg(u.AddSeconds(27))},200 INFO All upgrades installed

            """);
        b.Write("var/log/auth.log", $"{Bsd(m.AddSeconds(-1))} web1 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/apt install nginx\n");

        var runs = Detect(b, zone).Runs;
        Assert.True(2 == runs.Count, string.Join("\n", runs.Select(r => $"{r} {r.Path}:{r.FirstLine} {r.Note}")));
        var (auto, manual) = (runs[0], runs[1]);
        var uStart = new DateTimeOffset(u, zone.GetUtcOffset(u));
        Assert.Equal((uStart, uStart.AddSeconds(26)), (auto.Start, auto.End));
        Assert.Equal(("apt", UpdateTrigger.SystemdTimer, "apt-daily-upgrade.timer", "/usr/bin/unattended-upgrade"), (auto.Tool, auto.Trigger, auto.Schedule, auto.Command));
        Assert.Null(auto.User);
        Assert.Equal(["tzdata 2023c-5+deb12u1→2024a-0+deb12u1", "libc6 2.36-9+deb12u3→2.36-9+deb12u4", "libc-bin 2.36-9+deb12u3→2.36-9+deb12u4"],
            auto.Packages.Select(p => $"{p.Name} {p.FromVersion}→{p.Version}-{p.Release}"));
        Assert.Contains(auto.ScheduleEvidence, e => e.Contains("Starting unattended upgrades script", StringComparison.Ordinal));
        var relevant = UpdateWindowEvaluator.SelectRelevant(auto.Packages);
        Assert.Equal([("tzdata", UpdateArea.Clocks), ("libc6", UpdateArea.Clocks), ("libc-bin", UpdateArea.Clocks)], relevant.Select(r => (r.Package.Name, r.Area)));

        var mStart = new DateTimeOffset(m, zone.GetUtcOffset(m));
        Assert.Equal((mStart, mStart.AddSeconds(8)), (manual.Start, manual.End));
        Assert.Equal((UpdateTrigger.Manual, "Manual", "apt install nginx", "alice"), (manual.Trigger, manual.Schedule, manual.Command, manual.User));
        Assert.Equal([("nginx", false), ("nginx-common", true)], manual.Packages.Select(p => (p.Name, p.IsDependency)));
        Assert.Contains("Requested-By: alice (1000)", manual.Note);
        Assert.Equal(UpdateArea.WebServer, Assert.Single(UpdateWindowEvaluator.SelectRelevant(manual.Packages).Select(r => r.Area).Distinct()));
    }

    [Fact]
    public void A_dpkg_run_without_apt_record_is_a_run_of_its_own_by_the_sudo_user()
    {
        // dpkg -i of a downloaded .deb: dpkg.log only; the sudo line says who.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var t = new DateTime(2024, 10, 27, 2, 30, 0); // the fall-back night: 02:30 happens twice; dpkg's lines stay in order
        using var b = new TempBundle();
        b.Write("var/log/dpkg.log", $"""
            {Dpkg(t)} startup archives unpack
            {Dpkg(t.AddSeconds(2))} upgrade tzdata:all 2024a-0+deb12u1 2024b-0+deb12u1
            {Dpkg(t.AddSeconds(4))} configure tzdata:all 2024b-0+deb12u1 <none>

            """);
        b.Write("var/log/auth.log", $"{Bsd(t.AddSeconds(-5))} web1 sudo:      bob : TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/usr/bin/dpkg -i /tmp/tzdata_2024b-0+deb12u1_all.deb\n");
        var all = Detect(b, zone).Runs;
        Assert.True(1 == all.Count, string.Join("\n", all.Select(r => $"{r} {r.Path}:{r.FirstLine} {r.Note}")));
        var run = all[0];
        Assert.Equal(("dpkg", UpdateTrigger.Manual, "bob"), (run.Tool, run.Trigger, run.User));
        var tz = Assert.Single(run.Packages);
        Assert.Equal(("tzdata", PackageAction.Updated, "2024a-0+deb12u1"), (tz.Name, tz.Action, tz.FromVersion));
    }

    [Fact]
    public void Apt_update_is_not_a_package_change_but_apt_get_upgrade_is()
    {
        var update = typeof(UpdateRunDetector).Assembly.GetType("OpsLogTools.Core.Analysis.Updates.UpdateCommand")!;
        var classify = update.GetMethod("Classify")!;
        object Classify(string c) => classify.Invoke(null, [c])!;
        Assert.Contains("ChangesPackages = False", Classify("apt-get update").ToString());
        Assert.Contains("ChangesPackages = True", Classify("apt-get -y upgrade").ToString());
        Assert.Contains("Tool = apt", Classify("/usr/bin/apt full-upgrade -y").ToString());
        Assert.Contains("Tool = dpkg", Classify("dpkg -i x.deb").ToString());
    }
}
