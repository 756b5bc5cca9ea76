using OpsLogTools.Core.Analysis.Updates;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Updates;

// Fixtures are hand-written after crontab(5) (cronie): system crontabs carry a user field, user crontabs do not.
public class CrontabReaderTests
{
    [Fact]
    public void SystemCrontabHasUserFieldAndSkipsCommentsAndVariables()
    {
        const string text = """
            SHELL=/bin/bash
            PATH=/sbin:/bin:/usr/sbin:/usr/bin
            MAILTO = root

            # For details see man 4 crontabs
            # .---------------- minute (0 - 59)
            0 3 * * * root yum -y update > /var/log/yum-nightly.log 2>&1
            */10 * * * * apache php /var/www/html/wp-cron.php
            @reboot root /usr/local/bin/warm-cache
            """;
        var diag = new CollectingDiagnostics();
        var jobs = CrontabReader.Parse(text, "/bundle/etc/crontab", hasUserField: null, owner: null, diag);

        Assert.Empty(diag.Warnings);
        Assert.Equal(3, jobs.Count);
        var yum = jobs[0];
        Assert.Equal("0 3 * * *", yum.Schedule);
        Assert.Equal("root", yum.User);
        Assert.Equal("yum -y update > /var/log/yum-nightly.log 2>&1", yum.Command);
        Assert.Equal(7, yum.LineNumber);
        Assert.True(yum.IsUpdateJob);
        Assert.Equal(UpdateTrigger.Cron, yum.UpdateKind);

        Assert.Equal("apache", jobs[1].User);
        Assert.Equal(UpdateJobMatch.None, jobs[1].UpdateMatch);
        Assert.True(jobs[2].IsReboot);
        Assert.Null(jobs[2].LastOccurrenceAtOrBefore(new DateTimeOffset(2022, 7, 20, 3, 0, 0, TimeSpan.FromHours(9)), TimeZoneInfo.Utc));
    }

    [Fact]
    public void UserCrontabHasNoUserFieldAndTakesTheOwner()
    {
        const string text = """
            # crontab -l as root
            MAILTO=""
            30 4 * * 1-5 /usr/bin/yum update -y --security
            @daily dnf -y upgrade
            15 2 * * * /root/bin/update.sh
            0 * * * * /usr/bin/yum check-update
            """;
        var jobs = CrontabReader.Parse(text, "/bundle/var/spool/cron/root", hasUserField: false, owner: "root", NullDiagnostics.Instance);

        Assert.Equal(4, jobs.Count);
        Assert.All(jobs, j => Assert.Equal("root", j.User));
        Assert.Equal("/usr/bin/yum update -y --security", jobs[0].Command);
        Assert.True(jobs[0].IsUpdateJob);
        Assert.Equal("@daily", jobs[1].Schedule);
        Assert.True(jobs[1].IsUpdateJob);
        Assert.Equal(UpdateJobMatch.Possible, jobs[2].UpdateMatch);
        Assert.False(jobs[2].IsUpdateJob);
        Assert.Equal(UpdateJobMatch.None, jobs[3].UpdateMatch);
    }

    [Fact]
    public void GuessesTheKindFromTheLinesWhenThePathDoesNotSay()
    {
        var diag = new CollectingDiagnostics();
        var system = CrontabReader.Parse("0 3 * * * root yum -y update\n", "/tmp/x/crontab", null, null, diag);
        Assert.Equal("root", system[0].User);
        Assert.Equal("yum -y update", system[0].Command);

        var user = CrontabReader.Parse("0 3 * * * yum -y update\n5 1 * * * run-parts /etc/cron.daily\n", "/tmp/x/crontab", null, "ops", diag);
        Assert.Equal("ops", user[0].User);
        Assert.Equal("yum -y update", user[0].Command);
        Assert.Equal(2, diag.VerboseLines.Count);
    }

    [Theory]
    [InlineData("0 3 * * * root /usr/bin/yum -y update", UpdateJobMatch.Certain, UpdateTrigger.Cron)]
    [InlineData("0 3 * * * root yum update -y", UpdateJobMatch.Certain, UpdateTrigger.Cron)]
    [InlineData("0 3 * * * root yum -d 0 -e 0 -y update", UpdateJobMatch.Certain, UpdateTrigger.Cron)]
    [InlineData("0 3 * * * root yum clean all && yum -q -y update >/dev/null", UpdateJobMatch.Certain, UpdateTrigger.Cron)]
    [InlineData("0 3 * * * root /usr/sbin/yum-cron /etc/yum/yum-cron-hourly.conf", UpdateJobMatch.Certain, UpdateTrigger.YumCron)]
    [InlineData("0 6 * * * root /usr/bin/dnf-automatic /etc/dnf/automatic.conf --timer", UpdateJobMatch.Certain, UpdateTrigger.DnfAutomatic)]
    [InlineData("0 3 * * * root dnf -y upgrade", UpdateJobMatch.Certain, UpdateTrigger.Cron)]
    [InlineData("0 3 * * * root flock -n /tmp/yum.lock sudo yum -y update", UpdateJobMatch.Certain, UpdateTrigger.Cron)]
    [InlineData("0 3 * * * root /opt/ops/update.sh", UpdateJobMatch.Possible, UpdateTrigger.Cron)]
    [InlineData("0 3 * * * root yum makecache fast", UpdateJobMatch.None, null)]
    [InlineData("0 3 * * * root yum check-update > /tmp/updates.txt", UpdateJobMatch.None, null)]
    [InlineData("0 3 * * * root /usr/sbin/logrotate /etc/logrotate.conf", UpdateJobMatch.None, null)]
    public void RecognisesUpdateJobs(string line, UpdateJobMatch match, UpdateTrigger? kind)
    {
        var job = Assert.Single(CrontabReader.Parse(line, "/bundle/etc/cron.d/nightly", true, null, NullDiagnostics.Instance));
        Assert.Equal(match, job.UpdateMatch);
        Assert.Equal(kind, job.UpdateKind);
    }

    [Fact]
    public void BadLinesWarnAndTheRestIsRead()
    {
        const string text = """
            0 3 * * * root yum -y update
            this is not a cron line
            61 3 * * * root yum -y update
            0 3 *
            @fortnightly root yum -y update
            """;
        var diag = new CollectingDiagnostics();
        var jobs = CrontabReader.Parse(text, "/bundle/etc/cron.d/broken", true, null, diag);

        Assert.Equal(3, jobs.Count);                         // line 1, the bad schedule (kept without one), the unknown macro
        Assert.Equal([2L, 3L, 4L, 5L], diag.Warnings.Select(w => w.Line).ToArray());
        Assert.Null(jobs[1].LastOccurrenceAtOrBefore(DateTimeOffset.UnixEpoch.AddYears(50), TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData("0 3 * * *", 2022, 7, 20, 3, 0, 41, 9, "2022-07-20T03:00:00+09:00")]
    [InlineData("0 3 * * *", 2022, 7, 20, 2, 59, 0, 9, "2022-07-19T03:00:00+09:00")]
    [InlineData("@daily", 2023, 1, 1, 0, 4, 0, -5, "2023-01-01T00:00:00-05:00")]
    [InlineData("30 4 * * 1-5", 2024, 3, 11, 4, 31, 0, 0, "2024-03-11T04:30:00+00:00")] // a Monday
    [InlineData("30 4 * * 1-5", 2024, 3, 10, 4, 31, 0, 0, "2024-03-08T04:30:00+00:00")] // Sunday → the Friday before
    [InlineData("0 3 1 * 1", 2022, 7, 5, 0, 0, 0, 9, "2022-07-04T03:00:00+09:00")]      // both day fields: the 1st OR a Monday
    [InlineData("0 3 1 * 1", 2022, 7, 2, 0, 0, 0, 9, "2022-07-01T03:00:00+09:00")]
    [InlineData("0 3 */2 * 1", 2022, 7, 5, 0, 0, 0, 9, "2022-06-27T03:00:00+09:00")]    // '*' first: both must match (an odd-day Monday)
    public void LastOccurrenceIsEvaluatedInTheGivenZone(string schedule, int y, int mo, int d, int h, int mi, int s, int offsetHours, string expected)
    {
        var offset = TimeSpan.FromHours(offsetHours);
        var zone = TimeZoneInfo.CreateCustomTimeZone("test", offset, "test", "test");
        var job = Assert.Single(CrontabReader.Parse($"{schedule} root yum -y update", "/etc/crontab", true, null, NullDiagnostics.Instance));
        var fired = job.LastOccurrenceAtOrBefore(new DateTimeOffset(y, mo, d, h, mi, s, offset), zone);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), fired);
        Assert.Equal(offset, fired!.Value.Offset);
    }

    [Fact]
    public void CronTzLineMovesTheScheduleToThatZone()
    {
        const string text = """
            CRON_TZ=Asia/Tokyo
            0 3 * * * root yum -y update
            """;
        var job = Assert.Single(CrontabReader.Parse(text, "/etc/crontab", true, null, NullDiagnostics.Instance));
        Assert.Equal("Asia/Tokyo", job.TimeZoneId);
        // The host runs in UTC; 03:00 in Tokyo is 18:00 UTC the day before.
        var fired = job.LastOccurrenceAtOrBefore(new DateTimeOffset(2022, 7, 19, 18, 5, 0, TimeSpan.Zero), TimeZoneInfo.Utc);
        Assert.Equal(new DateTimeOffset(2022, 7, 19, 18, 0, 0, TimeSpan.Zero), fired);
    }

    [Fact]
    public void ReadsAFileFromDiskAndSpoolFilesTakeTheirOwner()
    {
        string dir = Path.Combine(Path.GetTempPath(), "olt-cron-" + Guid.NewGuid().ToString("N"), "var", "spool", "cron");
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "ec2-user");
            File.WriteAllText(path, "0 3 * * * sudo yum -y update\r\n");
            var job = Assert.Single(CrontabReader.ReadFile(path, NullDiagnostics.Instance));
            Assert.Equal("ec2-user", job.User);
            Assert.Equal("sudo yum -y update", job.Command);

            var diag = new CollectingDiagnostics();
            Assert.Empty(CrontabReader.ReadFile(Path.Combine(dir, "missing"), diag));
            Assert.Equal(ErrorIds.FileNotFound, Assert.Single(diag.Errors).ErrorId);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(dir)!)!, recursive: true);
        }
    }
}
