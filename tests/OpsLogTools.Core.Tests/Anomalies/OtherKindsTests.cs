using OpsLogTools.Core.Model;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.Anomalies;

public class OtherKindsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    [Theory]
    [InlineData(201, "2022-07-19T06:00:00+09:00", 14, 5.0, 7.0, SyntheticHost.Secure, 1.0)]
    [InlineData(202, "2022-03-01T00:00:00+00:00", 20, 11.0, 12.5, SyntheticHost.Cron, 0.5)]
    [InlineData(203, "2021-12-31T20:00:00+09:00", 12, 2.5, 4.5, SyntheticHost.Messages, 2.0)]
    [InlineData(204, "2022-07-19T09:00:00+09:00", 10, 4.0, 4.75, SyntheticHost.AccessLog, 2.0)]
    public void MissingStretchFoundWhileOtherFilesGoOn(int seed, string startText, int hours, double from, double to, string file, double busy)
    {
        var start = DateTimeOffset.Parse(startText, System.Globalization.CultureInfo.InvariantCulture);
        var host = new SyntheticHost(seed, start, TimeSpan.FromHours(hours)) { Busy = busy, WithCloudFront = file != SyntheticHost.AccessLog }.Generate();
        var cutFrom = start.AddHours(from);
        var cutTo = start.AddHours(to);
        SyntheticBundle.Remove(host, file, cutFrom, cutTo);

        var found = AnomalyTestKit.Detect(host, output);

        var a = Assert.Single(found);
        Assert.Equal(AnomalyKind.MissingLines, a.Kind);
        Assert.Equal(file, a.Path);
        SyntheticBundle.Render(host);
        var lastBefore = host.Lines.Where(l => l.File == file && l.True < cutFrom).MaxBy(l => l.LineNumber)!;
        var firstAfter = host.Lines.Where(l => l.File == file && l.True >= cutTo).MinBy(l => l.LineNumber)!;
        Assert.Equal(lastBefore.LineNumber, a.FirstLine);
        Assert.Equal(firstAfter.LineNumber, a.LastLine);
        Assert.Equal(lastBefore.True, a.Start);
        Assert.Equal(firstAfter.True, a.End);
        Assert.Equal(0, a.LineCount);
        Assert.True(a.ExpectedLines > 5, $"expected {a.ExpectedLines}");
        Assert.True(a.Tampering >= TamperVerdict.Possible);
        Assert.NotEmpty(a.RelatedPaths);
    }

    [Fact]
    public void AllRsyslogFilesSilentTogetherIsTheLoggerAndNotAnEdit()
    {
        var start = new DateTimeOffset(2022, 7, 19, 8, 0, 0, Jst);
        var host = new SyntheticHost(seed: 211, start, TimeSpan.FromHours(12)).Generate();
        var from = start.AddHours(5);
        var back = start.AddHours(7);
        foreach (var f in SyntheticHost.RsyslogFiles) SyntheticBundle.Remove(host, f, from, back);
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, back, "rsyslogd", null,
            "[origin software=\"rsyslogd\" swVersion=\"8.24.0-57.amzn2.2.0.1\" x-pid=\"2188\" x-info=\"http://www.rsyslog.com\"] start"));

        var found = AnomalyTestKit.Detect(host, output);

        Assert.All(found, a => Assert.Equal(AnomalyKind.MissingLines, a.Kind));
        var messages = Assert.Single(found, a => a.Path == SyntheticHost.Messages);
        Assert.Equal(TamperVerdict.Unlikely, messages.Tampering);
        Assert.Contains(messages.Evidence, e => e.Contains("the logger (rsyslog) stopped writing", StringComparison.Ordinal));
        Assert.Contains(found, a => a.Path == SyntheticHost.Secure);
    }

    [Fact]
    public void NulRunIsCorruptionPlacedBetweenItsNeighbours()
    {
        var start = new DateTimeOffset(2022, 7, 19, 8, 0, 0, Jst);
        var host = new SyntheticHost(seed: 221, start, TimeSpan.FromHours(8)).Generate();
        var files = SyntheticBundle.Render(host);
        var messages = files.Single(f => f.Path == SyntheticHost.Messages).Entries;
        // The reader skipped line k (a run of NULs) and read on.
        int k = messages.Count / 2;
        var damaged = messages[k];
        var kept = messages.Where(e => e.LineNumber != damaged.LineNumber).ToList();
        files[files.FindIndex(f => f.Path == SyntheticHost.Messages)] = new(SyntheticHost.Messages, LogFormat.Syslog, kept);
        var damage = new FileDamage { Path = SyntheticHost.Messages, FirstLine = damaged.LineNumber, LastLine = damaged.LineNumber, Kind = DamageKind.NulBytes, Bytes = 4096, ByteOffset = 123456 };

        var found = new OpsLogTools.Core.Analysis.Anomalies.AnomalyDetector().Detect(files, [damage], OpsLogTools.Core.Analysis.Anomalies.AnomalyOptions.Default);

        var a = Assert.Single(found);
        Assert.Equal(AnomalyKind.Corruption, a.Kind);
        Assert.Equal((damaged.LineNumber, damaged.LineNumber, 1L), (a.FirstLine, a.LastLine, a.LineCount));
        Assert.Equal(AnomalyCause.UncleanShutdown, a.Cause);
        Assert.Equal(TamperVerdict.Unlikely, a.Tampering);
        Assert.Equal(messages[k - 1].Timestamp, a.Start);
        Assert.Equal(messages[k + 1].Timestamp, a.End);
        Assert.Contains(a.Evidence, e => e.Contains("4096 NUL byte(s) at byte 123456", StringComparison.Ordinal));
    }

    [Fact]
    public void TruncatedGzipAndBinaryDamageAreReportedWithTheirCauses()
    {
        var start = new DateTimeOffset(2022, 7, 19, 8, 0, 0, Jst);
        var host = new SyntheticHost(seed: 222, start, TimeSpan.FromHours(6)).Generate();
        var files = SyntheticBundle.Render(host);
        long lastSecure = files.Single(f => f.Path == SyntheticHost.Secure).Entries[^1].LineNumber;
        var damage = new[]
        {
            new FileDamage { Path = SyntheticHost.Secure, FirstLine = lastSecure + 1, LastLine = lastSecure + 1, Kind = DamageKind.TruncatedGzip },
            new FileDamage { Path = SyntheticHost.Cron, FirstLine = 10, LastLine = 12, Kind = DamageKind.Binary, Bytes = 300 },
        };
        var found = new OpsLogTools.Core.Analysis.Anomalies.AnomalyDetector().Detect(files, damage, OpsLogTools.Core.Analysis.Anomalies.AnomalyOptions.Default);
        Assert.Equal(2, found.Count);
        var gz = Assert.Single(found, a => a.Path == SyntheticHost.Secure);
        Assert.Equal(AnomalyCause.Truncation, gz.Cause);
        Assert.Contains(gz.Evidence, e => e.Contains("Nothing readable follows", StringComparison.Ordinal));
        var bin = Assert.Single(found, a => a.Path == SyntheticHost.Cron);
        Assert.Equal((10L, 12L, 3L), (bin.FirstLine, bin.LastLine, bin.LineCount));
        Assert.Equal(TamperVerdict.Possible, bin.Tampering);
    }

    [Theory]
    [InlineData(231, 6.0, 20, 12.0)]
    [InlineData(232, 2.5, 7, 40.0)]
    [InlineData(233, 9.0, 45, 5.0)]
    public void FiveHundredsBurstFoundWithItsStartAndEnd(int seed, double atHours, int minutes, double perMinute)
    {
        var start = new DateTimeOffset(2022, 7, 19, 7, 0, 0, Jst);
        var host = new SyntheticHost(seed, start, TimeSpan.FromHours(12)) { WithCloudFront = false }.Generate();
        var from = start.AddHours(atHours);
        var to = from.AddMinutes(minutes);
        SyntheticBundle.ErrorBurst(host, from, to, perMinute);

        var found = AnomalyTestKit.Detect(host, output);

        var a = Assert.Single(found);
        Assert.Equal(AnomalyKind.ErrorBurst, a.Kind);
        Assert.Equal(SyntheticHost.AccessLog, a.Path);
        SyntheticBundle.Render(host);
        var planted = host.Lines.Where(l => l.File == SyntheticHost.AccessLog && l.Status >= 500 && l.True >= from && l.True < to).OrderBy(l => l.True).ToList();
        // The burst starts at the first planted error and ends at the last (an ordinary 500 may sit inside it).
        Assert.Equal(planted[0].LineNumber, a.FirstLine);
        Assert.Equal(planted[^1].LineNumber, a.LastLine);
        Assert.Equal(planted[0].True, a.Start);
        Assert.Equal(planted[^1].True, a.End);
    }

    [Fact]
    public void OomKilledHttpdIsAnOutageFromKillToRestart()
    {
        var start = new DateTimeOffset(2022, 7, 19, 12, 0, 0, Jst);
        var host = new SyntheticHost(seed: 241, start, TimeSpan.FromHours(12)).Generate();
        var at = new DateTimeOffset(2022, 7, 19, 21, 30, 7, Jst);
        var back = new DateTimeOffset(2022, 7, 19, 22, 14, 40, Jst);
        SyntheticBundle.Outage(host, at, back);

        var found = AnomalyTestKit.Detect(host, output);

        var a = Assert.Single(found, x => x.Kind == AnomalyKind.ServiceOutage);
        Assert.Equal("httpd", a.Service);
        Assert.Equal(AnomalyCause.OutOfMemory, a.Cause);
        Assert.Equal(SyntheticHost.Messages, a.Path);
        Assert.Equal(at, a.Start);
        Assert.Equal(back.AddSeconds(1), a.End);
        Assert.Contains(a.Evidence, e => e.Contains("CloudFront answered", StringComparison.Ordinal));
        Assert.Contains(SyntheticHost.AccessLog, a.RelatedPaths);
        // CloudFront's 502s are an error burst of their own (origin unreachable); nothing else.
        Assert.All(found.Where(x => x.Kind != AnomalyKind.ServiceOutage), x =>
        {
            Assert.Equal(AnomalyKind.ErrorBurst, x.Kind);
            Assert.Equal(SyntheticHost.CloudFrontLog, x.Path);
            Assert.Equal(AnomalyCause.OriginUnreachable, x.Cause);
        });
    }

    [Fact]
    public void OriginSilentBehindCloudFrontWithoutSystemdLinesIsAnOutage()
    {
        var start = new DateTimeOffset(2022, 7, 19, 12, 0, 0, Jst);
        var host = new SyntheticHost(seed: 242, start, TimeSpan.FromHours(12)).Generate();
        var at = new DateTimeOffset(2022, 7, 19, 17, 0, 0, Jst);
        var back = new DateTimeOffset(2022, 7, 19, 17, 25, 0, Jst);
        SyntheticBundle.Outage(host, at, back);
        host.Lines.RemoveAll(l => l.File == SyntheticHost.Messages && l.Program is "kernel" or "systemd" && l.True >= at && l.True <= back.AddSeconds(2)
            && !l.Message.StartsWith("Started Session", StringComparison.Ordinal));
        host.Lines.RemoveAll(l => l.File == SyntheticHost.ErrorLog && l.True >= at.AddMinutes(-5) && l.True <= back.AddSeconds(2));

        var found = AnomalyTestKit.Detect(host, output);

        var a = Assert.Single(found, x => x.Kind == AnomalyKind.ServiceOutage);
        Assert.Equal(AnomalyCause.OriginUnreachable, a.Cause);
        Assert.Equal(SyntheticHost.AccessLog, a.Path);
        SyntheticBundle.Render(host);
        var firstError = host.Lines.Where(l => l.File == SyntheticHost.CloudFrontLog && l.Status == 502).MinBy(l => l.True)!;
        var firstBack = host.Lines.Where(l => l.File == SyntheticHost.AccessLog && l.True >= back).MinBy(l => l.True)!;
        Assert.Equal(firstError.True, a.Start);
        Assert.Equal(firstBack.True, a.End);
        Assert.Equal(firstBack.LineNumber, a.LastLine);
    }

    [Fact]
    public void SeedIncidentOutageInsideTheDisplacedRunIsPlacedInTrueTime()
    {
        // As on the seed's night: rsyslog stamps go wrong at 21:10, httpd dies at 21:30 and comes back at 22:05,
        // stamps come right at 03:00. The outage's systemd lines are stamped in April; the outage is in July.
        var start = new DateTimeOffset(2022, 7, 19, 12, 0, 0, Jst);
        var host = new SyntheticHost(seed: 251, start, TimeSpan.FromHours(18)).Generate();
        var at = new DateTimeOffset(2022, 7, 19, 21, 30, 7, Jst);
        var back = new DateTimeOffset(2022, 7, 19, 22, 5, 0, Jst);
        SyntheticBundle.ErrorBurst(host, at.AddMinutes(-20), at, 15);
        SyntheticBundle.Outage(host, at, back);
        var offset = -(TimeSpan.FromDays(108) + new TimeSpan(0, 37, 12));
        SyntheticBundle.Displace(host, new(2022, 7, 19, 21, 10, 0, Jst), new(2022, 7, 20, 3, 0, 0, Jst), offset, SyntheticHost.RsyslogFiles);

        var found = AnomalyTestKit.Detect(host, output);

        Assert.Equal(3, found.Count(a => a.Kind == AnomalyKind.DisplacedTimestamps));
        Assert.All(found.Where(a => a.Kind == AnomalyKind.DisplacedTimestamps), a => Assert.Equal(offset.TotalSeconds, a.OffsetSeconds));
        var outage = Assert.Single(found, a => a.Kind == AnomalyKind.ServiceOutage);
        Assert.Equal(at, outage.Start);
        Assert.Equal(back.AddSeconds(1), outage.End);
        Assert.Equal(at + offset, outage.StampedStart);
        Assert.Contains(outage.Evidence, e => e.Contains("is displaced there", StringComparison.Ordinal));
        var burst = Assert.Single(found, a => a.Kind == AnomalyKind.ErrorBurst && a.Path == SyntheticHost.AccessLog);
        Assert.Equal(AnomalyCause.Overload, burst.Cause);
        Assert.DoesNotContain(found, a => a.Kind == AnomalyKind.MissingLines);
    }
}
