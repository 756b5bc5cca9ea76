namespace OpsLogTools.Core.Sample;

/// <summary>
/// Package updates on the host: the nightly <c>yum -y update</c> from /etc/crontab, the runs that found
/// something to do, and an optional manual install in the daytime.
/// </summary>
public sealed record UpdatePlan
{
    /// <summary>Whether /etc/crontab carries the nightly update (and cron logs it every night).</summary>
    public bool NightlyCron { get; init; } = true;

    /// <summary>Hour of the nightly run (host local time).</summary>
    public int Hour { get; init; } = 3;

    /// <summary>Minute of the nightly run.</summary>
    public int Minute { get; init; }

    /// <summary>What the first nightly run after the incident start updates. Empty: nothing to do that night.</summary>
    public IReadOnlyList<PackageChange> IncidentNightPackages { get; init; } = DefaultIncidentNight;

    /// <summary>Nights before the incident night on which an earlier run updated unrelated packages; 0 for none.</summary>
    public int EarlierRunNightsBefore { get; init; } = 4;

    /// <summary>What the earlier run updates.</summary>
    public IReadOnlyList<PackageChange> EarlierRunPackages { get; init; } = DefaultEarlier;

    /// <summary>Whether the admin installs a package by hand in the daytime before the incident.</summary>
    public bool ManualInstall { get; init; } = true;

    /// <summary>When the manual install runs, relative to the incident start.</summary>
    public TimeSpan ManualInstallAt { get; init; } = new(-7, -12, 0);

    /// <summary>The command the admin runs through sudo, as sudo logs it.</summary>
    public string ManualCommand { get; init; } = "/bin/yum install -y jq";

    /// <summary>What the manual install writes to yum.log.</summary>
    public IReadOnlyList<PackageChange> ManualPackages { get; init; } = DefaultManual;

    /// <summary>The Apache version running before an update of the httpd package.</summary>
    public string HttpdVersionBefore { get; init; } = "2.4.53";

    /// <summary>
    /// The Amazon Linux 2023 host: the time of day a drop-in (<c>etc/systemd/system/dnf-automatic.timer.d/override.conf</c>,
    /// <c>OnCalendar=</c> then <c>OnCalendar=*-*-* HH:MM</c>) moves dnf-automatic.timer to; null keeps the unit's 6:00 and
    /// writes no drop-in.
    /// </summary>
    public TimeSpan? DnfTimerAt { get; init; }

    /// <summary>The cron expression of the nightly run, as written in /etc/crontab.</summary>
    public string CronExpression => $"{Minute} {Hour} * * *";

    /// <summary>tzdata, glibc, rsyslog, httpd and friends, openssl, a kernel: what AL2 shipped in July 2022.</summary>
    public static IReadOnlyList<PackageChange> DefaultIncidentNight { get; } =
    [
        PackageChange.Updated("tzdata", "2022a", "1.amzn2", "noarch"),
        PackageChange.Updated("glibc-common", "2.26", "60.amzn2"),
        PackageChange.Updated("glibc", "2.26", "60.amzn2"),
        PackageChange.Updated("apr", "1.7.0", "9.amzn2"),
        PackageChange.Updated("openssl-libs", "1.0.2k", "24.amzn2.0.4", epoch: 1),
        PackageChange.Updated("rsyslog", "8.24.0", "57.amzn2.2.0.1"),
        PackageChange.Updated("httpd-tools", "2.4.54", "1.amzn2"),
        PackageChange.Updated("httpd", "2.4.54", "1.amzn2"),
        PackageChange.Updated("mod_ssl", "2.4.54", "1.amzn2", epoch: 1),
        PackageChange.Installed("kernel", "4.14.287", "215.504.amzn2"),
    ];

    /// <summary>Unrelated updates a few nights earlier.</summary>
    public static IReadOnlyList<PackageChange> DefaultEarlier { get; } =
    [
        PackageChange.Updated("libcurl", "7.79.1", "4.amzn2.0.1"),
        PackageChange.Updated("curl", "7.79.1", "4.amzn2.0.1"),
        PackageChange.Updated("vim-data", "8.2.5172", "1.amzn2.0.1", "noarch", epoch: 2),
        PackageChange.Updated("vim-minimal", "8.2.5172", "1.amzn2.0.1", epoch: 2),
        PackageChange.Updated("ca-certificates", "2021.2.50", "72.amzn2.0.3", "noarch"),
    ];

    /// <summary>jq and its dependency.</summary>
    public static IReadOnlyList<PackageChange> DefaultManual { get; } =
    [
        PackageChange.Installed("oniguruma", "5.9.6", "1.amzn2.0.4"),
        PackageChange.Installed("jq", "1.5", "1.amzn2.0.2"),
    ];
}
