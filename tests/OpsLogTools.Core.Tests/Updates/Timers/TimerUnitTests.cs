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
/// Timer units read from a bundle (precedence, drop-ins) and runs matched to the timer that fired them. Unit texts:
/// apt-daily-upgrade.timer as apt 2.6.1 ships it (Debian 12, /lib/systemd/system), dnf-automatic.timer as dnf 4.14 ships
/// it on Amazon Linux 2023 (/usr/lib/systemd/system: OnCalendar=*-*-* 6:00, RandomizedDelaySec=60m, Persistent=true).
/// </summary>
public sealed class TimerUnitTests
{
    private const string AptDailyUpgrade = """
        [Unit]
        Description=Daily apt upgrade and clean activities
        After=apt-daily.timer

        [Timer]
        OnCalendar=*-*-* 6:00
        RandomizedDelaySec=60m
        Persistent=true

        [Install]
        WantedBy=timers.target
        """;

    private const string DnfAutomatic = """
        [Unit]
        Description=dnf-automatic timer
        ConditionPathExists=!/run/ostree-booted
        Wants=network-online.target

        [Timer]
        OnCalendar=*-*-* 6:00
        RandomizedDelaySec=60m
        Persistent=true

        [Install]
        WantedBy=timers.target
        """;

    [Fact]
    public void Units_are_read_with_precedence_and_drop_ins_in_name_order()
    {
        using var b = new TempBundle();
        b.Write("lib/systemd/system/apt-daily-upgrade.timer", AptDailyUpgrade);
        b.Write("etc/systemd/system/apt-daily-upgrade.timer.d/10-night.conf", "[Timer]\nOnCalendar=\nOnCalendar=Mon..Fri 03:30\nRandomizedDelaySec=15min\n");
        b.Write("lib/systemd/system/apt-daily-upgrade.timer.d/20-more.conf", "[Timer]\nOnCalendar=Sat,Sun 11:00\n");
        b.Write("usr/lib/systemd/system/fstrim.timer", "[Timer]\nOnCalendar=weekly\nAccuracySec=1h\nPersistent=true\nRandomizedDelaySec=6000\n");
        b.Write("etc/systemd/system/fstrim.timer", "[Timer]\nOnCalendar=monthly\n");
        b.Write("etc/crontab", "0 3 * * * root true\n"); // not a unit: passed over
        var d = new CollectingDiagnostics();
        var timers = TimerUnitReader.Read([b.Root], d);
        Assert.Empty(d.Warnings);
        Assert.Equal(["apt-daily-upgrade.timer", "fstrim.timer"], timers.Select(t => t.Name));
        var apt = timers[0];
        Assert.Equal(["Mon..Fri 03:30", "Sat,Sun 11:00"], apt.Calendars.Select(c => c.Text));
        Assert.Equal((TimeSpan.FromMinutes(15), true, "apt-daily-upgrade.service"), (apt.RandomizedDelay, apt.Persistent, apt.Unit));
        Assert.EndsWith("10-night.conf:3: OnCalendar=Mon..Fri 03:30", apt.CalendarEvidence[0]);
        var fstrim = timers[1];
        Assert.Equal(["monthly"], fstrim.Calendars.Select(c => c.Text));
        Assert.Equal((TimeSpan.Zero, false), (fstrim.RandomizedDelay, fstrim.Persistent)); // /etc's unit replaces /usr/lib's whole
    }

    [Theory]
    [InlineData("60", 60)]
    [InlineData("60m", 3600)]
    [InlineData("12h", 43200)]
    [InlineData("1h 30min", 5400)]
    [InlineData("100min", 6000)]
    [InlineData("2d", 172800)]
    public void Time_spans_read_as_systemd_reads_them(string text, double seconds)
    {
        Assert.True(typeof(TimerUnit).Assembly.GetType("OpsLogTools.Core.Analysis.Updates.Timers.SystemdTimeSpan") is not null);
        var state = new TimerUnitReader.State();
        TimerUnitReader.ApplyText(state, "[Timer]\nRandomizedDelaySec=" + text + "\n", "/t", NullDiagnostics.Instance);
        Assert.Equal(TimeSpan.FromSeconds(seconds), state.RandomizedDelay);
    }

    [Fact]
    public void An_unreadable_calendar_is_a_warning_naming_the_line()
    {
        var d = new CollectingDiagnostics();
        var state = new TimerUnitReader.State();
        TimerUnitReader.ApplyText(state, "[Timer]\nOnCalendar=Fri..Mon 10:00\nOnCalendar=daily\n", "/etc/systemd/system/x.timer", d);
        Assert.Equal(["daily"], state.Calendars.Select(c => c.Spec.Text));
        Assert.Contains("x.timer:2: OnCalendar=Fri..Mon 10:00", Assert.Single(d.Warnings).Message);
    }

    [Theory]
    [InlineData("UTC", 2024, 3, 15, 6, 23)]
    [InlineData("Europe/Berlin", 2024, 3, 31, 6, 48)] // the morning after Europe's spring forward
    [InlineData("America/Los_Angeles", 2023, 11, 5, 6, 5)] // the morning of the US fall back
    public void An_al2023_dnf_automatic_run_is_matched_to_its_timer_and_one_outside_its_window_is_not(string zoneId, int y, int mo, int d, int h, int mi)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var local = new DateTime(y, mo, d, h, mi, 12);
        var start = new DateTimeOffset(local, zone.GetUtcOffset(local));
        var late = start.AddHours(3);
        using var b = new TempBundle();
        b.Write("usr/lib/systemd/system/dnf-automatic.timer", DnfAutomatic);
        b.Write("var/log/dnf.rpm.log", Rpm(start, "tzdata-2024a-1.amzn2023.0.1.noarch", "tzdata-2023c-1.amzn2023.0.1.noarch", 0)
            + Rpm(late, "openssh-server-8.7p1-8.amzn2023.0.10.x86_64", "openssh-server-8.7p1-8.amzn2023.0.9.x86_64", 0));
        var entries = new LogReader(FormatRegistry.All).Read([b.Root], new LogReadOptions { TimeZone = zone }, new CollectingDiagnostics()).ToList();
        var timers = TimerUnitReader.Read([b.Root], NullDiagnostics.Instance);
        var runs = new UpdateRunDetector().Detect(entries, [], zone, timers).Runs;
        Assert.Equal(2, runs.Count);
        var (auto, manual) = (runs[0], runs[1]);
        // The timer's elapse explains the run: a systemd timer's run, the timer named in Schedule (issue 17).
        Assert.Equal((start, UpdateTrigger.SystemdTimer), (auto.Start, auto.Trigger));
        // dnf.rpm.log's Upgraded line is the version before.
        Assert.Equal(("tzdata", "2023c-1.amzn2023.0.1"), (Assert.Single(auto.Packages).Name, auto.Packages[0].FromVersion));
        Assert.Equal("dnf-automatic.timer (OnCalendar=*-*-* 6:00, RandomizedDelaySec=1h, Persistent)", auto.Schedule);
        var elapse = new DateTimeOffset(local.Date.AddHours(6), zone.GetUtcOffset(local.Date.AddHours(6)));
        Assert.Contains(auto.ScheduleEvidence, e => e.Contains("dnf-automatic.timer:7: OnCalendar=*-*-* 6:00", StringComparison.Ordinal)
            && e.Contains("elapsed " + elapse.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Equal((UpdateTrigger.Manual, "Manual"), (manual.Trigger, manual.Schedule));
        Assert.Equal("openssh-server", Assert.Single(manual.Packages).Name);
    }

    private static string Rpm(DateTimeOffset t, string upgrade, string upgraded, int seconds)
    {
        string stamp = t.AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + t.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal);
        return $"{stamp} SUBDEBUG Upgrade: {upgrade}\n{stamp} SUBDEBUG Upgraded: {upgraded}\n";
    }
}
