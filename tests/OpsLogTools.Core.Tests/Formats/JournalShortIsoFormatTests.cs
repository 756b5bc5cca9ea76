using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using Xunit;
using static OpsLogTools.Core.Tests.Formats.FormatTestKit;

namespace OpsLogTools.Core.Tests.Formats;

/// <summary>
/// Fixtures are hand-written after journalctl's short-iso output: "%Y-%m-%dT%H:%M:%S%z" (+0900; systemd 248 and
/// later print +09:00), host, identifier[pid]:, message; continuation lines of a multi-line message indented to
/// the message column; and its "-- Logs begin at … --" / "-- Journal begins at … --" / "-- Reboot --" /
/// "-- Boot … --" / "-- No entries --" lines.
/// </summary>
public class JournalShortIsoFormatTests
{
    private static readonly JournalShortIsoFormat Format = new();

    private const string Export = """
        -- Logs begin at Mon 2022-07-18 00:00:01 JST, end at Wed 2022-07-20 03:10:00 JST. --
        2022-07-19T21:10:03+0900 ip-172-26-1-10 sshd[1234]: Accepted publickey for ec2-user from 203.0.113.5 port 51234 ssh2
        2022-07-19T21:29:58+0900 ip-172-26-1-10 kernel: Out of memory: Killed process 4321 (httpd)
        2022-07-19T21:30:00+0900 ip-172-26-1-10 python3[999]: Traceback (most recent call last):
                                                                File "/opt/job.py", line 3, in <module>
        -- Reboot --
        2022-07-19T21:31:10+0900 ip-172-26-1-10 systemd[1]: Started The Apache HTTP Server.
        """;

    [Fact]
    public void ExportWithBannersAndContinuation()
    {
        var rows = ParseAll(Format, Export);
        Assert.Equal(
            [LineParseStatus.Ignored, LineParseStatus.Parsed, LineParseStatus.Parsed, LineParseStatus.Parsed, LineParseStatus.Parsed, LineParseStatus.Ignored, LineParseStatus.Parsed],
            rows.Select(r => r.Status));

        var sshd = rows[1].Entry!;
        Assert.Equal(LogFormat.JournalShortIso, sshd.Format);
        Assert.Equal(new DateTimeOffset(2022, 7, 19, 21, 10, 3, Jst), sshd.Timestamp);
        Assert.Equal(Jst, sshd.Timestamp.Offset);
        Assert.Equal("2022-07-19T21:10:03+0900", sshd.StampText);
        Assert.Equal("ip-172-26-1-10", sshd.HostName);
        Assert.Equal("sshd", sshd.Program);
        Assert.Equal(1234, sshd.ProcessId);
        Assert.Equal("written", sshd.TimeBasis);

        Assert.Equal("kernel", rows[2].Entry!.Program);
        Assert.Null(rows[2].Entry!.ProcessId);

        var continued = rows[4].Entry!;
        Assert.Equal("  File \"/opt/job.py\", line 3, in <module>", continued.Message);
        Assert.Equal(rows[3].Entry!.Timestamp, continued.Timestamp);
        Assert.Equal("python3", continued.Program);
        Assert.Equal(999, continued.ProcessId);
        Assert.Equal("", continued.StampText);
        Assert.Equal("stamp carried from line 4", continued.TimeBasis);
        Assert.True(Format.StampsAreAbsolute);
    }

    [Theory]
    [InlineData("2022-07-19T21:10:03+09:00 host sshd[1]: x", 9)]
    [InlineData("2022-07-19T08:10:03-0400 host sshd[1]: x", -4)]
    [InlineData("2022-07-19T12:10:03.123456+0000 host sshd[1]: x", 0)]
    public void OffsetStyles(string line, int hours)
    {
        var e = ParseOne(Format, line);
        Assert.Equal(TimeSpan.FromHours(hours), e.Timestamp.Offset);
        Assert.Equal(new DateTimeOffset(2022, 7, 19, 12, 10, 3, TimeSpan.Zero), e.Timestamp.AddTicks(-(e.Timestamp.Ticks % TimeSpan.TicksPerSecond)));
    }

    [Theory]
    [InlineData("-- No entries --")]
    [InlineData("-- Reboot --")]
    [InlineData("-- Boot 0123456789abcdef0123456789abcdef --")]
    [InlineData("-- Journal begins at Mon 2022-07-18 00:00:01 JST, ends at Wed 2022-07-20 03:10:00 JST. --")]
    [InlineData("")]
    public void BannersAreIgnored(string line)
    {
        Assert.Equal(LineParseStatus.Ignored, Status(Format, line));
        if (line.Length > 0) Assert.Equal(LogFormat.JournalShortIso, Best(line));
    }

    [Fact]
    public void PamTagJapaneseAndInvalidUtf8()
    {
        Assert.Equal("pam_unix: session opened for user root by (uid=0)", ParseOne(Format, "2022-07-19T21:10:01+0900 host crond(pam_unix)[5]: session opened for user root by (uid=0)").Message);
        Assert.Equal("サービスを開始しました", ParseOne(Format, "2022-07-19T21:10:01+0900 host myapp[5]: サービスを開始しました").Message);
        byte[] line = [.. Bytes("2022-07-19T21:10:01+0900 host myapp[5]: "), 0xC0, 0xAF];
        Assert.Equal("\\xc0\\xaf", ParseOne(Format, line).Message);
    }

    [Theory]
    [InlineData("    indented line before any entry")]
    [InlineData("Jul 19 21:10:03 host sshd[1]: x")]
    [InlineData("2022-07-19T21:10:03+0900")]
    [InlineData("2022-07-19T21:10:03+0900 ")]
    [InlineData("2022-13-19T21:10:03+0900 host sshd[1]: x")]
    public void MalformedLines(string line) => Assert.Equal(LineParseStatus.Malformed, Status(Format, line));

    [Fact]
    public void ProbeAgainstRsyslogIso()
    {
        Assert.Equal(LogFormat.JournalShortIso, Best("2022-07-19T21:10:03+0900 host sshd[1234]: x"));
        Assert.Equal(LogFormat.JournalShortIso, Best("2022-07-19T21:10:03+09:00 host sshd[1234]: x"));
        Assert.Equal(LogFormat.SyslogIso, Best("2022-07-19T21:10:03.123456+09:00 host sshd[1234]: x"));
        Assert.Equal(LogFormat.Dnf, Best("2022-07-19T21:10:03+0900 INFO x"));
        Assert.Equal(0, Format.Probe(Bytes("-- MARK --")));
        Assert.Equal(LogFormat.JournalShortIso, BestForFile(Export));
    }
}
