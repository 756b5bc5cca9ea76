using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;
using static OpsLogTools.Core.Tests.Formats.FormatTestKit;

namespace OpsLogTools.Core.Tests.Formats;

/// <summary>
/// Fixtures are hand-written after rsyslog's RSYSLOG_TraditionalFileFormat template
/// ("%TIMESTAMP% %HOSTNAME% %syslogtag%%msg%", day space-padded), with messages in the shape sshd, crond, the
/// kernel, systemd, postfix and PAM write on an Amazon Linux 2 / CentOS host.
/// </summary>
public class SyslogFormatTests
{
    private static readonly SyslogFormat Format = new();

    [Fact]
    public void ProgramWithPid()
    {
        var clock = SeedNightClock();
        var e = ParseOne(Format, "Jul 19 21:10:03 ip-172-26-1-10 sshd[1234]: Accepted publickey for ec2-user from 203.0.113.5 port 51234 ssh2", clock);
        Assert.Equal(LogFormat.Syslog, e.Format);
        Assert.Equal(new DateTimeOffset(2022, 7, 19, 21, 10, 3, Jst), e.Timestamp);
        Assert.Equal("Jul 19 21:10:03", e.StampText);
        Assert.Equal("ip-172-26-1-10", e.HostName);
        Assert.Equal("sshd", e.Program);
        Assert.Equal(1234, e.ProcessId);
        Assert.Null(e.Level);
        Assert.Equal("Accepted publickey for ec2-user from 203.0.113.5 port 51234 ssh2", e.Message);
        Assert.Equal(clock.YearlessBasis, e.TimeBasis);
        Assert.Contains("year 2022", e.TimeBasis);
        Assert.False(Format.StampsAreAbsolute);
    }

    [Theory]
    [InlineData("Jul  2 04:01:01 host CROND[2345]: (root) CMD (run-parts /etc/cron.hourly)", "Jul  2 04:01:01")]
    [InlineData("Jul 02 04:01:01 host CROND[2345]: (root) CMD (run-parts /etc/cron.hourly)", "Jul 02 04:01:01")]
    [InlineData("Jul 2 04:01:01 host CROND[2345]: (root) CMD (run-parts /etc/cron.hourly)", "Jul 2 04:01:01")]
    public void SingleDigitDayPaddedOrNot(string line, string stamp)
    {
        var e = ParseOne(Format, line, Clock(new(2022, 7, 1, 0, 0, 0, Jst), new(2022, 7, 3, 0, 0, 0, Jst)));
        Assert.Equal(new DateTimeOffset(2022, 7, 2, 4, 1, 1, Jst), e.Timestamp);
        Assert.Equal(stamp, e.StampText);
        Assert.Equal("CROND", e.Program);
        Assert.Equal("(root) CMD (run-parts /etc/cron.hourly)", e.Message);
    }

    [Fact]
    public void CronCommandLine()
    {
        var e = ParseOne(Format, "Jul 20 03:00:01 ip-172-26-1-10 CROND[30211]: (root) CMD (yum -y update)");
        Assert.Equal("CROND", e.Program);
        Assert.Equal(30211, e.ProcessId);
        Assert.Equal("(root) CMD (yum -y update)", e.Message);
    }

    [Theory]
    [InlineData("Jul 19 21:10:01 host crond(pam_unix)[1234]: session opened for user root by (uid=0)", "crond", 1234)]
    [InlineData("Jul 19 21:10:01 host sshd(pam_unix)[99]: session opened for user root by (uid=0)", "sshd", 99)]
    [InlineData("Jul 19 21:10:01 host sshd(pam_unix): session opened for user root by (uid=0)", "sshd", null)]
    public void OldPamTagKeepsModuleInMessage(string line, string program, int? pid)
    {
        var e = ParseOne(Format, line);
        Assert.Equal(program, e.Program);
        Assert.Equal(pid, e.ProcessId);
        Assert.Equal("pam_unix: session opened for user root by (uid=0)", e.Message);
    }

    [Fact]
    public void NewPamMessageIsLeftAsWritten()
    {
        var e = ParseOne(Format, "Jul 19 21:10:01 host crond[1234]: pam_unix(crond:session): session opened for user root by (uid=0)");
        Assert.Equal("crond", e.Program);
        Assert.Equal("pam_unix(crond:session): session opened for user root by (uid=0)", e.Message);
    }

    [Theory]
    [InlineData("Jul 19 21:29:58 host kernel: Out of memory: Killed process 4321 (httpd) total-vm:512000kB", "kernel", "Out of memory: Killed process 4321 (httpd) total-vm:512000kB")]
    [InlineData("Jul 19 21:31:10 host systemd: Started The Apache HTTP Server.", "systemd", "Started The Apache HTTP Server.")]
    [InlineData("Jul 19 21:31:10 host /usr/sbin/crond[1]: (CRON) INFO (running with inotify support)", "/usr/sbin/crond", "(CRON) INFO (running with inotify support)")]
    [InlineData("Jul 19 21:31:10 host postfix/smtpd[12]: connect from localhost[127.0.0.1]", "postfix/smtpd", "connect from localhost[127.0.0.1]")]
    [InlineData("Jul 19 21:31:10 host dhclient[2987]: bound to 172.26.1.10 -- renewal in 1656 seconds.", "dhclient", "bound to 172.26.1.10 -- renewal in 1656 seconds.")]
    [InlineData("Jul 19 21:31:10 host rsyslogd: -- MARK --", "rsyslogd", "-- MARK --")]
    public void TagForms(string line, string program, string message)
    {
        var e = ParseOne(Format, line);
        Assert.Equal("host", e.HostName);
        Assert.Equal(program, e.Program);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void NoPidMeansNullProcessId() => Assert.Null(ParseOne(Format, "Jul 19 21:31:10 host systemd: Stopping User Slice of root.").ProcessId);

    [Theory]
    [InlineData("Jul 19 21:20:03 ip-172-26-1-10 -- MARK --", "-- MARK --")]
    [InlineData("Jul 19 21:10:03 ip-172-26-1-10 last message repeated 3 times", "last message repeated 3 times")]
    [InlineData("Jul 19 21:10:03 ip-172-26-1-10 some text without a tag", "some text without a tag")]
    [InlineData("Jul 19 21:10:03 ip-172-26-1-10", "")]
    public void LinesWithoutTag(string line, string message)
    {
        var e = ParseOne(Format, line);
        Assert.Equal("ip-172-26-1-10", e.HostName);
        Assert.Null(e.Program);
        Assert.Null(e.ProcessId);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void HostlessWriterReadsTagInHostPosition()
    {
        // Some writers (a local syslogd with no hostname, macOS) leave the host out; the tag then sits where the host would.
        var e = ParseOne(Format, "Jul 19 21:10:03 sshd[123]: Connection closed by 198.51.100.7");
        Assert.Null(e.HostName);
        Assert.Equal("sshd", e.Program);
        Assert.Equal(123, e.ProcessId);
        Assert.Equal("Connection closed by 198.51.100.7", e.Message);
    }

    [Fact]
    public void RepeatedMessageReductionOfNewerRsyslogKeepsTag()
    {
        var e = ParseOne(Format, "Jul 19 21:10:03 host sshd[812]: message repeated 3 times: [ Failed password for root from 198.51.100.7 port 4022 ssh2]");
        Assert.Equal("sshd", e.Program);
        Assert.StartsWith("message repeated 3 times: [", e.Message);
    }

    [Fact]
    public void DecemberToJanuaryRollsTheYearThroughTheClock()
    {
        var clock = Clock(new(2023, 1, 1, 0, 0, 0, Jst), new(2023, 1, 2, 0, 0, 0, Jst));
        var rows = ParseAll(Format, """
            Dec 31 23:59:58 host systemd: Starting Cleanup of Temporary Directories...
            Jan  1 00:00:01 host CROND[100]: (root) CMD (run-parts /etc/cron.hourly)
            Jan  1 00:10:01 host CROND[101]: (root) CMD (/usr/lib64/sa/sa1 1 1)
            """, clock);
        Assert.All(rows, r => Assert.Equal(LineParseStatus.Parsed, r.Status));
        Assert.Equal(new DateTimeOffset(2022, 12, 31, 23, 59, 58, Jst), rows[0].Entry!.Timestamp);
        Assert.Equal(new DateTimeOffset(2023, 1, 1, 0, 0, 1, Jst), rows[1].Entry!.Timestamp);
        Assert.Contains("year 2022", rows[0].Entry!.TimeBasis);
        Assert.Contains("year 2023", rows[1].Entry!.TimeBasis);
        Assert.Equal(1, clock.Rollovers);
    }

    [Fact]
    public void DisplacedRunKeepsTheYear()
    {
        // The seed: normal July lines, a run stamped 2 April, then July again after the nightly yum run.
        var rows = ParseAll(Format, """
            Jul 19 21:09:01 host CROND[100]: (root) CMD (/usr/lib64/sa/sa1 1 1)
            Apr  2 12:10:01 host CROND[101]: (root) CMD (/usr/lib64/sa/sa1 1 1)
            Apr  2 17:50:01 host CROND[160]: (root) CMD (yum -y update)
            Jul 20 03:00:14 host yum[161]: Updated: tzdata-2022a-1.amzn2.noarch
            """);
        Assert.Equal([2022, 2022, 2022, 2022], rows.Select(r => r.Entry!.Timestamp.Year));
        Assert.Equal(new DateTimeOffset(2022, 4, 2, 12, 10, 1, Jst), rows[1].Entry!.Timestamp);
    }

    [Theory]
    [InlineData(2019, 7, 19, 9)]
    [InlineData(2024, 2, 29, -5)]
    [InlineData(2021, 11, 30, 0)]
    [InlineData(2030, 3, 1, 5.5)]
    public void YearAndZoneComeFromTheReference(int year, int month, int day, double offsetHours)
    {
        var offset = TimeSpan.FromHours(offsetHours);
        var at = new DateTimeOffset(year, month, day, 8, 30, 0, offset);
        var clock = Clock(at.AddDays(-1), at.AddDays(1), offset);
        var month3 = System.Globalization.CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(month);
        var e = ParseOne(Format, $"{month3} {day,2} 08:30:00 web01 httpd[77]: resuming normal operations", clock);
        Assert.Equal(at, e.Timestamp);
        Assert.Equal(offset, e.Timestamp.Offset);
    }

    [Fact]
    public void JapaneseMessage()
    {
        var e = ParseOne(Format, "Jul 19 21:10:03 host logger: バックアップが完了しました (所要 12 秒)");
        Assert.Equal("logger", e.Program);
        Assert.Equal("バックアップが完了しました (所要 12 秒)", e.Message);
    }

    [Fact]
    public void InvalidUtf8StaysVisible()
    {
        // Shift_JIS "ログ" in a message written by a legacy program.
        byte[] line = [.. Bytes("Jul 19 21:10:03 host legacy[5]: "), 0x83, 0x8D, 0x83, 0x4F, (byte)'!'];
        var e = ParseOne(Format, line);
        Assert.Equal("\\x83\\x8d\\x83O!", e.Message);
    }

    [Fact]
    public void PriPrefixGivesLevel()
    {
        // <38> = facility auth (4), severity info (6), as a wire capture carries it.
        var e = ParseOne(Format, "<38>Jul 19 21:10:03 host sshd[1]: Connection closed");
        Assert.Equal("info", e.Level);
        Assert.Equal("Jul 19 21:10:03", e.StampText);
        Assert.Equal("sshd", e.Program);
    }

    [Fact]
    public void PathAndHostStringsAreShared()
    {
        string path = "/logs/messages";
        var rows = ParseAll(Format, """
            Jul 19 21:10:03 host sshd[1]: a
            Jul 19 21:10:04 host sshd[2]: b
            """, path: path);
        Assert.Same(path, rows[0].Entry!.Path);
        Assert.Same(path, rows[1].Entry!.Path);
        Assert.Same(rows[0].Entry!.HostName, rows[1].Entry!.HostName);
        Assert.Same(rows[0].Entry!.Program, rows[1].Entry!.Program);
        Assert.Equal(2, rows[1].Entry!.LineNumber);
    }

    [Theory]
    [InlineData("")]
    public void BlankLineIsIgnored(string line) => Assert.Equal(LineParseStatus.Ignored, Status(Format, line));

    [Theory]
    [InlineData("this is not a log line")]
    [InlineData("Jul 19 21:10:03")]
    [InlineData("Jul 19 21:10:03 ")]
    [InlineData("Jly 19 21:10:03 host sshd[1]: x")]
    [InlineData("Jul 32 21:10:03 host sshd[1]: x")]
    [InlineData("Jul 19 24:10:03 host sshd[1]: x")]
    [InlineData("Jul 19 21:61:03 host sshd[1]: x")]
    [InlineData("Jul 19 21:10:3 host sshd[1]: x")]
    [InlineData("Jul 19 21:10:03host sshd[1]: x")]
    [InlineData("2022-07-19T21:10:03+09:00 host sshd[1]: x")]
    [InlineData("192.0.2.1 - - [19/Jul/2022:21:10:03 +0900] \"GET / HTTP/1.1\" 200 5")]
    public void MalformedLines(string line) => Assert.Equal(LineParseStatus.Malformed, Status(Format, line));

    [Fact]
    public void NulRunIsMalformed() => Assert.Equal(LineParseStatus.Malformed, Parser(Format).TryParse(new byte[40], 1, out _));

    [Fact]
    public void ProbeRanksTaggedAboveUntaggedAboveHostless()
    {
        int tagged = Format.Probe(Bytes("Jul 19 21:10:03 host sshd[1234]: x"));
        int untagged = Format.Probe(Bytes("Jul 19 21:10:03 host -- MARK --"));
        int hostless = Format.Probe(Bytes("Jul 20 03:00:12 Updated: tzdata-2022a-1.amzn2.noarch"));
        Assert.True(tagged > untagged && untagged > hostless && hostless > 0, $"{tagged} {untagged} {hostless}");
        Assert.Equal(0, Format.Probe(Bytes("2022-07-19T21:10:03+0900 host sshd[1234]: x")));
        Assert.Equal(0, Format.Probe(Bytes("[Tue Jul 19 21:10:03.123456 2022] [mpm_prefork:error] [pid 1] x")));
        Assert.Equal(0, Format.Probe(default));
    }
}
