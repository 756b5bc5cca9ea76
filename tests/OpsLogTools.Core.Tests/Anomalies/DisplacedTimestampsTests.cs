using OpsLogTools.Core.Model;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.Anomalies;

public class DisplacedTimestampsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    [Fact]
    public void SeedIncidentMonthsEarlierFoundInEveryRsyslogFileToTheSecond()
    {
        var start = new DateTimeOffset(2022, 7, 19, 12, 0, 0, Jst);
        var host = new SyntheticHost(seed: 4, start, TimeSpan.FromHours(18)).Generate();
        var offset = -(TimeSpan.FromDays(108) + new TimeSpan(0, 37, 12));
        var from = new DateTimeOffset(2022, 7, 19, 21, 10, 0, Jst);
        var to = new DateTimeOffset(2022, 7, 20, 3, 0, 0, Jst);
        SyntheticBundle.Displace(host, from, to, offset, SyntheticHost.RsyslogFiles);
        // Stamps come right with the nightly yum run, which restarts rsyslog.
        SyntheticBundle.NightlyYum(host, to);

        var found = AnomalyTestKit.Detect(host, output);

        Assert.All(found, a => Assert.Equal(AnomalyKind.DisplacedTimestamps, a.Kind));
        var displaced = found.Where(a => a.Kind == AnomalyKind.DisplacedTimestamps).ToList();
        Assert.Equal(3, displaced.Count);
        foreach (var file in SyntheticHost.RsyslogFiles)
        {
            var (first, last, count) = SyntheticBundle.DisplacedLines(host, file);
            var a = Assert.Single(displaced, d => d.Path == file);
            Assert.Equal(first, a.FirstLine);
            Assert.Equal(last, a.LastLine);
            Assert.Equal(count, a.LineCount);
            Assert.Equal(offset.TotalSeconds, a.OffsetSeconds);
            Assert.Equal(AnomalyCause.Clock, a.Cause);
            Assert.Equal(TamperVerdict.Unlikely, a.Tampering);
            Assert.True(a.Basis.HasFlag(OffsetBasis.EmbeddedClocks) || file != SyntheticHost.Messages);
            Assert.Equal(2, a.RelatedPaths.Count);
            Assert.InRange(a.Start, from, to);
            Assert.InRange(a.End, from, to);
            Assert.Contains(a.Evidence, e => e.Contains("the run ends when a package update ran", StringComparison.Ordinal));
            Assert.Contains(a.Evidence, e => e.Contains("the run ends when rsyslog (re)started", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// Offsets, zones, dates and rates vary. With embedded clocks (the SSM agent prints its own time) the
    /// offset must be exact; without them the */10 cron grid within the boundary bounds pins it, and the
    /// tolerance is ±3 s (the phase tolerance of the cadence measure).
    /// </summary>
    [Theory]
    // seed, start (ISO), zone id or null, hours, run from/to (hours after start), offset s, agent clock, busy, cause
    [InlineData(11, "2022-03-10T08:00:00+09:00", null, 14, 3.0, 8.0, -9 * 3600, true, 1.0, AnomalyCause.TimeZone)]
    [InlineData(12, "2021-11-20T06:00:00+05:30", null, 16, 5.0, 9.5, 5 * 3600 + 1800, false, 1.0, AnomalyCause.TimeZone)]
    [InlineData(13, "2022-12-31T14:00:00+09:00", null, 20, 8.0, 13.0, -3 * 86400, true, 1.0, AnomalyCause.Clock)]
    [InlineData(14, "2023-01-01T18:00:00+09:00", null, 16, 8.0, 12.0, -3 * 86400, false, 0.5, AnomalyCause.Clock)]
    [InlineData(15, "2022-05-05T09:00:00+00:00", null, 12, 3.0, 9.0, -(37 * 60 + 12), false, 1.0, AnomalyCause.Clock)]
    [InlineData(16, "2022-06-01T07:00:00-04:00", "America/New_York", 12, 4.0, 6.5, 2 * 3600 + 17 * 60 + 5, true, 4.0, AnomalyCause.Clock)]
    [InlineData(17, "2022-09-14T00:00:00+09:00", null, 10, 2.0, 3.0, -(108 * 86400 + 37 * 60 + 12), false, 0.3, AnomalyCause.Clock)]
    public void OffsetsZonesDatesAndRatesVary(int seed, string startText, string? zoneId, int hours, double runFrom, double runTo,
        int offsetSeconds, bool agentClock, double busy, AnomalyCause cause)
    {
        var start = DateTimeOffset.Parse(startText, System.Globalization.CultureInfo.InvariantCulture);
        var zone = zoneId is null ? null : TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var host = new SyntheticHost(seed, start, TimeSpan.FromHours(hours), zone) { AgentPrintsClock = agentClock, Busy = busy }.Generate();
        var from = start.AddHours(runFrom);
        var to = start.AddHours(runTo);
        SyntheticBundle.Displace(host, from, to, TimeSpan.FromSeconds(offsetSeconds), SyntheticHost.RsyslogFiles);

        var found = AnomalyTestKit.Detect(host, output);

        var displaced = found.Where(a => a.Kind == AnomalyKind.DisplacedTimestamps).ToList();
        Assert.Equal(3, displaced.Count);
        double tolerance = agentClock ? 0 : 3;
        foreach (var file in SyntheticHost.RsyslogFiles)
        {
            var (first, last, count) = SyntheticBundle.DisplacedLines(host, file);
            var a = Assert.Single(displaced, d => d.Path == file);
            Assert.Equal(first, a.FirstLine);
            Assert.Equal(last, a.LastLine);
            Assert.Equal(count, a.LineCount);
            Assert.InRange(a.OffsetSeconds, offsetSeconds - tolerance, offsetSeconds + tolerance);
            Assert.True(a.OffsetUncertaintySeconds <= 3, $"uncertainty {a.OffsetUncertaintySeconds}");
            Assert.Equal(cause, a.Cause);
            Assert.Equal(TamperVerdict.Unlikely, a.Tampering);
            Assert.InRange(a.Start, from.AddSeconds(-tolerance), to);
            Assert.InRange(a.End, from, to.AddSeconds(tolerance));
            Assert.Contains(a.Evidence, e => e.Contains("same displacement covers 3 files", StringComparison.Ordinal));
        }
        Assert.DoesNotContain(found, a => a.Kind != AnomalyKind.DisplacedTimestamps);
    }

    [Fact]
    public void OnlyMessagesDisplacedIsMeasuredFromCronAndSecureAndDoubted()
    {
        // rsyslog stamps every file with one clock: a run in messages alone while cron and secure stay right is
        // not a clock or a zone. The offset comes from cron jobs matched to their sessions (no agent clock here).
        var start = new DateTimeOffset(2022, 8, 2, 10, 0, 0, Jst);
        var host = new SyntheticHost(seed: 21, start, TimeSpan.FromHours(12)) { AgentPrintsClock = false }.Generate();
        var offset = TimeSpan.FromSeconds(-(4 * 3600 + 7 * 60 + 33));
        SyntheticBundle.Displace(host, start.AddHours(4), start.AddHours(7), offset, SyntheticHost.Messages);

        var found = AnomalyTestKit.Detect(host, output);

        var a = Assert.Single(found);
        var (first, last, count) = SyntheticBundle.DisplacedLines(host, SyntheticHost.Messages);
        Assert.Equal(AnomalyKind.DisplacedTimestamps, a.Kind);
        Assert.Equal((first, last, (long)count), (a.FirstLine, a.LastLine, a.LineCount));
        Assert.Equal(offset.TotalSeconds, a.OffsetSeconds);
        Assert.True(a.Basis.HasFlag(OffsetBasis.SharedEvents));
        Assert.Equal(AnomalyCause.Clock, a.Cause);
        Assert.Equal(TamperVerdict.Possible, a.Tampering);
        Assert.Contains(a.Evidence, e => e.Contains("stamped correctly while this run was displaced", StringComparison.Ordinal));
    }

    [Fact]
    public void LinesCopiedFromTheDayBeforeAreLikelyTampering()
    {
        // Someone cut out a stretch of secure and pasted the same hours of the day before in its place:
        // constant offset (-1 day), but the process ids are old and every line exists already.
        var start = new DateTimeOffset(2022, 7, 18, 8, 0, 0, Jst);
        var host = new SyntheticHost(seed: 31, start, TimeSpan.FromHours(36)).Generate();
        var from = start.AddHours(28);
        var to = start.AddHours(31);
        var copies = host.Lines.Where(l => l.File == SyntheticHost.Secure && l.True >= from.AddDays(-1) && l.True < to.AddDays(-1)).ToList();
        SyntheticBundle.Remove(host, SyntheticHost.Secure, from, to);
        foreach (var l in copies)
        {
            host.Lines.Add(new SyntheticLine
            {
                File = l.File,
                True = l.True.AddDays(1),
                Program = l.Program,
                Pid = l.Pid,
                Message = l.Message,
                StampOffset = TimeSpan.FromDays(-1),
                Displaced = true,
            });
        }

        var found = AnomalyTestKit.Detect(host, output);

        var a = Assert.Single(found, x => x.Kind == AnomalyKind.DisplacedTimestamps);
        var (first, last, _) = SyntheticBundle.DisplacedLines(host, SyntheticHost.Secure);
        Assert.Equal(SyntheticHost.Secure, a.Path);
        Assert.Equal((first, last), (a.FirstLine, a.LastLine));
        Assert.Equal(TamperVerdict.Likely, a.Tampering);
        Assert.Contains(a.Evidence, e => e.Contains("repeat once-only lines of another period", StringComparison.Ordinal));
        Assert.Contains(a.Evidence, e => e.Contains("process ids inside the run are out of sequence", StringComparison.Ordinal));
    }

    [Fact]
    public void OnlyCronDisplacedIsMeasuredFromTheSameProcessesInSecure()
    {
        // CROND's pid in cron is the pid of the pam session lines in secure: the same moments, to the second.
        var start = new DateTimeOffset(2023, 2, 27, 0, 0, 0, TimeSpan.FromHours(1));
        var host = new SyntheticHost(seed: 41, start, TimeSpan.FromHours(10)) { AgentPrintsClock = false, WithWeb = false }.Generate();
        var offset = TimeSpan.FromSeconds(3 * 3600 + 12 * 60 + 7);
        SyntheticBundle.Displace(host, start.AddHours(2), start.AddHours(5), offset, SyntheticHost.Cron);

        var found = AnomalyTestKit.Detect(host, output);

        var a = Assert.Single(found);
        var (first, last, count) = SyntheticBundle.DisplacedLines(host, SyntheticHost.Cron);
        Assert.Equal((SyntheticHost.Cron, first, last, (long)count), (a.Path, a.FirstLine, a.LastLine, a.LineCount));
        Assert.Equal(offset.TotalSeconds, a.OffsetSeconds);
        Assert.True(a.Basis.HasFlag(OffsetBasis.SharedEvents));
        Assert.Contains(a.Evidence, e => e.Contains("with good lines of secure by process id agree", StringComparison.Ordinal));
        Assert.Equal(TamperVerdict.Possible, a.Tampering);
    }
}
