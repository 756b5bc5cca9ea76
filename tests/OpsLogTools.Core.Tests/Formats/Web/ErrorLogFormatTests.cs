using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using Xunit;
using static OpsLogTools.Core.Tests.Formats.Web.WebFormatTesting;

namespace OpsLogTools.Core.Tests.Formats.Web;

public class ErrorLogFormatTests
{
    // After Apache 2.4's default ErrorLogFormat as httpd 2.4.54 (prefork) writes it on Amazon Linux 2.
    private const string Worker24 = "[Tue Jul 19 21:10:03.123456 2022] [mpm_prefork:error] [pid 1234] AH00161: server reached " +
        "MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting";
    private const string Threaded24 = "[Tue Jul 19 21:10:04.000001 2022] [core:notice] [pid 1234:tid 140] AH00094: Command line: '/usr/sbin/httpd -D FOREGROUND'";
    private const string Client24 = "[Tue Jul 19 21:12:44.5 2022] [:error] [pid 2345] [client 203.0.113.9:51234] PHP Fatal error:  Allowed memory size exhausted";
    private const string Proxy24 = "[Tue Jul 19 21:10:03.123456 2022] [proxy_fcgi:error] [pid 1234:tid 139] [client 2001:db8::5:40000] AH01071: Got error 'Primary script unknown'";

    // After Apache 2.2's error_log (CentOS 6 httpd 2.2.15), including C ctime's space-padded day.
    private const string Missing22 = "[Tue Jul 19 21:10:03 2022] [error] [client 1.2.3.4] File does not exist: /var/www/html/wp-login.php";
    private const string Notice22 = "[Sun Jul  3 03:28:01 2011] [notice] Apache/2.2.15 (Unix) DAV/2 configured -- resuming normal operations";

    // After nginx 1.20's error.log (Amazon Linux 2 extras).
    private const string NginxOpen = "2022/07/19 21:10:03 [error] 1234#1234: *5 open() \"/usr/share/nginx/html/wp-login.php\" failed " +
        "(2: No such file or directory), client: 1.2.3.4, server: _, request: \"GET /wp-login.php HTTP/1.1\", host: \"example.com\"";
    private const string NginxSignal = "2022/07/20 03:00:14 [notice] 1#1: signal process started";

    [Fact]
    public void Apache24LineGivesModuleLevelAndPid()
    {
        Assert.Equal(LineParseStatus.Parsed, Parse(new ApacheError24Format(), Worker24, out var e));
        Assert.Equal(LogFormat.ApacheError24, e!.Format);
        Assert.Equal("mpm_prefork", e.Program);
        Assert.Equal("error", e.Level);
        Assert.Equal(1234, e.ProcessId);
        Assert.StartsWith("AH00161: server reached MaxRequestWorkers", e.Message);
        Assert.Equal("Tue Jul 19 21:10:03.123456 2022", e.StampText);
        Assert.Equal(new DateTimeOffset(2022, 7, 19, 21, 10, 3, Jst).AddTicks(1234560), e.Timestamp);
        Assert.Equal("zone +09:00 from test", e.TimeBasis);
    }

    [Fact]
    public void Apache24ThreadedPidEmptyModuleAndClient()
    {
        Assert.Equal(LineParseStatus.Parsed, Parse(new ApacheError24Format(), Threaded24, out var t));
        Assert.Equal("core", t!.Program);
        Assert.Equal("notice", t.Level);
        Assert.Equal(1234, t.ProcessId);
        Assert.StartsWith("AH00094", t.Message);

        Assert.Equal(LineParseStatus.Parsed, Parse(new ApacheError24Format(), Client24, out var c));
        Assert.Null(c!.Program);
        Assert.Equal("error", c.Level);
        Assert.Equal(2345, c.ProcessId);
        Assert.StartsWith("[client 203.0.113.9:51234] PHP Fatal error", c.Message);
        Assert.Equal(5_000_000, c.Timestamp.Ticks % TimeSpan.TicksPerSecond);

        Assert.Equal(LineParseStatus.Parsed, Parse(new ApacheError24Format(), Proxy24, out var p));
        Assert.Equal("proxy_fcgi", p!.Program);
        Assert.Contains("2001:db8::5:40000", p.Message);
    }

    [Fact]
    public void Apache22LineGivesLevelAndMessage()
    {
        Assert.Equal(LineParseStatus.Parsed, Parse(new ApacheError22Format(), Missing22, out var e));
        Assert.Equal(LogFormat.ApacheError22, e!.Format);
        Assert.Equal("error", e.Level);
        Assert.Null(e.Program);
        Assert.Null(e.ProcessId);
        Assert.Equal("[client 1.2.3.4] File does not exist: /var/www/html/wp-login.php", e.Message);
        Assert.Equal(new DateTimeOffset(2022, 7, 19, 21, 10, 3, Jst), e.Timestamp);

        Assert.Equal(LineParseStatus.Parsed, Parse(new ApacheError22Format(), Notice22, out var n));
        Assert.Equal(new DateTimeOffset(2011, 7, 3, 3, 28, 1, Jst), n!.Timestamp);
        Assert.Equal("notice", n.Level);
    }

    [Fact]
    public void NginxErrorLineGivesLevelPidAndMessage()
    {
        Assert.Equal(LineParseStatus.Parsed, Parse(new NginxErrorFormat(), NginxOpen, out var e));
        Assert.Equal(LogFormat.NginxError, e!.Format);
        Assert.Equal("error", e.Level);
        Assert.Equal(1234, e.ProcessId);
        Assert.StartsWith("*5 open() \"/usr/share/nginx/html/wp-login.php\" failed", e.Message);
        Assert.Equal("2022/07/19 21:10:03", e.StampText);
        Assert.Equal(new DateTimeOffset(2022, 7, 19, 21, 10, 3, Jst), e.Timestamp);

        Assert.Equal(LineParseStatus.Parsed, Parse(new NginxErrorFormat(), NginxSignal, out var s));
        Assert.Equal(1, s!.ProcessId);
        Assert.Equal("notice", s.Level);
        Assert.Equal("signal process started", s.Message);
    }

    [Theory]
    [InlineData(9)]
    [InlineData(0)]
    [InlineData(-7)]
    [InlineData(5.5)]
    public void ZonelessStampsTakeTheReferenceOffset(double hours)
    {
        var offset = TimeSpan.FromHours(hours);
        var local = new DateTime(2022, 7, 19, 21, 10, 3);
        foreach (var (format, line) in new (ILogFormat, string)[] { (new ApacheError24Format(), Worker24), (new ApacheError22Format(), Missing22), (new NginxErrorFormat(), NginxOpen) })
        {
            Assert.Equal(LineParseStatus.Parsed, Parse(format, line, out var e, Clock(offset)));
            Assert.Equal(new DateTimeOffset(local, offset), e!.Timestamp.AddTicks(-(e.Timestamp.Ticks % TimeSpan.TicksPerSecond)));
            Assert.Equal(offset, e.Timestamp.Offset);
            Assert.False(format.StampsAreAbsolute);
        }
    }

    [Fact]
    public void ZoneWithDaylightSavingResolvesEachStamp()
    {
        var ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var clock = Clock(TimeSpan.FromHours(-5), ny);
        var july = ParseFile(new NginxErrorFormat(), NginxOpen + "\n" + NginxOpen.Replace("2022/07/19", "2022/01/19"), clock);
        Assert.Equal(TimeSpan.FromHours(-4), july[0].Entry!.Timestamp.Offset);
        Assert.Equal(TimeSpan.FromHours(-5), july[1].Entry!.Timestamp.Offset);
        Assert.Equal("zone America/New_York from test", july[0].Entry!.TimeBasis);
    }

    [Fact]
    public void EachErrorStyleScoresOnlyForItself()
    {
        Assert.Equal(LogFormat.ApacheError24, Best(Worker24));
        Assert.Equal(LogFormat.ApacheError24, Best(Threaded24));
        Assert.Equal(LogFormat.ApacheError24, Best(Client24));
        Assert.Equal(LogFormat.ApacheError22, Best(Missing22));
        Assert.Equal(LogFormat.ApacheError22, Best(Notice22));
        Assert.Equal(LogFormat.NginxError, Best(NginxOpen));
        Assert.Equal(0, Probe(new ApacheError22Format(), Worker24));
        Assert.Equal(0, Probe(new ApacheError24Format(), Missing22));
        Assert.Equal(0, Probe(new NginxErrorFormat(), Worker24));
        Assert.True(Probe(new ApacheError24Format(), Worker24) > Probe(new ApacheError24Format(), "[Tue Jul 19 21:10:03.1 2022] [ssl:warn] AH01909: no pid part"));
    }

    [Theory]
    [InlineData("[Tue Jul 19 21:10:03.123456 2022] [mpm_prefork:fatal] [pid 1234] bad level")]
    [InlineData("[Tue Jux 19 21:10:03.123456 2022] [core:error] [pid 1] bad month")]
    [InlineData("[Tue Feb 30 21:10:03 2022] [core:error] [pid 1] no such day")]
    [InlineData("[Tue Jul 19 21:10:03. 2022] [core:error] [pid 1] empty fraction")]
    [InlineData("[Tue Jul 19 21:10:03.123456 2022]")]
    [InlineData("[Tue Jul 19 21:10:03.123456 2022] [core:error")]
    public void Apache24RejectsBrokenLines(string line) =>
        Assert.Equal(LineParseStatus.Malformed, Parse(new ApacheError24Format(), line, out _));

    [Theory]
    [InlineData("2022/07/19 21:10:03 [fatal] 1234#1234: bad level")]
    [InlineData("2022/07/19 21:10:03 [error] 1234: no tid")]
    [InlineData("2022/13/19 21:10:03 [error] 1#1: bad month")]
    [InlineData("2022-07-19 21:10:03 [error] 1#1: dashes")]
    [InlineData("2022/07/19 21:10:03 [error]")]
    public void NginxErrorRejectsBrokenLines(string line) =>
        Assert.Equal(LineParseStatus.Malformed, Parse(new NginxErrorFormat(), line, out _));

    [Fact]
    public void PidThatDoesNotFitKeepsTheLine()
    {
        // A pid part that is not a number is left in the message rather than losing the line.
        Assert.Equal(LineParseStatus.Parsed, Parse(new ApacheError24Format(), "[Tue Jul 19 21:10:03.1 2022] [core:error] [pid x] odd", out var e));
        Assert.Null(e!.ProcessId);
        Assert.Equal("[pid x] odd", e.Message);
    }
}
