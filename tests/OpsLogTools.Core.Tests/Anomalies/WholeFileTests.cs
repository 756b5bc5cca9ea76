using System.Globalization;
using OpsLogTools.Core.Model;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.Anomalies;

/// <summary>
/// Whole rsyslog files off by one constant (no step anywhere) on synthetic hosts: which outside clocks are enough to
/// call it (printed clocks, events shared with the error log) and which are not (the cron grid alone, a program that
/// prints UTC without a zone).
/// </summary>
public class WholeFileTests(ITestOutputHelper output)
{
    /// <summary>
    /// httpd restarted by systemd: its start-up complaint reaches messages through the journal under httpd's pid
    /// (AH00558, as on Amazon Linux), and the error log has the same pid's notices at the same moment.
    /// </summary>
    private static void HttpdRestarts(SyntheticHost host, int count)
    {
        for (int k = 0; k < count; k++)
        {
            var t = host.Start + (host.End - host.Start) * (k + 0.5) / count;
            t = t.AddSeconds(-t.Second).AddSeconds(host.Rng.Next(60));
            int pid = host.NewPid();
            host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, t, "httpd", pid,
                "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 172.26.0.10. Set the 'ServerName' directive globally to suppress this message"));
            host.Add(SyntheticHostFiles.Error(t, "mpm_prefork:notice", pid, "AH00163: Apache/2.4.54 () configured -- resuming normal operations"));
            host.Add(SyntheticHostFiles.Error(t, "core:notice", pid, "AH00094: Command line: '/usr/sbin/httpd -D FOREGROUND'"));
        }
    }

    private static void WholeRsyslog(SyntheticHost host, TimeSpan offset) =>
        SyntheticBundle.Displace(host, host.Start.AddDays(-1), host.End.AddDays(1), offset, SyntheticHost.RsyslogFiles);

    [Theory]
    [InlineData(21, 9.0, -9.0, 0, 0)]
    [InlineData(22, 5.5, -5.5, 0, 0)]
    [InlineData(23, -4.0, 0.0, 1, 13)]
    public void EventsSharedWithTheErrorLogAloneFindIt(int seed, double zone, double hours, int minutes, int seconds)
    {
        var start = new DateTimeOffset(2020 + seed % 5, 3 + seed % 7, 11, 6, 0, 0, TimeSpan.FromHours(zone));
        var host = new SyntheticHost(seed, start, TimeSpan.FromHours(20)) { AgentPrintsClock = false }.Generate();
        HttpdRestarts(host, 6);
        var offset = TimeSpan.FromHours(hours) + new TimeSpan(0, minutes, seconds);
        WholeRsyslog(host, offset);

        var found = AnomalyTestKit.Detect(host, output).Where(a => a.Kind == AnomalyKind.DisplacedTimestamps).ToList();

        Assert.Equal(3, found.Count);
        foreach (string file in SyntheticHost.RsyslogFiles)
        {
            var a = Assert.Single(found, d => d.Path == file);
            var (first, last, count) = SyntheticBundle.DisplacedLines(host, file);
            Assert.Equal((1L, first), (a.FirstLine, a.FirstLine));
            Assert.Equal(last, a.LastLine);
            Assert.Equal(count, a.LineCount);
            Assert.InRange(a.OffsetSeconds, offset.TotalSeconds - 2, offset.TotalSeconds + 2);
            Assert.Equal(OffsetBasis.SharedEvents, a.Basis);
            Assert.Equal(minutes == 0 && seconds == 0 ? AnomalyCause.TimeZone : AnomalyCause.Clock, a.Cause);
            Assert.Equal(2, a.RelatedPaths.Count);
        }
    }

    [Fact]
    public void PrintedClocksAndSharedEventsAgreeing()
    {
        var start = new DateTimeOffset(2022, 7, 16, 3, 0, 0, TimeSpan.FromHours(9));
        var host = new SyntheticHost(31, start, TimeSpan.FromHours(30)).Generate();
        HttpdRestarts(host, 8);
        WholeRsyslog(host, TimeSpan.FromHours(-9));

        var found = AnomalyTestKit.Detect(host, output).Where(a => a.Kind == AnomalyKind.DisplacedTimestamps).ToList();

        Assert.Equal(3, found.Count);
        Assert.All(found, a => Assert.Equal(-9 * 3600.0, a.OffsetSeconds));
        Assert.All(found, a => Assert.Equal(OffsetBasis.EmbeddedClocks | OffsetBasis.SharedEvents, a.Basis));
        Assert.All(found, a => Assert.Equal(AnomalyCause.TimeZone, a.Cause));
        Assert.All(found, a => Assert.Equal(TamperVerdict.Unlikely, a.Tampering));
    }

    [Fact]
    public void TheCronGridAloneIsNotEnough()
    {
        // No printed clock and nothing shared with a file in true time: the file keeps its grid and its order, and
        // nothing inside it can tell a whole-file offset from true time.
        var start = new DateTimeOffset(2023, 10, 2, 0, 0, 0, TimeSpan.FromHours(2));
        var host = new SyntheticHost(41, start, TimeSpan.FromHours(24)) { AgentPrintsClock = false }.Generate();
        WholeRsyslog(host, TimeSpan.FromHours(-2));

        Assert.DoesNotContain(AnomalyTestKit.Detect(host, output), a => a.Kind == AnomalyKind.DisplacedTimestamps);
    }

    [Theory]
    [InlineData(51, 9.0)]
    [InlineData(52, -6.0)]
    public void AProgramPrintingUtcWithoutAZoneIsNotAShiftedFile(int seed, double zone)
    {
        // cloud-init style lines print UTC with no zone beside correct local stamps: stamped minus printed is the host's
        // offset, exactly what a file shifted by that offset shows. Neither reading can be told apart: no finding.
        var start = new DateTimeOffset(2022, 11, 20, 8, 0, 0, TimeSpan.FromHours(zone));
        var host = new SyntheticHost(seed, start, TimeSpan.FromHours(12)) { AgentPrintsClock = false }.Generate();
        int pid = host.NewPid();
        for (var t = start.AddMinutes(7); t < host.End; t = t.AddMinutes(15))
        {
            string utc = t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture);
            host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, t, "cloud-init", pid, $"{utc} - util.py[DEBUG]: Cloud-init v. 19.3 running 'modules:final'"));
        }

        Assert.DoesNotContain(AnomalyTestKit.Detect(host, output), a => a.Kind == AnomalyKind.DisplacedTimestamps);
    }
}
