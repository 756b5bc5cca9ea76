namespace OpsLogTools.Core.Sample;

/// <summary>
/// What <see cref="IncidentGenerator"/> writes. The defaults reproduce the seed incident (an Amazon Linux 2
/// host in JST behind CloudFront, httpd dying at 21:10 on 19 July 2022, rsyslog stamping months early until
/// the 03:00 yum run); every planted thing can be switched off or moved. All times of day are the host's
/// local time in <see cref="HostZone"/>; relative times count from <see cref="IncidentStart"/>.
/// </summary>
public sealed record IncidentScenario
{
    /// <summary>Seed of every random choice (addresses, jitter, PIDs, request ids). Same seed, same bytes.</summary>
    public int Seed { get; init; } = 20220719;

    /// <summary>When httpd starts failing, as a wall-clock time on the host (its <see cref="DateTime.Kind"/> is ignored).</summary>
    public DateTime IncidentStart { get; init; } = new(2022, 7, 19, 21, 10, 0, DateTimeKind.Unspecified);

    /// <summary>The host's UTC offset (fixed; the sample host has no daylight saving). Ignored when <see cref="HostTimeZone"/> is set.</summary>
    public TimeSpan HostZone { get; init; } = TimeSpan.FromHours(9);

    /// <summary>
    /// The host's zone with its daylight-saving rules, as an IANA id (<c>America/New_York</c>, <c>Australia/Sydney</c>):
    /// every local stamp, Apache's <c>%z</c> included, then takes the offset in force at its moment. Null: the fixed
    /// <see cref="HostZone"/>.
    /// </summary>
    public string? HostTimeZone { get; init; }

    /// <summary>
    /// Whether prometheus writes its own UTC clock (<c>ts=...Z</c>, logfmt) into <c>messages</c> every quarter hour: the
    /// printed clock that shows the host's zone when no file carries an offset.
    /// </summary>
    public bool PrometheusPrintsUtc { get; init; }

    /// <summary>The host name written in syslog lines; null picks <c>ip-172-26-x-y</c> from the seed.</summary>
    public string? HostName { get; init; }

    /// <summary>Days between the last log rotation (03:xx that morning) and the incident day; the current files start there.</summary>
    public int DaysBefore { get; init; } = 2;

    /// <summary>Rotated generations kept (weekly, dateext): the newest plain, older ones gzipped.</summary>
    public int RotatedFiles { get; init; } = 2;

    /// <summary>Hours of logs before the oldest rotation (the start of the oldest rotated file).</summary>
    public int HistoryHours { get; init; } = 6;

    /// <summary>Time of day, on the morning after the incident, at which the logs end (when they were copied off).</summary>
    public TimeSpan MorningEnd { get; init; } = new(10, 30, 0);

    /// <summary>The site's host name (CloudFront's <c>x-host-header</c>).</summary>
    public string SiteHost { get; init; } = "www.example.com";

    /// <summary>CloudFront distribution id (the log file prefix).</summary>
    public string DistributionId { get; init; } = "E2EXAMPLE1ABCD";

    /// <summary>The distribution's domain (CloudFront's <c>cs(Host)</c>).</summary>
    public string DistributionDomain { get; init; } = "d1a2b3c4example.cloudfront.net";

    /// <summary>Whether the origin's access log format appends <c>"%{X-Forwarded-For}i"</c> (the viewer address CloudFront adds).</summary>
    public bool OriginLogsForwardedFor { get; init; }

    /// <summary>sshd connection attempts per hour from the internet's background noise (secure's usual rate). An internet-facing sshd sees dozens an hour; 12 keeps the sample small while a two-hour hole in secure stays detectable from its own rate.</summary>
    public double SshAttemptsPerHour { get; init; } = 12;

    /// <summary>Ordinary visitors.</summary>
    public VisitorPlan Visitors { get; init; } = new();

    /// <summary>The wrong clock of the seed.</summary>
    public StampRunPlant DisplacedClock { get; init; } = StampRunPlant.SeedDisplacedClock;

    /// <summary>A whole-hours shift (an alternative to <see cref="DisplacedClock"/>; they must not overlap).</summary>
    public StampRunPlant TimeZoneShift { get; init; } = StampRunPlant.SeedTimeZoneShift;

    /// <summary>What chronyd writes about the clock (off: the seed's chronyd is quiet).</summary>
    public ClockWitnessPlan ClockWitnesses { get; init; } = new();

    /// <summary>An SSH password-guessing attack in secure, ending in a login or not (off by default).</summary>
    public SshAttackPlan SshAttack { get; init; } = new();

    /// <summary>Lines cut from one file.</summary>
    public MissingLinesPlant MissingLines { get; init; } = new();

    /// <summary>NUL bytes in messages.</summary>
    public NulRunPlant NulTail { get; init; } = new();

    /// <summary>httpd failing and dying.</summary>
    public OutagePlant Outage { get; init; } = new();

    /// <summary>
    /// The distribution: <see cref="Sample.HostFamily.AmazonLinux2"/> (the seed, yum from cron) or
    /// <see cref="Sample.HostFamily.Debian"/> (apt and dpkg, unattended-upgrades from its systemd timer) or
    /// <see cref="Sample.HostFamily.AmazonLinux2023"/> (dnf-automatic from its timer; no rsyslog, the journal instead). A
    /// Debian host's rsyslog writes Debian's files: <c>syslog</c> (cron's lines in it), <c>auth.log</c>, <c>kern.log</c>,
    /// rotated as <c>syslog.1</c>, <c>syslog.2.gz</c>.
    /// </summary>
    public HostFamily HostFamily { get; init; } = HostFamily.AmazonLinux2;

    /// <summary>Nightly and manual yum runs (the Amazon Linux 2 host; a Debian host takes its hour-free timer and only <see cref="UpdatePlan.ManualInstallAt"/> and <see cref="UpdatePlan.ManualInstall"/>).</summary>
    public UpdatePlan Updates { get; init; } = new();

    /// <summary>The WordPress prober.</summary>
    public WordPressProberPlan WordPressProber { get; init; } = new();

    /// <summary>The sensitive-file scanner.</summary>
    public SensitiveFileScanPlan SensitiveFileScan { get; init; } = new();

    /// <summary>The search-engine crawler.</summary>
    public CrawlerPlan Crawler { get; init; } = new();

    /// <summary>Readers of the page whose name contains "wordpress".</summary>
    public LegitimateReadersPlan LegitimateReaders { get; init; } = new();

    /// <summary>The seed incident with every plant at its default.</summary>
    public static IncidentScenario Default { get; } = new();

    /// <summary>
    /// A host with nothing wrong in its logs: no displaced or shifted stamps, no cut, no NULs, no outage.
    /// Bots, visitors and the nightly updates (with their rsyslog restart) still happen.
    /// </summary>
    public static IncidentScenario NothingPlanted(int seed) => new()
    {
        Seed = seed,
        DisplacedClock = StampRunPlant.Off,
        TimeZoneShift = StampRunPlant.Off,
        MissingLines = new MissingLinesPlant { Enabled = false },
        NulTail = new NulRunPlant { Enabled = false },
        Outage = new OutagePlant { Enabled = false },
    };
}
