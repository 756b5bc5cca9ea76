using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Model;
using Xunit;

namespace OpsLogTools.Core.Tests.Anomalies;

public class ScanAndParserTests
{
    [Fact]
    public void StreamingScanWithInterleavedFilesMatchesTheFacade()
    {
        var start = new DateTimeOffset(2022, 7, 19, 12, 0, 0, TimeSpan.FromHours(9));
        var host = new SyntheticHost(seed: 301, start, TimeSpan.FromHours(14)).Generate();
        SyntheticBundle.Displace(host, start.AddHours(9), start.AddHours(12), TimeSpan.FromHours(-9), SyntheticHost.RsyslogFiles);
        SyntheticBundle.Outage(host, start.AddHours(6), start.AddHours(6.5));
        var files = SyntheticBundle.Render(host);

        var expected = new AnomalyDetector().Detect(files, AnomalyOptions.Default);

        // Entries arrive as a merge of all files would deliver them: interleaved, each file still in its own order.
        var scan = new AnomalyScan();
        var cursors = files.Select(f => 0).ToArray();
        for (bool any = true; any;)
        {
            any = false;
            for (int k = 0; k < files.Count; k++)
            {
                for (int n = 0; n < 7 && cursors[k] < files[k].Entries.Count; n++) { scan.Add(files[k].Entries[cursors[k]++]); any = true; }
            }
        }
        var streamed = scan.Detect();

        Assert.Equal(files.Sum(f => f.Entries.Count), scan.LinesSeen);
        Assert.Equal(expected.Select(Key), streamed.Select(Key));
        Assert.Contains(expected, a => a.Kind == AnomalyKind.DisplacedTimestamps);
        Assert.Contains(expected, a => a.Kind == AnomalyKind.ServiceOutage);
    }

    [Fact]
    public void KindFilterKeepsOnlyThoseKindsButStillCorrectsTimes()
    {
        var start = new DateTimeOffset(2022, 7, 19, 12, 0, 0, TimeSpan.FromHours(9));
        var host = new SyntheticHost(seed: 302, start, TimeSpan.FromHours(14)).Generate();
        var at = start.AddHours(10);
        SyntheticBundle.Outage(host, at, at.AddMinutes(20));
        SyntheticBundle.Displace(host, start.AddHours(9), start.AddHours(12), TimeSpan.FromDays(-30), SyntheticHost.RsyslogFiles);
        var options = new AnomalyOptions { Kinds = [AnomalyKind.ServiceOutage] };

        var found = new AnomalyDetector().Detect(SyntheticBundle.Render(host), options);

        var a = Assert.Single(found);
        Assert.Equal(AnomalyKind.ServiceOutage, a.Kind);
        Assert.Equal(at, a.Start);
    }

    [Theory]
    [InlineData("2022-07-19 21:15:03 INFO [MessagingDeliveryService] ok", "2022-07-19T21:15:03", false)]
    [InlineData("level=info ts=2022-07-19T12:15:03.250Z msg=\"tick\"", "2022-07-19T12:15:03.25", true)]
    [InlineData("run at 2022/07/19 21:15:03+09:00 done", "2022-07-19T12:15:03", true)]
    [InlineData("start 2022-07-19T21:15:03-0400 x", "2022-07-20T01:15:03", true)]
    [InlineData("[Tue Jul 19 21:15:03.123456 2022] [core:notice]", "2022-07-19T21:15:03.123456", false)]
    [InlineData("date says Tue Jul  5 21:15:03 JST 2022 now", "2022-07-05T21:15:03", false)]
    public void EmbeddedClocksAreRead(string message, string expected, bool hasZone)
    {
        Assert.True(EmbeddedClockParser.TryFind(message, out long ticks, out bool zone));
        Assert.Equal(hasZone, zone);
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).Ticks, ticks);
    }

    [Theory]
    [InlineData("Updated: tzdata-2022a-1.amzn2.noarch")]
    [InlineData("Anacron started on 2022-07-19")]
    [InlineData("2022-13-40 25:61:00 not a time")]
    [InlineData("Mon Foo 19 21:15:03 2022")]
    [InlineData("")]
    [InlineData("1234567890123456789012345678901234567890")]
    public void NonClocksAreNotRead(string message) => Assert.False(EmbeddedClockParser.TryFind(message, out _, out _));

    [Fact]
    public void HostileLongMessageIsScannedOnlyAtItsHead()
    {
        string message = new string('2', 100_000) + " 2022-07-19 21:15:03";
        Assert.False(EmbeddedClockParser.TryFind(message, out _, out _));
    }

    [Fact]
    public void OddEntriesDoNotThrow()
    {
        // Hand-made oddities: default stamps, no program, a huge message, a lone line, damage for a file never read.
        var scan = new AnomalyScan();
        scan.Add(new LogEntry { Path = "/x/messages", LineNumber = 1, Format = LogFormat.Syslog, Timestamp = default, Message = "" });
        scan.Add(new LogEntry { Path = "/x/messages", LineNumber = 2, Format = LogFormat.Syslog, Timestamp = DateTimeOffset.MaxValue, Program = "kernel", Message = new string('x', 1_000_000) });
        scan.Add(new LogEntry { Path = "/x/messages", LineNumber = 3, Format = LogFormat.Syslog, Timestamp = new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero), Program = "systemd", Message = "Unit .service entered failed state." });
        scan.Add(new AccessLogEntry { Path = "/x/access_log", LineNumber = 7, Format = LogFormat.ApacheCombined, Timestamp = new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero), Status = 503 });
        scan.AddDamage(new FileDamage { Path = "/x/never-read", FirstLine = 5, LastLine = 3, Kind = DamageKind.Binary, Bytes = 10 });
        var found = scan.Detect();
        var a = Assert.Single(found);
        Assert.Equal(AnomalyKind.Corruption, a.Kind);
        Assert.Equal((3L, 5L), (a.FirstLine, a.LastLine));
    }

    private static string Key(LogAnomaly a) => $"{a.Kind}|{a.Path}|{a.FirstLine}|{a.LastLine}|{a.OffsetSeconds}|{a.Start:O}|{a.End:O}|{a.Tampering}";
}
