using System.Globalization;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Tests.Anomalies;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.Witnesses;

/// <summary>
/// Get-LogAnomaly's engine with clock witnesses planted in the synthetic host's messages (the test generator of
/// <see cref="SyntheticHost"/>): chronyd's "wrong by" written by the wrong clock as the run's last line and "stepped by" by
/// the right one after it, in chrony 4's words (reference.c, local.c); systemd's RTC-in-local-time line at boot; timedated's
/// zone change. Ground truth is the planted offset; seeds, zones and dates vary.
/// </summary>
public sealed class ClockWitnessAnomalyTests(ITestOutputHelper output)
{
    private static string Step(double seconds) => seconds.ToString("0.000000", CultureInfo.InvariantCulture);

    /// <summary>chronyd finds the clock wrong while it is (stamped by the wrong clock) and steps it back at <paramref name="at"/>.</summary>
    private static void ChronySteps(SyntheticHost host, DateTimeOffset at, double offsetSeconds)
    {
        // The run's stamps are offsetSeconds ahead of true time: chronyd must move the clock by -offsetSeconds.
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, at.AddSeconds(-1), "chronyd", 912, $"System clock wrong by {Step(-offsetSeconds)} seconds"));
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, at, "chronyd", 912, $"System clock was stepped by {Step(-offsetSeconds)} seconds"));
    }

    [Theory]
    // seed, start, zone, hours, run from/to (hours after start), offset (s, stamped minus true; fractional as chrony prints), agent clock
    [InlineData(21, "2022-07-19T12:00:00+09:00", null, 18, 9.0, 15.0, -9333432.283303, false)]
    [InlineData(22, "2022-03-10T08:00:00+09:00", null, 14, 3.0, 8.0, -32400.283303, false)]
    [InlineData(23, "2021-11-20T06:00:00+05:30", null, 16, 5.0, 9.5, 3723.5, true)]
    [InlineData(24, "2022-06-01T07:00:00-04:00", "America/New_York", 12, 4.0, 6.5, 8225.75, false)]
    [InlineData(25, "2023-01-01T18:00:00+00:00", "Europe/London", 16, 8.0, 12.0, -259200.125, false)]
    public void RunEndingAtAChronyStepIsAWitnessedClock(int seed, string startText, string? zoneId, int hours, double runFrom, double runTo,
        double offsetSeconds, bool agentClock)
    {
        var start = DateTimeOffset.Parse(startText, CultureInfo.InvariantCulture);
        var zone = zoneId is null ? null : TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var host = new SyntheticHost(seed, start, TimeSpan.FromHours(hours), zone) { AgentPrintsClock = agentClock }.Generate();
        var from = start.AddHours(runFrom);
        var to = start.AddHours(runTo);
        ChronySteps(host, to, offsetSeconds);
        SyntheticBundle.Displace(host, from, to, TimeSpan.FromSeconds(offsetSeconds), SyntheticHost.RsyslogFiles);

        var found = AnomalyTestKit.Detect(host, output);

        var displaced = found.Where(a => a.Kind == AnomalyKind.DisplacedTimestamps).ToList();
        Assert.Equal(3, displaced.Count);
        Assert.DoesNotContain(found, a => a.Kind == AnomalyKind.ClockStep);
        var messages = Assert.Single(displaced, a => a.Path == SyntheticHost.Messages);
        var (first, last, count) = SyntheticBundle.DisplacedLines(host, SyntheticHost.Messages);
        Assert.Equal((first, last, count), (messages.FirstLine, messages.LastLine, messages.LineCount));
        foreach (var a in displaced)
        {
            Assert.True(a.Basis.HasFlag(OffsetBasis.ClockWitness), a.Basis.ToString());
            Assert.Equal(AnomalyCause.Clock, a.Cause);
            Assert.Equal(TamperVerdict.Unlikely, a.Tampering);
            // Stamps are whole seconds; the printed step has microseconds: the offset is the step to within a second.
            Assert.InRange(a.OffsetSeconds, offsetSeconds - 1, offsetSeconds + 1);
            Assert.Equal(2, a.ClockEvents.Count);
            Assert.Contains(a.ClockEvents, e => e.Kind == ClockEventKind.ClockStepped && e.StepSeconds == Math.Round(-offsetSeconds, 6) && e.Source == "chronyd");
            Assert.Contains(a.ClockEvents, e => e.Kind == ClockEventKind.ClockWrong && e.Path == SyntheticHost.Messages);
            Assert.Contains(a.Evidence, e => e.StartsWith("Clock witness at the run's end: messages:", StringComparison.Ordinal));
            Assert.Contains(a.Evidence, e => e.StartsWith("Tamper check (fits a re-stamp): the run ends where chronyd saw the clock stepped by", StringComparison.Ordinal));
            Assert.Contains(a.Evidence, e => e.StartsWith("Tamper check (witnesses): Witnesses consulted: time daemon lines (chronyd in messages)", StringComparison.Ordinal)
                && e.Contains("Absent: timedated lines", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void ZoneStepWithAChronyWitnessIsAClockNotAZone()
    {
        // -9 h exactly is a whole zone step: without a witness the cause is TimeZone (DisplacedTimestampsTests seed 11);
        // chronyd stepping the clock by +9 h with no zone change and no RTC in local time witnessed makes it the clock.
        var start = new DateTimeOffset(2022, 3, 10, 8, 0, 0, TimeSpan.FromHours(9));
        var host = new SyntheticHost(11, start, TimeSpan.FromHours(14)) { AgentPrintsClock = true }.Generate();
        ChronySteps(host, start.AddHours(8), -32400);
        SyntheticBundle.Displace(host, start.AddHours(3), start.AddHours(8), TimeSpan.FromHours(-9), SyntheticHost.RsyslogFiles);

        var found = AnomalyTestKit.Detect(host, output);

        var a = Assert.Single(found, a => a.Kind == AnomalyKind.DisplacedTimestamps && a.Path == SyntheticHost.Messages);
        Assert.Equal(-32400, a.OffsetSeconds);
        Assert.Equal(AnomalyCause.Clock, a.Cause);
        Assert.True(a.Basis.HasFlag(OffsetBasis.ClockWitness | OffsetBasis.EmbeddedClocks));
        Assert.Contains(a.Evidence, e => e.Contains("no zone change and no RTC kept in local time is witnessed", StringComparison.Ordinal));
    }

    [Fact]
    public void ZoneStepWithTheRtcInLocalTimeIsAZone()
    {
        // The host boots with its RTC in Tokyo time (systemd's delta line); later the clock is set from the RTC again and
        // runs 9 h ahead until chronyd steps it back: a whole zone offset with the RTC read as local time is a zone fault.
        var start = new DateTimeOffset(2022, 3, 10, 8, 0, 0, TimeSpan.FromHours(9));
        var host = new SyntheticHost(31, start, TimeSpan.FromHours(14)).Generate();
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, start.AddMinutes(1), "systemd", 1, "RTC configured in localtime, applying delta of 540 minutes to system time."));
        ChronySteps(host, start.AddHours(8), 32400);
        SyntheticBundle.Displace(host, start.AddHours(3), start.AddHours(8), TimeSpan.FromHours(9), SyntheticHost.RsyslogFiles);

        var found = AnomalyTestKit.Detect(host, output);

        var a = Assert.Single(found, a => a.Kind == AnomalyKind.DisplacedTimestamps && a.Path == SyntheticHost.Messages);
        Assert.Equal(32400, a.OffsetSeconds, 0);
        Assert.Equal(AnomalyCause.TimeZone, a.Cause);
        Assert.True(a.Basis.HasFlag(OffsetBasis.ClockWitness));
        Assert.Contains(a.Evidence, e => e.Contains("reads the real-time clock as local time", StringComparison.Ordinal));
        // The boot-time delta itself is a step the stamps do not show (only the kernel's lines before it had the RTC's zone).
        var boot = Assert.Single(found, a => a.Kind == AnomalyKind.ClockStep);
        Assert.Equal(AnomalyCause.TimeZone, boot.Cause);
        Assert.Equal(32400, boot.OffsetSeconds);
    }

    [Fact]
    public void TimedatedZoneChangeAtTheRunsStartIsAZone()
    {
        var start = new DateTimeOffset(2022, 6, 1, 7, 0, 0, TimeSpan.Zero);
        var host = new SyntheticHost(41, start, TimeSpan.FromHours(12)).Generate();
        var from = start.AddHours(4);
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, from.AddSeconds(-20), "systemd-timedated", 4242, "Changed time zone to 'Asia/Tokyo' (JST)."));
        SyntheticBundle.Displace(host, from, start.AddHours(7), TimeSpan.FromHours(9), SyntheticHost.RsyslogFiles);

        var found = AnomalyTestKit.Detect(host, output);

        var a = Assert.Single(found, a => a.Kind == AnomalyKind.DisplacedTimestamps && a.Path == SyntheticHost.Messages);
        Assert.Equal(AnomalyCause.TimeZone, a.Cause);
        Assert.True(a.Basis.HasFlag(OffsetBasis.ClockWitness));
        var zone = Assert.Single(a.ClockEvents);
        Assert.Equal(ClockEventKind.TimeZoneChanged, zone.Kind);
        Assert.Equal("Asia/Tokyo", zone.Detail);
        Assert.Contains(a.Evidence, e => e.StartsWith("Cause: systemd-timedated changed the time zone to Asia/Tokyo at the run's start", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(51, "2022-07-19T12:00:00+09:00", -9.3)]
    [InlineData(52, "2021-02-01T00:00:00-05:00", 4.005564)]
    [InlineData(53, "2023-10-29T00:00:00+01:00", -1.70773)]
    public void AStepNoRunShowsIsAClockStepFinding(int seed, string startText, double step)
    {
        // A step under the displaced-run threshold (30 s of jitter tolerance): the stamps show nothing, chronyd says it.
        var start = DateTimeOffset.Parse(startText, CultureInfo.InvariantCulture);
        var host = new SyntheticHost(seed, start, TimeSpan.FromHours(10)).Generate();
        var at = start.AddHours(5);
        ChronySteps(host, at, -step);

        var found = AnomalyTestKit.Detect(host, output);

        Assert.DoesNotContain(found, a => a.Kind == AnomalyKind.DisplacedTimestamps);
        var a = Assert.Single(found, a => a.Kind == AnomalyKind.ClockStep);
        Assert.Equal(SyntheticHost.Messages, a.Path);
        Assert.Equal(2, a.LineCount);
        Assert.Equal(-step, a.OffsetSeconds, 6);
        Assert.Equal(AnomalyCause.Clock, a.Cause);
        Assert.Equal(OffsetBasis.ClockWitness, a.Basis);
        Assert.Equal(TamperVerdict.Unlikely, a.Tampering);
        Assert.Equal("chronyd", a.Service);
        Assert.Equal(at, a.StampedEnd);
        Assert.Equal([ClockEventKind.ClockWrong, ClockEventKind.ClockStepped], a.ClockEvents.Select(e => e.Kind));
        Assert.StartsWith($"chronyd stepped the clock {(step < 0 ? "back" : "forward")} by", a.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void NoWitnessNoClockStepAndTheAbsenceIsNamed()
    {
        var start = new DateTimeOffset(2022, 5, 5, 9, 0, 0, TimeSpan.Zero);
        var host = new SyntheticHost(15, start, TimeSpan.FromHours(12)) { AgentPrintsClock = true }.Generate();
        host.Lines.RemoveAll(l => l.Program == "chronyd");
        SyntheticBundle.Displace(host, start.AddHours(3), start.AddHours(9), TimeSpan.FromSeconds(-(37 * 60 + 12)), SyntheticHost.RsyslogFiles);

        var found = AnomalyTestKit.Detect(host, output);

        Assert.DoesNotContain(found, a => a.Kind == AnomalyKind.ClockStep);
        var a = Assert.Single(found, a => a.Kind == AnomalyKind.DisplacedTimestamps && a.Path == SyntheticHost.Messages);
        Assert.False(a.Basis.HasFlag(OffsetBasis.ClockWitness));
        Assert.Empty(a.ClockEvents);
        Assert.Contains(a.Evidence, e => e.StartsWith("Tamper check (witnesses): Witnesses consulted:", StringComparison.Ordinal)
            && e.Contains("Absent: time daemon lines (no chronyd, ntpd or systemd-timesyncd line in any file)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(71, "2022-07-19T12:00:00+09:00", 9.0, 15.0, -3723.0)]
    [InlineData(72, "2023-02-01T06:00:00-05:00", 3.0, 7.5, 7200.0)]
    public void AuditLogsSettimeofdayAtTheRunsEndIsTheWitness(int seed, string startText, double runFrom, double runTo, double offsetSeconds)
    {
        // An admin sets the clock right with date(1): auditd records the settimeofday (stamped at the call's entry, by the
        // wrong clock) and the kernel's TIME_INJOFFSET with the exact step (kernel/auditsc.c audit_tk_injoffset).
        var start = DateTimeOffset.Parse(startText, CultureInfo.InvariantCulture);
        var host = new SyntheticHost(seed, start, TimeSpan.FromHours(18)).Generate();
        host.Lines.RemoveAll(l => l.Program == "chronyd");
        var to = start.AddHours(runTo);
        SyntheticBundle.Displace(host, start.AddHours(runFrom), to, TimeSpan.FromSeconds(offsetSeconds), SyntheticHost.RsyslogFiles);
        var files = SyntheticBundle.Render(host);
        long stamped = to.AddSeconds(offsetSeconds).ToUnixTimeMilliseconds();
        string header = $"msg=audit({stamped / 1000}.{stamped % 1000:000}:812):";
        long sec = (long)Math.Floor(-offsetSeconds);
        string[] audit =
        [
            $"type=SYSCALL {header} arch=c000003e syscall=164 success=yes exit=0 a0=7ffc8a1e9a60 a1=0 a2=0 a3=0 items=0 ppid=1402 pid=1500 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm=\"date\" exe=\"/usr/bin/date\" key=\"time-change\"",
            $"type=TIME_INJOFFSET {header} sec={sec} nsec={(long)Math.Round((-offsetSeconds - sec) * 1e9)}",
            $"type=EOE {header}",
        ];
        var parser = new OpsLogTools.Core.Formats.AuditFormat().CreateParser(new OpsLogTools.Core.Formats.ParserContext("/bundle/var/log/audit/audit.log", Formats.FormatTestKit.SeedNightClock()));
        var entries = audit.Select((l, k) => { parser.TryParse(System.Text.Encoding.UTF8.GetBytes(l), k + 1, out var e); return e!; }).ToList<LogEntry>();
        files.Add(new OpsLogTools.Core.Analysis.Anomalies.FileEntries("/bundle/var/log/audit/audit.log", LogFormat.Audit, entries));

        var found = new OpsLogTools.Core.Analysis.Anomalies.AnomalyDetector().Detect(files, AnomalyOptions());
        foreach (var f in found) output.WriteLine($"{f.Kind} {f.Path}:{f.FirstLine}-{f.LastLine} {f.OffsetSeconds} {f.Cause} {f.Basis}");

        var a = Assert.Single(found, x => x.Kind == AnomalyKind.DisplacedTimestamps && x.Path == SyntheticHost.Messages);
        Assert.True(a.Basis.HasFlag(OffsetBasis.ClockWitness), a.Basis.ToString());
        Assert.Equal(AnomalyCause.Clock, a.Cause);
        Assert.Equal(offsetSeconds, a.OffsetSeconds, 0);
        var witness = Assert.Single(a.ClockEvents);
        Assert.Equal(("auditd", ClockEventKind.ClockStepped, 2L), (witness.Source, witness.Kind, witness.LineNumber));
        Assert.Equal(-offsetSeconds, witness.StepSeconds!.Value, 6);
        Assert.Contains(a.Evidence, e => e.Contains("auditd's audit.log (1 clock or zone event(s))", StringComparison.Ordinal));
        Assert.DoesNotContain(found, x => x.Kind == AnomalyKind.ClockStep);
    }

    private static OpsLogTools.Core.Analysis.Anomalies.AnomalyOptions AnomalyOptions() => OpsLogTools.Core.Analysis.Anomalies.AnomalyOptions.Default;
}
