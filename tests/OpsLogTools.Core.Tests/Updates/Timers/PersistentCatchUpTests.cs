using System.Globalization;
using OpsLogTools.Core.Analysis.Updates;
using OpsLogTools.Core.Analysis.Updates.Timers;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Tests.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Updates.Timers;

/// <summary>
/// <c>Persistent=true</c> (systemd.timer(5)): a timer whose elapse passed while the host was down fires once it is active
/// after the next boot. Hand-written bundles (the unit texts as dnf 4 and apt 2.6 ship them; syslog in rsyslog's RFC 3339
/// format with the kernel's boot banner; dnf.rpm.log as dnf 4 writes it; apt history as apt 2.6 writes it), in several zones.
/// </summary>
public sealed class PersistentCatchUpTests
{
    private static string Unit(bool persistent) => $"""
        [Unit]
        Description=dnf-automatic timer

        [Timer]
        OnCalendar=*-*-* 6:00
        RandomizedDelaySec=60m
        {(persistent ? "Persistent=true" : "")}

        [Install]
        WantedBy=timers.target
        """;

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
    private static string Dnf(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + t.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal);

    /// <summary>Down from 05:20 to <paramref name="bootAt"/> (local), the run <paramref name="runAfterBoot"/> after the boot.</summary>
    private static (List<UpdateRun> Runs, DateTimeOffset Start, DateTimeOffset Boot) Run(string zoneId, DateTime day, TimeSpan bootAt, TimeSpan runAfterBoot,
        bool persistent, bool startLine)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        DateTimeOffset Local(DateTime t) => new(t, zone.GetUtcOffset(t));
        var down = Local(day + new TimeSpan(5, 20, 0));
        var boot = Local(day + bootAt);
        var start = boot + runAfterBoot;
        using var b = new TempBundle();
        b.Write("usr/lib/systemd/system/dnf-automatic.timer", Unit(persistent));
        var syslog = new List<string>
        {
            $"{Iso(down.AddHours(-1))} web1 systemd[1]: Started Session 12 of user ec2-user.",
            $"{Iso(down)} web1 systemd[1]: Stopping System Logging Service...",
            $"{Iso(boot)} web1 kernel: Linux version 6.1.79-99.164.amzn2023.x86_64 (mockbuild@ip-10-0-34-169) (gcc (GCC) 11.4.1 20230605 (Red Hat 11.4.1-2), GNU ld version 2.39-6.amzn2023.0.10) #1 SMP PREEMPT_DYNAMIC Wed Feb 21 21:21:28 UTC 2024",
            $"{Iso(boot.AddSeconds(9))} web1 systemd[1]: Startup finished in 1.011s (kernel) + 2.390s (initrd) + 5.702s (userspace) = 9.104s.",
        };
        if (startLine) syslog.Add($"{Iso(start)} web1 systemd[1]: Starting dnf-automatic.service - dnf automatic...");
        b.Write("messages", string.Join('\n', syslog) + "\n");
        var rpm = start.AddSeconds(40);
        b.Write("dnf.rpm.log", $"""
            {Dnf(start)} INFO --- logging initialized ---
            {Dnf(rpm)} SUBDEBUG Upgrade: tzdata-2024a-1.amzn2023.0.1.noarch
            {Dnf(rpm.AddSeconds(2))} SUBDEBUG Upgraded: tzdata-2023c-1.amzn2023.0.1.noarch

            """);
        var diagnostics = new CollectingDiagnostics();
        var entries = new LogReader(FormatRegistry.All).Read([b.Root], new LogReadOptions { TimeZone = zone }, diagnostics).ToList();
        var timers = TimerUnitReader.Read([b.Root], diagnostics);
        Assert.Empty(diagnostics.Errors);
        return (new UpdateRunDetector().Detect(entries, [], zone, timers).Runs.Where(r => !r.IsEmpty).ToList(), rpm, boot);
    }

    [Theory]
    [InlineData("UTC", true)]
    [InlineData("Asia/Tokyo", false)]               // no start line: the package lines alone
    [InlineData("America/New_York", true)]
    [InlineData("Europe/Berlin", false)]
    public void A_run_right_after_a_boot_that_missed_the_elapse_is_the_timers_catch_up(string zoneId, bool startLine)
    {
        // Down over 06:00 (the elapse), booted at 09:12, the run two minutes later: far outside 06:00 + 60m, yet the timer's.
        var (runs, start, boot) = Run(zoneId, new DateTime(2024, 3, 15), new TimeSpan(9, 12, 1), TimeSpan.FromMinutes(2), persistent: true, startLine);
        var run = Assert.Single(runs);
        Assert.Equal(start, run.Start);
        Assert.Equal(UpdateTrigger.SystemdTimer, run.Trigger);
        Assert.Equal("dnf-automatic.timer (OnCalendar=*-*-* 6:00, RandomizedDelaySec=1h, Persistent)", run.Schedule);
        Assert.Contains("Persistent catch-up", run.Note, StringComparison.Ordinal);
        var elapse = new DateTimeOffset(new DateTime(2024, 3, 15, 6, 0, 0), TimeZoneInfo.FindSystemTimeZoneById(zoneId).GetUtcOffset(new DateTime(2024, 3, 15, 6, 0, 0)));
        Assert.Contains(run.ScheduleEvidence, e => e.Contains("Persistent=true: the elapse of " + elapse.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            && e.Contains("booted at " + boot.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Equal(("tzdata", "2023c-1.amzn2023.0.1"), (run.Packages[0].Name, run.Packages[0].FromVersion));
    }

    [Theory]
    [InlineData(false, 2)]    // not Persistent: a missed elapse is lost, the run is not the timer's
    [InlineData(true, 180)]   // Persistent, but three hours after the boot: not a catch-up
    public void A_run_the_timer_would_not_have_caught_up_is_not_matched_to_it(bool persistent, int minutesAfterBoot)
    {
        var (runs, _, _) = Run("UTC", new DateTime(2024, 3, 15), new TimeSpan(9, 12, 1), TimeSpan.FromMinutes(minutesAfterBoot), persistent, startLine: true);
        var run = Assert.Single(runs);
        Assert.NotEqual(UpdateTrigger.SystemdTimer, run.Trigger);
        Assert.DoesNotContain("Persistent", run.Note ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void A_boot_before_the_elapse_is_no_catch_up()
    {
        // Booted at 05:40, before the day's 06:00 elapse; the elapse before the boot (yesterday's 06:00) is followed by lines
        // (04:20, 05:20): the host was up then, nothing was missed, so the run at 05:42 is not the timer's catch-up.
        var (runs, _, _) = Run("UTC", new DateTime(2024, 3, 15), new TimeSpan(5, 40, 0), TimeSpan.FromMinutes(2), persistent: true, startLine: true);
        var run = Assert.Single(runs);
        Assert.NotEqual(UpdateTrigger.SystemdTimer, run.Trigger);
        Assert.DoesNotContain("Persistent", run.Note ?? "", StringComparison.Ordinal);
    }
}
