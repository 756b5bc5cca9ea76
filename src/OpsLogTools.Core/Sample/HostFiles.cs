namespace OpsLogTools.Core.Sample;

/// <summary>Configuration files of the host that explain its logs: /etc/crontab and /etc/cron.d.</summary>
internal static class HostFiles
{
    public static IEnumerable<LogFileBuffer> Crontabs(UpdatePlan updates, bool yumCron)
    {
        var crontab = new LogFileBuffer("etc/crontab", "Crontab", gzip: false);
        foreach (var line in new[]
        {
            "SHELL=/bin/bash",
            "PATH=/sbin:/bin:/usr/sbin:/usr/bin",
            "MAILTO=root",
            "",
            "# For details see man 4 crontabs",
            "",
            "# Example of job definition:",
            "# .---------------- minute (0 - 59)",
            "# |  .------------- hour (0 - 23)",
            "# |  |  .---------- day of month (1 - 31)",
            "# |  |  |  .------- month (1 - 12) OR jan,feb,mar,apr ...",
            "# |  |  |  |  .---- day of week (0 - 6) (Sunday=0 or 7) OR sun,mon,tue,wed,thu,fri,sat",
            "# |  |  |  |  |",
            "# *  *  *  *  * user-name  command to be executed",
            "",
        }) crontab.WriteLine(line);
        if (yumCron && updates.NightlyCron) crontab.WriteLine($"{updates.CronExpression} root yum -y update");
        yield return crontab;

        var sysstat = new LogFileBuffer("etc/cron.d/sysstat", "Crontab", gzip: false);
        sysstat.WriteLine("# Run system activity accounting tool every 10 minutes");
        sysstat.WriteLine("*/10 * * * * root /usr/lib64/sa/sa1 1 1");
        sysstat.WriteLine("# 0 * * * * root /usr/lib64/sa/sa1 600 6 &");
        sysstat.WriteLine("# Generate a daily summary of process accounting at 23:53");
        sysstat.WriteLine("53 23 * * * root /usr/lib64/sa/sa2 -A");
        yield return sysstat;

        var hourly = new LogFileBuffer("etc/cron.d/0hourly", "Crontab", gzip: false);
        hourly.WriteLine("# Run the hourly jobs");
        hourly.WriteLine("SHELL=/bin/bash");
        hourly.WriteLine("PATH=/sbin:/bin:/usr/sbin:/usr/bin");
        hourly.WriteLine("MAILTO=root");
        hourly.WriteLine("01 * * * * root run-parts /etc/cron.hourly");
        yield return hourly;
    }
}
