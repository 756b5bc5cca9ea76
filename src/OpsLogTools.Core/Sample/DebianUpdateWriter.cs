namespace OpsLogTools.Core.Sample;

/// <summary>
/// Package updates on the Debian host (Debian 12, apt 2.6, unattended-upgrades 2.9): every morning
/// <c>apt-daily-upgrade.timer</c> (<see cref="OnCalendar"/>, up to <see cref="RandomizedDelay"/> later) starts
/// apt-daily-upgrade.service, whose unattended-upgrades writes its log, and on the nights with updates an apt record
/// (<c>Commandline: /usr/bin/unattended-upgrade</c>) and dpkg's lines; the incident night's run updates tzdata, libc6 and
/// rsyslog while the displaced clock is still stamping (rsyslog's restart ends it). The admin's daytime
/// <c>sudo apt install -y jq</c> is a manual record with Requested-By. Times of apt, dpkg and unattended-upgrades are true
/// local time.
/// </summary>
internal sealed class DebianUpdateWriter
{
    /// <summary>Debian 12's apt-daily-upgrade.timer, as apt 2.6.1 installs it.</summary>
    public const string OnCalendar = "*-*-* 6:00";
    public static readonly TimeSpan RandomizedDelay = TimeSpan.FromMinutes(60);
    public const string TimerPath = "lib/systemd/system/apt-daily-upgrade.timer";
    public const string ServiceDescription = "Daily apt upgrade and clean activities";
    public const string ManualCommand = "/usr/bin/apt install -y jq";
    public const string ManualUser = "ec2-user";

    private readonly GeneratorContext _ctx;
    private readonly HostLog _log;
    private readonly HostEvents _events;
    private readonly Random _rng;

    public DebianUpdateWriter(GeneratorContext ctx, HostLog log, HostEvents events)
    {
        _ctx = ctx;
        _log = log;
        _events = events;
        _rng = ctx.Rng(37);
    }

    /// <summary>The incident night's unattended upgrade (bookworm point-release and security updates).</summary>
    public static IReadOnlyList<PackageChange> IncidentNight { get; } =
    [
        PackageChange.DebUpgraded("tzdata", "all", "2024a-0+deb12u1", "2024b-0+deb12u1"),
        PackageChange.DebUpgraded("libc6", "amd64", "2.36-9+deb12u7", "2.36-9+deb12u8"),
        PackageChange.DebUpgraded("libc-bin", "amd64", "2.36-9+deb12u7", "2.36-9+deb12u8"),
        PackageChange.DebUpgraded("libssl3", "amd64", "3.0.13-1~deb12u1", "3.0.14-1~deb12u1"),
        PackageChange.DebUpgraded("rsyslog", "amd64", "8.2302.0-1", "8.2302.0-1+deb12u1"),
    ];

    /// <summary>Unrelated updates a few nights earlier.</summary>
    public static IReadOnlyList<PackageChange> Earlier { get; } =
    [
        PackageChange.DebUpgraded("libcurl4", "amd64", "7.88.1-10+deb12u6", "7.88.1-10+deb12u7"),
        PackageChange.DebUpgraded("curl", "amd64", "7.88.1-10+deb12u6", "7.88.1-10+deb12u7"),
    ];

    /// <summary>jq and its dependencies, in apt's Install order.</summary>
    public static IReadOnlyList<PackageChange> Manual { get; } =
    [
        PackageChange.DebInstalled("jq", "amd64", "1.6-2.1"),
        PackageChange.DebInstalled("libjq1", "amd64", "1.6-2.1"),
        PackageChange.DebInstalled("libonig5", "amd64", "6.9.8-1"),
    ];

    /// <summary>The timer unit's text.</summary>
    public static IEnumerable<string> TimerUnit() =>
    [
        "[Unit]",
        $"Description={ServiceDescription}",
        "After=apt-daily.timer",
        "",
        "[Timer]",
        $"OnCalendar={OnCalendar}",
        "RandomizedDelaySec=60m",
        "Persistent=true",
        "",
        "[Install]",
        "WantedBy=timers.target",
    ];

    /// <summary>The rsyslog version the incident night installs.</summary>
    public static string RsyslogVersion => IncidentNight.First(p => p.Name == "rsyslog").DebianVersion;

    public void Write()
    {
        var plan = _ctx.S.Updates;
        var elapses = _ctx.Days().Select(d => _ctx.Local(d.Date + new TimeSpan(6, 0, 0))).ToList();
        var incidentNight = elapses.FirstOrDefault(e => e > _ctx.IncidentStart);
        // By local date: across a daylight-saving change, 06:00 four days earlier is not the same offset.
        var earlierDay = _ctx.ToLocal(incidentNight).Date.AddDays(-plan.EarlierRunNightsBefore);
        var earlierNight = plan.EarlierRunNightsBefore > 0 ? elapses.FirstOrDefault(e => _ctx.ToLocal(e).Date == earlierDay) : DateTimeOffset.MinValue;
        foreach (var elapse in elapses)
        {
            var start = elapse + TimeSpan.FromSeconds(_rng.Next(1, (int)RandomizedDelay.TotalSeconds - 300));
            var packages = elapse == incidentNight ? IncidentNight : elapse == earlierNight ? Earlier : [];
            TimerRun(elapse, start, packages);
        }

        if (plan.ManualInstall)
        {
            var at = HostLog.Truncate(_ctx.At(plan.ManualInstallAt));
            if (_ctx.InLogs(at))
            {
                var lead = TimeSpan.FromSeconds(_rng.Next(60, 150));
                var sudo = _events.AdminSession(at - lead, [(lead, ManualCommand)], lead + TimeSpan.FromSeconds(_rng.Next(180, 400)));
                var run = new PlannedUpdateRun { Schedule = "Manual", CommandAt = at, CommandRecord = sudo[0] };
                Apt(run, at.AddSeconds(_rng.Next(2, 5)), "apt install -y jq", $"{ManualUser} (1000)", ManualUser, "Manual", null, Manual);
            }
        }
        _log.UpdateRuns.Sort((a, b) => a.CommandAt.CompareTo(b.CommandAt));
    }

    private void TimerRun(DateTimeOffset elapse, DateTimeOffset start, IReadOnlyList<PackageChange> packages)
    {
        if (!_ctx.InLogs(elapse) || !_ctx.InLogs(start.AddMinutes(5))) return;
        var starting = _log.Add(start, SyslogFile.Messages, "systemd", null, $"Starting apt-daily-upgrade.service - {ServiceDescription}...");
        var t = start.AddMilliseconds(_rng.Next(900, 1900));
        Unattended(t, "INFO Starting unattended upgrades script");
        Unattended(t.AddMilliseconds(4), "INFO Allowed origins are: origin=Debian,codename=bookworm,label=Debian, origin=Debian,codename=bookworm,label=Debian-Security, origin=Debian,codename=bookworm-security,label=Debian-Security");
        Unattended(t.AddMilliseconds(6), "INFO Initial blacklist: ");
        Unattended(t.AddMilliseconds(8), "INFO Initial whitelist (not strict): ");
        t = t.AddSeconds(_rng.Next(2, 5));
        if (packages.Count == 0)
        {
            Unattended(t, "INFO No packages found that can be upgraded unattended and no pending auto-removals");
        }
        else
        {
            Unattended(t, "INFO Packages that will be upgraded: " + string.Join(' ', packages.Select(p => p.Name).Order(StringComparer.Ordinal)));
            Unattended(t.AddMilliseconds(3), "INFO Writing dpkg log to /var/log/unattended-upgrades/unattended-upgrades-dpkg.log");
            var run = new PlannedUpdateRun { Schedule = "apt-daily-upgrade.timer", CommandAt = HostLog.Truncate(start), CommandRecord = starting };
            var end = Apt(run, HostLog.Truncate(t).AddSeconds(1), "/usr/bin/unattended-upgrade", null, null, "SystemdTimer", elapse, packages);
            t = end.AddMilliseconds(_rng.Next(200, 900));
            Unattended(t, "INFO All upgrades installed");
        }
        var done = HostLog.Truncate(t).AddSeconds(1);
        _log.Add(done, SyslogFile.Messages, "systemd", null, "apt-daily-upgrade.service: Deactivated successfully.");
        _log.Add(done, SyslogFile.Messages, "systemd", null, $"Finished apt-daily-upgrade.service - {ServiceDescription}.");
    }

    /// <summary>One apt record from <paramref name="start"/> (whole seconds) with dpkg's lines inside it; returns its End-Date.</summary>
    private DateTimeOffset Apt(PlannedUpdateRun run, DateTimeOffset start, string commandLine, string? requestedBy, string? user, string trigger,
        DateTimeOffset? elapse, IReadOnlyList<PackageChange> packages)
    {
        var t = start.AddSeconds(1);
        Dpkg(t, "startup archives unpack");
        foreach (var p in packages)
        {
            t = t.AddSeconds(_rng.Next(1, 3));
            string old = p.FromVersion ?? "<none>";
            Dpkg(t, $"{(p.FromVersion is null ? "install" : "upgrade")} {p.Name}:{p.Arch} {old} {p.DebianVersion}");
            Dpkg(t, $"status half-installed {p.Name}:{p.Arch} {old}");
            Dpkg(t, $"status unpacked {p.Name}:{p.Arch} {p.DebianVersion}");
        }
        t = t.AddSeconds(1);
        Dpkg(t, "startup packages configure");
        foreach (var p in packages)
        {
            t = t.AddSeconds(_rng.Next(1, p.Name == "tzdata" ? 6 : 3));
            Dpkg(t, $"configure {p.Name}:{p.Arch} {p.DebianVersion} <none>");
            Dpkg(t, $"status half-configured {p.Name}:{p.Arch} {p.DebianVersion}");
            Dpkg(t, $"status installed {p.Name}:{p.Arch} {p.DebianVersion}");
            run.Packages.Add((t, p));
            if (p.Name == "rsyslog")
            {
                _events.RestartRsyslog(t.AddSeconds(1), p.DebianVersion);
                run.RestartedRsyslog = true;
            }
        }
        var end = t.AddSeconds(1);
        run.Apt = new AptRecord { Start = start, End = end, CommandLine = commandLine, RequestedBy = requestedBy, User = user, Trigger = trigger, TimerElapse = elapse };
        _log.UpdateRuns.Add(run);
        return end;
    }

    private void Dpkg(DateTimeOffset t, string text)
    {
        if (_ctx.InLogs(t)) _log.DpkgLines.Add((t, text));
    }

    private void Unattended(DateTimeOffset t, string text)
    {
        if (_ctx.InLogs(t)) _log.UnattendedLines.Add((t, text));
    }
}
