using OpsLogTools.Core.Analysis.Witnesses;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using Xunit;
using static OpsLogTools.Core.Tests.Formats.FormatTestKit;

namespace OpsLogTools.Core.Tests.Witnesses;

/// <summary>
/// Every clock message the recogniser knows, as whole syslog lines, each line quoted from where it was seen: the daemons'
/// format strings (chrony reference.c, local.c, sources.c, ntp_sources.c, sched.c; ntpd ntp_loopfilter.c; systemd
/// timesyncd-manager.c, timesyncd.c, core/main.c, timedated.c, journald-server.c; Linux kernel/time/clocksource.c,
/// hrtimer.c, drivers/rtc hctosys) filled in as the posted logs named per case show them (public forum posts, mailing-list
/// dmesg dumps and blog posts found with the project's code search). /work/shared/realdata holds no clock-daemon line
/// (grepped: only lnav's macOS "kernel[0]: RTC: PowerByCalendarDate setting ignored", which is no witness, below).
/// </summary>
public sealed class ClockWitnessTests
{
    public static TheoryData<string, ClockEventKind, double?, string?> Lines() => new()
    {
        // chrony 3.x, reference.c: "System clock wrong by %.6f seconds, adjustment started" (a Raspberry Pi log posted with chrony 3).
        { "Jul 20 12:44:00 testvm1 chronyd[811]: System clock wrong by 1.412227 seconds, adjustment started", ClockEventKind.ClockWrong, 1.412227, null },
        // chrony 4.x before a step, and the step (local.c), a VM whose RTC ran in JST: a Japanese blog's journal of a RHEL VM.
        { "Jan 28 07:33:07 localhost chronyd[867]: System clock wrong by -32400.283303 seconds", ClockEventKind.ClockWrong, -32400.283303, null },
        { "Jan 27 22:33:06 localhost chronyd[867]: System clock was stepped by -32400.283303 seconds", ClockEventKind.ClockStepped, -32400.283303, null },
        // chronyd in the foreground under journald prefixes its own UTC stamp (a posted docker host journal).
        { "Jan 03 14:32:43 5979075 chronyd[154]: 2022-01-03T14:32:43Z System clock was stepped by -1.707730 seconds", ClockEventKind.ClockStepped, -1.70773, null },
        { "Mar 14 14:06:30 raspberrypi4 chronyd[754]: Selected source 103.186.118.221 (2.debian.pool.ntp.org)", ClockEventKind.SourceSelected, null, "103.186.118.221 (2.debian.pool.ntp.org)" },
        { "Mar 14 03:24:38 raspberrypi4 chronyd[82797]: Can't synchronise: no selectable sources", ClockEventKind.SourceLost, null, "no selectable sources" },
        { "Sep 11 12:24:45 localhost chronyd[3406]: Can't synchronise: no majority", ClockEventKind.SourceLost, null, "no majority" },
        { "Aug  2 18:54:53 host chronyd[820]: Source 210.173.160.57 offline", ClockEventKind.SourceLost, null, "210.173.160.57" },
        { "Sep 11 12:24:46 invoice1 chronyd[3406]: Source 162.159.200.1 online", ClockEventKind.SourceOnline, null, "162.159.200.1" },
        { "May 12 23:33:38 localhost chronyd[648]: Forward time jump detected!", ClockEventKind.TimeJump, null, "forward" },
        { "Mar 23 12:00:04 f34c2e9 chronyd[737]: Backward time jump detected!", ClockEventKind.TimeJump, null, "backward" },
        { "Mar 23 12:00:04 box chronyd[737]: System clock interference detected (another NTP client?)", ClockEventKind.TimeJump, null, "interference (another program set the clock)" },
        // ntpd, ntp_loopfilter.c: "time reset %+.6f s" and the sanity limit (an Ubuntu forum post; FreeBSD handbook's German copy).
        { "Jun 11 14:38:00 web ntpd[1500]: time reset +3599.811047 s", ClockEventKind.ClockStepped, 3599.811047, null },
        { "Nov 21 23:36:27 alix1c ntpd[1900]: time correction of 70551 seconds exceeds sanity limit (1000); set clock manually to the correct UTC time.", ClockEventKind.ClockWrong, 70551.0, null },
        { "Oct 31 14:58:14 box ntpd[67238]: time correction of -3599 seconds exceeds sanity limit (1000); set clock manually to the correct UTC time.", ClockEventKind.ClockWrong, -3599.0, null },
        // systemd-timesyncd (a Debian fileshare syslog; testvm2 in an opensource.com article).
        { "Jan 22 22:26:41 fileshare systemd-timesyncd[817]: Initial clock synchronization to Wed 2025-01-22 22:26:41.112346 MSK.", ClockEventKind.ClockSet, null, "Wed 2025-01-22 22:26:41.112346 MSK" },
        { "May 16 09:57:24 testvm2 systemd-timesyncd[822]: System clock time unset or jumped backwards, restoring from recorded timestamp: Sat 2020-05-16 13:56:53 EDT", ClockEventKind.ClockSet, null, "Sat 2020-05-16 13:56:53 EDT" },
        { "Sep 20 03:19:45 ubuntu systemd-timesyncd[472]: Timed out waiting for reply from 91.189.89.198:123 (ntp.ubuntu.com).", ClockEventKind.SourceLost, null, "91.189.89.198:123 (ntp.ubuntu.com)" },
        // systemd core/main.c (embedded boards' consoles; a dual-boot machine with the RTC in Tokyo time, delta 540).
        { "Jan  1 00:00:09 board systemd[1]: System time before build time, advancing clock.", ClockEventKind.ClockSet, null, "build time" },
        { "Jul 19 21:00:06 pc systemd[1]: RTC configured in localtime, applying delta of 540 minutes to system time.", ClockEventKind.RtcLocalTime, -32400.0, "RTC read as local time, 540 minute(s) from UTC" },
        { "Jul 19 21:00:06 pc systemd[1]: RTC configured in localtime, applying delta of -300 minutes to system time.", ClockEventKind.RtcLocalTime, 18000.0, "RTC read as local time, -300 minute(s) from UTC" },
        // systemd-timedated, timedated.c (a Fedora journal; a RHEL 9 course transcript).
        { "Jan  8 22:12:42 fedora systemd-timedated[16849]: Changed local time to Sun 2023-01-08 11:42:42 CET", ClockEventKind.ClockSet, null, "Sun 2023-01-08 11:42:42 CET" },
        { "Aug 17 21:27:14 redhat9-server-1 systemd-timedated[2133]: Changed time zone to 'America/Jamaica' (EST).", ClockEventKind.TimeZoneChanged, null, "America/Jamaica" },
        // systemd-journald, journald-server.c (the same Fedora journal).
        { "Jan  8 22:12:42 fedora systemd-journald[571]: Time jumped backwards, rotating.", ClockEventKind.TimeJump, null, "backward" },
        // Linux (LKML dmesg dumps; a CentOS messages file posted with kvm-clock).
        { "Aug 29 16:48:39 lasso kernel: clocksource: Switched to clocksource kvm-clock", ClockEventKind.ClocksourceSwitched, null, "kvm-clock" },
        { "Aug 29 16:48:39 lasso kernel: [    0.608904] clocksource: Switched to clocksource hpet", ClockEventKind.ClocksourceSwitched, null, "hpet" },
        { "Aug 29 16:48:39 lasso kernel: [1196945.314929] clocksource: timekeeping watchdog on CPU67: Marking clocksource 'tsc' as unstable because the skew is too large:", ClockEventKind.SourceLost, null, "clocksource tsc unstable" },
        { "Aug 29 16:48:39 lasso kernel: tsc: Marking TSC unstable due to clocksource watchdog", ClockEventKind.SourceLost, null, "clocksource tsc unstable: clocksource watchdog" },
        { "Aug 29 16:48:39 old kernel: Time: tsc clocksource has been installed.", ClockEventKind.ClocksourceSwitched, null, "tsc" },
        { "Jan 15 05:07:26 inet-firewall kernel: [76398.724224] hrtimer: interrupt took 15172948 ns", ClockEventKind.TimerStall, null, "15172948 ns" },
        { "Aug  9 03:55:23 travis-job kernel: [    3.007550] rtc_cmos 00:00: setting system clock to 2018-08-09 03:55:16 UTC (1533786916)", ClockEventKind.ClockSet, null, "2018-08-09 03:55:16 UTC (1533786916)" },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void EachWitnessLineIsRead(string line, ClockEventKind kind, double? step, string? detail)
    {
        var entry = ParseOne(new SyslogFormat(), line);
        var e = ClockWitness.Read(entry);
        Assert.NotNull(e);
        Assert.Equal(kind, e!.Kind);
        Assert.Equal(step, e.StepSeconds);
        Assert.Equal(detail, e.Detail);
        Assert.Equal(entry.Program, e.Source);
        Assert.Equal(entry.Timestamp, e.Time);
        Assert.Equal(entry.Message, e.Line);
        Assert.Equal(1, e.LineNumber);
    }

    [Theory]
    // Near misses: other programs' words, a truncated number, macOS' RTC line from lnav's realdata fixture.
    [InlineData("Sep 13 01:23:54 Tim-Stacks-iMac kernel[0]: RTC: PowerByCalendarDate setting ignored")]
    [InlineData("Jul 20 12:44:00 host chronyd[811]: System clock wrong by seconds")]
    [InlineData("Jul 20 12:44:00 host chronyd[811]: chronyd version 4.2 starting (+CMDMON +NTP)")]
    [InlineData("Jul 20 12:44:00 host chronyd[811]: Source 1.2.3.4 replaced with 5.6.7.8 (pool)")]
    [InlineData("Jul 20 12:44:00 host httpd[811]: System clock was stepped by 5 seconds")]
    [InlineData("Jul 20 12:44:00 host ntpd[811]: time slew +0.001234 s")]
    [InlineData("Jul 20 12:44:00 host systemd[1]: RTC configured in localtime, applying delta of lots minutes to system time.")]
    [InlineData("Jul 20 12:44:00 host systemd-timedated[5]: Changed time zone to 'unterminated")]
    [InlineData("Jul 20 12:44:00 host kernel: clocksource: tsc: mask: 0xffffffffffffffff max_cycles: 0x1e7161bdfcf")]
    public void OtherLinesAreNoWitness(string line)
    {
        Assert.Null(ClockWitness.Read(ParseOne(new SyslogFormat(), line)));
    }

    [Fact]
    public void JournalJsonEntriesAreReadAlike()
    {
        // journalctl -o json of chronyd's step (fields as systemd writes them; values from the RHEL VM case above).
        string line = """{"__REALTIME_TIMESTAMP":"1674855186000000","_HOSTNAME":"localhost","SYSLOG_IDENTIFIER":"chronyd","_PID":"867","PRIORITY":"4","MESSAGE":"System clock was stepped by -32400.283303 seconds"}""";
        var entry = ParseOne(new JournalJsonFormat(), line);
        var e = ClockWitness.Read(entry);
        Assert.NotNull(e);
        Assert.Equal(ClockEventKind.ClockStepped, e!.Kind);
        Assert.Equal(-32400.283303, e.StepSeconds);
        Assert.Equal(new DateTimeOffset(2023, 1, 27, 21, 33, 6, TimeSpan.Zero), e.Time.ToUniversalTime());
    }

    [Fact]
    public void HostileTextStaysBounded()
    {
        // A program name can be forged by anyone who can write to syslog: the recogniser must stay linear and keep Detail short.
        string longName = new('x', 100_000);
        Assert.True(ClockWitness.TryRead("chronyd", "Selected source " + longName, out _, out _, out string? detail));
        Assert.Equal(200, detail!.Length);
        Assert.False(ClockWitness.TryRead("chronyd", "System clock wrong by " + new string('9', 100_000) + " seconds", out _, out _, out _));
        Assert.False(ClockWitness.TryRead("chronyd", "System clock wrong by NaN seconds", out _, out _, out _));
    }
}
