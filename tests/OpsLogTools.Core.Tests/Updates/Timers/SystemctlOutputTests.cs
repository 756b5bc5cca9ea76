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
/// systemd's own output saved in a bundle as the timers' source: <c>systemctl cat dnf-automatic.timer</c> (the unit as dnf 4
/// ships it, then a drop-in <c>systemctl edit</c> wrote; systemd 252 prints <c># /path</c> before each file) and
/// <c>systemctl list-timers</c> (systemd 252's table: NEXT LEFT LAST PASSED UNIT ACTIVATES, then "N timers listed.").
/// </summary>
public sealed class SystemctlOutputTests
{
    private const string Cat = """
        # /usr/lib/systemd/system/dnf-automatic.timer
        [Unit]
        Description=dnf-automatic timer
        # See comment in dnf-makecache.service
        ConditionPathExists=!/run/ostree-booted
        Wants=network-online.target

        [Timer]
        OnCalendar=*-*-* 6:00
        RandomizedDelaySec=60m
        Persistent=true

        [Install]
        WantedBy=timers.target

        # /etc/systemd/system/dnf-automatic.timer.d/override.conf
        [Timer]
        OnCalendar=
        OnCalendar=*-*-* 04:30

        """;

    private static string Listing(string zone, DateTimeOffset next, DateTimeOffset last) =>
        $"""
        NEXT                        LEFT          LAST                        PASSED       UNIT                         ACTIVATES
        {Stamp(next, zone)} 20h left      {Stamp(last, zone)} 3h 8min ago  dnf-automatic.timer          dnf-automatic.service
        {Stamp(next.AddHours(-19), zone)} 29min left    {Stamp(last.AddHours(2), zone)} 30min ago    dnf-makecache.timer          dnf-makecache.service
        -                           -             -                           -            fstrim.timer                 fstrim.service

        3 timers listed.
        Pass --all to see loaded but inactive timers, too.

        """;

    private static string Stamp(DateTimeOffset t, string zone) => t.ToString("ddd yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + zone;

    [Fact]
    public void Systemctl_cat_output_is_read_as_the_unit_and_its_drop_in_in_order()
    {
        using var b = new TempBundle();
        string saved = b.Write("systemctl-cat-dnf-automatic.timer.txt", Cat);
        var diagnostics = new CollectingDiagnostics();
        var timer = Assert.Single(TimerUnitReader.Read([b.Root], diagnostics));
        Assert.Empty(diagnostics.Warnings);
        Assert.Equal(("dnf-automatic.timer", "dnf-automatic.service", saved), (timer.Name, timer.Unit, timer.Path));
        // The drop-in's empty OnCalendar= cleared the unit's; its own is in force, named by its line in the saved file.
        Assert.Equal("*-*-* 04:30", Assert.Single(timer.Calendars).Text);
        Assert.Equal($"{saved}:19: OnCalendar=*-*-* 04:30", Assert.Single(timer.CalendarEvidence));
        Assert.Equal((TimeSpan.FromHours(1), true), (timer.RandomizedDelay, timer.Persistent));
    }

    [Fact]
    public void Unit_files_of_the_bundle_win_over_saved_cat_output()
    {
        using var b = new TempBundle();
        b.Write("systemctl_cat.txt", Cat);
        string unit = b.Write("usr/lib/systemd/system/dnf-automatic.timer", "[Timer]\nOnCalendar=*-*-* 7:15\n");
        var timer = Assert.Single(TimerUnitReader.Read([b.Root], new CollectingDiagnostics()));
        Assert.Equal((unit, "*-*-* 7:15"), (timer.Path, timer.Calendars[0].Text));
    }

    [Theory]
    [InlineData("UTC", "UTC")]
    [InlineData("Asia/Tokyo", "JST")]
    [InlineData("America/Los_Angeles", "PDT")]
    public void A_list_timers_row_matches_the_run_its_LAST_trigger_started(string zoneId, string abbreviation)
    {
        // No unit file, only the listing: the LAST column is when dnf-automatic.timer really fired (random delay included).
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var lastWall = new DateTime(2024, 6, 14, 6, 23, 11);
        var last = new DateTimeOffset(lastWall, zone.GetUtcOffset(lastWall));

        (UpdateRun Run, IReadOnlyList<TimerUnit> Timers, string Saved, DateTimeOffset Rpm) RunAt(TimeSpan after)
        {
            using var b = new TempBundle();
            string saved = b.Write("systemctl-list-timers.txt", Listing(abbreviation, last.AddDays(1).AddMinutes(18), last));
            var rpm = last + after;
            string stamp = rpm.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + rpm.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal);
            b.Write("dnf.rpm.log", $"{stamp} SUBDEBUG Upgrade: tzdata-2024a-1.amzn2023.0.1.noarch\n{stamp} SUBDEBUG Upgraded: tzdata-2023c-1.amzn2023.0.1.noarch\n");
            var diagnostics = new CollectingDiagnostics();
            var timers = TimerUnitReader.Read([b.Root], diagnostics, zone);
            Assert.Empty(diagnostics.Warnings);
            var entries = new LogReader(FormatRegistry.All).Read([b.Root], new LogReadOptions { TimeZone = zone }, diagnostics).ToList();
            // The saved output is not a log.
            Assert.DoesNotContain(entries, e => e.Path == saved);
            return (Assert.Single(new UpdateRunDetector().Detect(entries, [], zone, timers).Runs), timers, saved, rpm);
        }

        var (run, timers, saved, rpm) = RunAt(TimeSpan.FromSeconds(125));
        Assert.Equal(["dnf-automatic.timer", "dnf-makecache.timer", "fstrim.timer"], timers.Select(t => t.Name));
        Assert.Equal(("dnf-automatic.service", (DateTimeOffset?)last), (timers[0].Unit, timers[0].Listing!.Last));
        Assert.Null(timers[2].Listing!.Last);
        Assert.Equal((rpm, UpdateTrigger.SystemdTimer), (run.Start, run.Trigger));
        Assert.Equal("dnf-automatic.timer (from systemctl list-timers)", run.Schedule);
        Assert.Contains(run.ScheduleEvidence, e => e.StartsWith(saved + ":2: ", StringComparison.Ordinal) && e.Contains("last triggered", StringComparison.Ordinal));

        // A run hours from the listed trigger is not that trigger's.
        Assert.NotEqual(UpdateTrigger.SystemdTimer, RunAt(TimeSpan.FromHours(3)).Run.Trigger);
    }

    [Fact]
    public void Local_times_without_a_zone_are_a_warning_and_left_out()
    {
        var diagnostics = new CollectingDiagnostics();
        var rows = SystemctlOutput.ReadListTimers(Listing("CET", DateTimeOffset.UnixEpoch.AddYears(54), DateTimeOffset.UnixEpoch.AddYears(54)), "/b/systemctl-list-timers", null, diagnostics);
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Null(r.Last));
        Assert.Single(diagnostics.Warnings);
        Assert.Empty(SystemctlOutput.ReadListTimers("NEXT is not a header here\nfoo.timer bar.service\n", "/b/x", null, diagnostics));
    }
}
