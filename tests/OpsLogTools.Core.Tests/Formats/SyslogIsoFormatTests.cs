using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using Xunit;
using static OpsLogTools.Core.Tests.Formats.FormatTestKit;

namespace OpsLogTools.Core.Tests.Formats;

/// <summary>
/// Fixtures: rsyslog's RSYSLOG_FileFormat template ("%TIMESTAMP:::date-rfc3339% %HOSTNAME% %syslogtag%%msg%",
/// microsecond stamps with a colon offset), hand-written; RFC 5424 lines are the RFC's own examples (§6.5) with
/// the BOM written as bytes, and variants hand-written after its ABNF (NILVALUE fields, no PRI, escaped SD).
/// </summary>
public class SyslogIsoFormatTests
{
    private static readonly SyslogIsoFormat Format = new();

    [Fact]
    public void RsyslogFileFormatKeepsOffsetAndMicroseconds()
    {
        var e = ParseOne(Format, "2022-07-19T21:10:03.123456+09:00 ip-172-26-1-10 sshd[1234]: Accepted publickey for ec2-user");
        Assert.Equal(LogFormat.SyslogIso, e.Format);
        Assert.Equal(new DateTimeOffset(2022, 7, 19, 21, 10, 3, Jst).AddTicks(1_234_560), e.Timestamp);
        Assert.Equal(Jst, e.Timestamp.Offset);
        Assert.Equal("2022-07-19T21:10:03.123456+09:00", e.StampText);
        Assert.Equal("ip-172-26-1-10", e.HostName);
        Assert.Equal("sshd", e.Program);
        Assert.Equal(1234, e.ProcessId);
        Assert.Equal("Accepted publickey for ec2-user", e.Message);
        Assert.Equal("written", e.TimeBasis);
        Assert.True(Format.StampsAreAbsolute);
    }

    [Theory]
    [InlineData("2022-12-31T23:59:59.999999-05:00", -5, 0)]
    [InlineData("2023-01-01T04:59:59.5+00:00", 0, 0)]
    [InlineData("2024-02-29T10:00:00.000001+05:45", 5, 45)]
    public void OffsetsAsWritten(string stamp, int hours, int minutes)
    {
        var e = ParseOne(Format, stamp + " host crond(pam_unix)[7]: session closed for user root");
        Assert.Equal(new TimeSpan(hours, minutes, 0), e.Timestamp.Offset);
        Assert.Equal(stamp, e.StampText);
        Assert.Equal("crond", e.Program);
        Assert.Equal("pam_unix: session closed for user root", e.Message);
    }

    [Fact]
    public void Rfc5424WithPri()
    {
        byte[] line = [.. Bytes("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - "), 0xEF, 0xBB, 0xBF,
            .. Bytes("'su root' failed for lonvick on /dev/pts/8")];
        var e = ParseOne(Format, line);
        Assert.Equal(new DateTimeOffset(2003, 10, 11, 22, 14, 15, 3, TimeSpan.Zero), e.Timestamp);
        Assert.Equal(TimeSpan.Zero, e.Timestamp.Offset);
        Assert.Equal("2003-10-11T22:14:15.003Z", e.StampText);
        Assert.Equal("crit", e.Level); // 34 = auth (4) * 8 + crit (2)
        Assert.Equal("mymachine.example.com", e.HostName);
        Assert.Equal("su", e.Program);
        Assert.Null(e.ProcessId);
        Assert.Equal("ID47 'su root' failed for lonvick on /dev/pts/8", e.Message);
    }

    [Fact]
    public void Rfc5424WithStructuredData()
    {
        var e = ParseOne(Format, "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] An application event log entry...");
        Assert.Equal("notice", e.Level);
        Assert.Equal("evntslog", e.Program);
        Assert.Equal("ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] An application event log entry...", e.Message);
    }

    [Fact]
    public void Rfc5424SdOnlyWithEscapedBracket()
    {
        var e = ParseOne(Format, "<165>1 2003-10-11T22:14:15.003Z host app 42 - [a@1 x=\"q\\]z\"][b@1 y=\"2\"]");
        Assert.Equal(42, e.ProcessId);
        Assert.Equal("[a@1 x=\"q\\]z\"][b@1 y=\"2\"]", e.Message);
    }

    [Fact]
    public void Rfc5424WithoutPriAndAllNil()
    {
        var e = ParseOne(Format, "1 2022-07-19T21:10:03.003+09:00 - - - - - disk almost full");
        Assert.Null(e.Level);
        Assert.Null(e.HostName);
        Assert.Null(e.Program);
        Assert.Null(e.ProcessId);
        Assert.Equal("disk almost full", e.Message);
        Assert.Equal(new DateTimeOffset(2022, 7, 19, 21, 10, 3, 3, Jst), e.Timestamp);
    }

    [Fact]
    public void Rfc5424WithoutVersionIsRecognisedByShape()
    {
        var e = ParseOne(Format, "2022-07-19T21:10:03.003+09:00 web01 httpd 2211 - - AH00558: httpd: Could not reliably determine the server's fully qualified domain name");
        Assert.Equal("httpd", e.Program);
        Assert.Equal(2211, e.ProcessId);
        Assert.StartsWith("AH00558", e.Message);
    }

    [Fact]
    public void JapaneseAndInvalidUtf8()
    {
        Assert.Equal("ディスク残量わずか", ParseOne(Format, "<14>1 2022-07-19T21:10:03Z host app - - - ディスク残量わずか").Message);
        byte[] line = [.. Bytes("2022-07-19T21:10:03.1+09:00 host app: "), 0xFF, (byte)'x'];
        Assert.Equal("\\xffx", ParseOne(Format, line).Message);
    }

    [Theory]
    [InlineData("<34>1 2022-07-19T21:10:03Z host app")]
    [InlineData("<34>1 2022-07-19T21:10:03Z host app - ID1 [unterminated x=\"1\" msg")]
    [InlineData("<34>1 2022-07-19T21:10:03Z host app - ID1 junk msg")]
    [InlineData("<34>1 - host app - - - no stamp")]
    [InlineData("2022-07-19T21:10:03+15:00 host app: offset out of range")]
    [InlineData("2022-02-30T21:10:03+09:00 host app: no such day")]
    [InlineData("2022-07-19T21:10:03 host app: no offset")]
    [InlineData("2022-07-19 21:10:03+09:00 host app: space not T")]
    [InlineData("2022-07-19T21:10:03+09:00")]
    [InlineData("Jul 19 21:10:03 host sshd[1]: x")]
    public void MalformedLines(string line) => Assert.Equal(LineParseStatus.Malformed, Status(Format, line));

    [Fact]
    public void ProbeScores()
    {
        Assert.Equal(90, Format.Probe(Bytes("<34>1 2003-10-11T22:14:15.003Z host su - ID47 - x")));
        Assert.Equal(85, Format.Probe(Bytes("1 2003-10-11T22:14:15.003Z host su - ID47 - x")));
        Assert.Equal(70, Format.Probe(Bytes("2022-07-19T21:10:03.123456+09:00 host sshd[1]: x")));
        Assert.Equal(0, Format.Probe(Bytes("2022-07-20T03:00:12+0000 DEBUG Loaded plugins: builddep")));
        Assert.Equal(0, Format.Probe(Bytes("Jul 19 21:10:03 host sshd[1]: x")));
    }
}
