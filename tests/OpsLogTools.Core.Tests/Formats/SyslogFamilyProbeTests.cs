using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using Xunit;
using static OpsLogTools.Core.Tests.Formats.FormatTestKit;

namespace OpsLogTools.Core.Tests.Formats;

/// <summary>
/// Each family format must win its own lines and claim none of the neighbours' (lines hand-written after each
/// format's writer: rsyslog templates, yum/dnf loggers, journalctl modes, Apache's LogFormat/ErrorLogFormat,
/// nginx, CloudFront's documented field list, crontab(5)).
/// </summary>
public class SyslogFamilyProbeTests
{
    [Theory]
    [InlineData("Jul 19 21:10:03 ip-172-26-1-10 sshd[1234]: Accepted publickey for ec2-user", LogFormat.Syslog)]
    [InlineData("Jul  2 21:10:03 ip-172-26-1-10 crond(pam_unix)[1234]: session closed for user root", LogFormat.Syslog)]
    [InlineData("Jul 19 21:20:03 ip-172-26-1-10 -- MARK --", LogFormat.Syslog)]
    [InlineData("Jul 19 21:10:03 ip-172-26-1-10 last message repeated 3 times", LogFormat.Syslog)]
    [InlineData("Jul 20 03:00:12 Updated: tzdata-2022a-1.amzn2.noarch", LogFormat.Yum)]
    [InlineData("Jul 20 03:00:12 Dep-Installed: apr-1.7.0-9.amzn2.x86_64", LogFormat.Yum)]
    [InlineData("2022-07-19T21:10:03.123456+09:00 ip-172-26-1-10 sshd[1234]: x", LogFormat.SyslogIso)]
    [InlineData("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - x", LogFormat.SyslogIso)]
    [InlineData("2022-07-19T21:10:03+0900 ip-172-26-1-10 sshd[1234]: x", LogFormat.JournalShortIso)]
    [InlineData("-- Logs begin at Mon 2022-07-18 00:00:01 JST, end at Wed 2022-07-20 03:10:00 JST. --", LogFormat.JournalShortIso)]
    [InlineData("{\"__REALTIME_TIMESTAMP\":\"1658232603123456\",\"MESSAGE\":\"x\"}", LogFormat.JournalJson)]
    [InlineData("2022-07-20T03:00:10+0000 DEBUG Loaded plugins: builddep", LogFormat.Dnf)]
    [InlineData("2022-07-20T03:00:16+0000 SUBDEBUG Upgrade: tzdata-2022a-1.amzn2022.noarch", LogFormat.DnfRpm)]
    [InlineData("203.0.113.5 - - [19/Jul/2022:21:10:03 +0900] \"GET /wp-login.php HTTP/1.1\" 404 196 \"-\" \"Mozilla/5.0\"", LogFormat.Unknown)]
    [InlineData("[Tue Jul 19 21:10:03.123456 2022] [mpm_prefork:error] [pid 877] AH00161: server reached MaxRequestWorkers setting", LogFormat.Unknown)]
    [InlineData("[Tue Jul 19 21:10:03 2022] [error] [client 203.0.113.5] File does not exist: /var/www/html/wp-login.php", LogFormat.Unknown)]
    [InlineData("2022/07/19 21:10:03 [error] 123#0: *1 open() \"/usr/share/nginx/html/wp-login.php\" failed", LogFormat.Unknown)]
    [InlineData("2022-07-19\t12:10:03\tNRT57-P2\t1234\t198.51.100.9\tGET\td111111abcdef8.cloudfront.net\t/wp-login.php\t404", LogFormat.Unknown)]
    [InlineData("#Version: 1.0", LogFormat.Unknown)]
    [InlineData("0 3 * * * root yum -y update", LogFormat.Unknown)]
    [InlineData("{\"level\":\"info\",\"msg\":\"app json\"}", LogFormat.Unknown)]
    [InlineData("", LogFormat.Unknown)]
    public void BestFormatForLine(string line, LogFormat expected) => Assert.Equal(expected, Best(line));

    [Fact]
    public void AllListsEachFormatOnce()
    {
        Assert.Equal(
            [LogFormat.Syslog, LogFormat.SyslogIso, LogFormat.Yum, LogFormat.Dnf, LogFormat.DnfRpm, LogFormat.JournalJson, LogFormat.JournalShortIso],
            SyslogFamilyFormats.All.Select(f => f.Format));
        Assert.Equal([false, true, false, true, true, true, true], SyslogFamilyFormats.All.Select(f => f.StampsAreAbsolute));
    }
}
