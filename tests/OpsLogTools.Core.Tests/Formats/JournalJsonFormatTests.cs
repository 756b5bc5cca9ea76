using System.Globalization;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using Xunit;
using static OpsLogTools.Core.Tests.Formats.FormatTestKit;

namespace OpsLogTools.Core.Tests.Formats;

/// <summary>
/// Fixtures are hand-written after journalctl's json output mode (one object a line, every value a string;
/// values that are not valid UTF-8 as arrays of byte numbers; several values of one field as an array) and the
/// field names of systemd.journal-fields(7).
/// </summary>
public class JournalJsonFormatTests
{
    private static readonly JournalJsonFormat Format = new();

    private const string SshdLine = """{"__CURSOR":"s=0123abcd;i=1a2b;b=89ab;m=12345;t=5e4250f0d1e40;x=4f","__REALTIME_TIMESTAMP":"1658232603123456","__MONOTONIC_TIMESTAMP":"12345678","_BOOT_ID":"89ab","PRIORITY":"6","SYSLOG_FACILITY":"10","SYSLOG_IDENTIFIER":"sshd","_PID":"1234","_UID":"0","_COMM":"sshd","_EXE":"/usr/sbin/sshd","_CMDLINE":"sshd: ec2-user [priv]","_SYSTEMD_UNIT":"sshd.service","_TRANSPORT":"syslog","_HOSTNAME":"ip-172-26-1-10","MESSAGE":"Accepted publickey for ec2-user from 203.0.113.5 port 51234 ssh2"}""";

    [Fact]
    public void TypicalEntry()
    {
        var e = ParseOne(Format, SshdLine);
        Assert.Equal(LogFormat.JournalJson, e.Format);
        Assert.Equal(new DateTimeOffset(2022, 7, 19, 12, 10, 3, TimeSpan.Zero).AddTicks(1_234_560), e.Timestamp);
        // The journal writes UTC; the entry shows it in the host's zone as the bundle tells it (the kit's +09:00).
        Assert.Equal(Jst, e.Timestamp.Offset);
        Assert.Equal("1658232603123456", e.StampText);
        var j = Assert.IsType<JournalEntry>(e);
        Assert.Equal(TimeSpan.FromTicks(123_456_780), j.MonotonicTime);
        Assert.Equal("89ab", j.BootId);
        Assert.Equal(0x1a2b, j.SequenceNumber);
        Assert.Equal("0123abcd", j.SequenceNumberId);
        Assert.Equal(6, j.Priority);
        Assert.Equal("sshd.service", j.Unit);
        Assert.Equal("sshd: ec2-user [priv]", j.Fields["_CMDLINE"]);
        Assert.False(j.Fields.ContainsKey("MESSAGE"));
        Assert.Null(j.Offset);
        Assert.Equal("ip-172-26-1-10", e.HostName);
        Assert.Equal("sshd", e.Program);
        Assert.Equal(1234, e.ProcessId);
        Assert.Equal("info", e.Level);
        Assert.Equal("Accepted publickey for ec2-user from 203.0.113.5 port 51234 ssh2", e.Message);
        Assert.True(Format.StampsAreAbsolute);
    }

    [Fact]
    public void FallsBackToCommAndSyslogPid()
    {
        var e = ParseOne(Format, """{"__REALTIME_TIMESTAMP":"1658232603000000","_COMM":"httpd","SYSLOG_PID":"877","PRIORITY":"3","MESSAGE":"AH00052: child pid 4321 exit signal Segmentation fault (11)"}""");
        Assert.Equal("httpd", e.Program);
        Assert.Equal(877, e.ProcessId);
        Assert.Equal("err", e.Level);
        Assert.Null(e.HostName);
    }

    [Fact]
    public void ByteArrayMessages()
    {
        // "ログ" as UTF-8 bytes, then Shift_JIS bytes that are not UTF-8: journalctl writes both as arrays.
        Assert.Equal("ログ", ParseOne(Format, """{"__REALTIME_TIMESTAMP":"1658232603000000","MESSAGE":[227,131,173,227,130,176]}""").Message);
        Assert.Equal("\\x83\\x8d\\x83O!", ParseOne(Format, """{"__REALTIME_TIMESTAMP":"1658232603000000","MESSAGE":[131,141,131,79,33]}""").Message);
    }

    [Fact]
    public void EscapesJapaneseAndMultipleValues()
    {
        Assert.Equal("a \"quoted\" \\ line\nsecond", ParseOne(Format, """{"__REALTIME_TIMESTAMP":"1","MESSAGE":"a \"quoted\" \\ line\nsecond"}""").Message);
        Assert.Equal("バックアップ完了", ParseOne(Format, """{"__REALTIME_TIMESTAMP":"1","MESSAGE":"バックアップ完了"}""").Message);
        Assert.Equal("\u30ed\u30b0", ParseOne(Format, """{"__REALTIME_TIMESTAMP":"1","MESSAGE":"\u30ed\u30b0"}""").Message);
        Assert.Equal("first", ParseOne(Format, """{"__REALTIME_TIMESTAMP":"1","MESSAGE":["first","second"]}""").Message);
        Assert.Equal("", ParseOne(Format, """{"__REALTIME_TIMESTAMP":"1","MESSAGE":null}""").Message);
        Assert.Equal("x", ParseOne(Format, """{"__REALTIME_TIMESTAMP":"1","_SOMETHING":{"nested":[1,2,{"a":3}]},"MESSAGE":"x"}""").Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void RealtimeRoundTripsForRandomInstants(int seed)
    {
        var random = new Random(seed);
        var parser = Parser(Format);
        for (int i = 0; i < 50; i++)
        {
            long microseconds = random.NextInt64(0, 4_102_444_800_000_000); // up to 2100
            string text = microseconds.ToString(CultureInfo.InvariantCulture);
            Assert.Equal(LineParseStatus.Parsed, parser.TryParse(Bytes($"{{\"__REALTIME_TIMESTAMP\":\"{text}\",\"MESSAGE\":\"m\"}}"), i + 1, out var e));
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(microseconds / 1000).AddTicks(microseconds % 1000 * 10), e!.Timestamp);
            Assert.Equal(text, e.StampText);
        }
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{")]
    [InlineData("{\"MESSAGE\":\"no stamp\"}")]
    [InlineData("{\"__REALTIME_TIMESTAMP\":\"12ab\",\"MESSAGE\":\"x\"}")]
    [InlineData("{\"__REALTIME_TIMESTAMP\":\"-5\",\"MESSAGE\":\"x\"}")]
    [InlineData("{\"__REALTIME_TIMESTAMP\":\"999999999999999999\",\"MESSAGE\":\"x\"}")]
    [InlineData("{\"__REALTIME_TIMESTAMP\":\"1\",\"MESSAGE\":[300]}")]
    [InlineData("{\"__REALTIME_TIMESTAMP\":\"1\",\"MESSAGE\":\"unterminated}")]
    [InlineData("[1,2,3]")]
    public void MalformedLines(string line) => Assert.Equal(LineParseStatus.Malformed, Status(Format, line));

    [Fact]
    public void Probe()
    {
        Assert.Equal(100, Format.Probe(Bytes(SshdLine)));
        Assert.Equal(LogFormat.JournalJson, Best(SshdLine));
        Assert.Equal(0, Format.Probe(Bytes("{\"level\":\"info\",\"msg\":\"another json log\"}")));
        Assert.Equal(0, Format.Probe(Bytes("Jul 19 21:10:03 host sshd[1]: {\"__REALTIME_TIMESTAMP\":1}")));
    }
}
