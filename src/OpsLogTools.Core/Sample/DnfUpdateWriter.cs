using System.Globalization;

namespace OpsLogTools.Core.Sample;

/// <summary>
/// Package updates on the Amazon Linux 2023 host (dnf 4.14, libdnf 0.69): every morning <c>dnf-automatic.timer</c>
/// elapses (<see cref="OnCalendar"/>, or the drop-in's time when <see cref="UpdatePlan.DnfTimerAt"/> is set) and systemd
/// starts dnf-automatic.service up to <see cref="RandomizedDelay"/> later; dnf writes dnf.log and hawkey.log each time,
/// and on the nights with updates its transaction goes to dnf.rpm.log (<c>Upgrade:</c> the new package, then
/// <c>Upgraded:</c> the old one leaving) and dnf-automatic prints what it applied (stdout, so the journal). The admin's
/// daytime <c>sudo dnf install -y jq</c> is a manual run with dnf.log's <c>Command:</c> line. dnf stamps local time with
/// its offset (dnf 4.4 and later).
/// </summary>
internal sealed class DnfUpdateWriter
{
    /// <summary>dnf-automatic.timer as dnf 4 installs it (<c>etc/systemd/dnf-automatic.timer</c> of rpm-software-management/dnf).</summary>
    public const string OnCalendar = "*-*-* 6:00";
    public static readonly TimeSpan RandomizedDelay = TimeSpan.FromMinutes(60);
    public const string TimerPath = "usr/lib/systemd/system/dnf-automatic.timer";
    public const string ServicePath = "usr/lib/systemd/system/dnf-automatic.service";
    public const string DropInPath = "etc/systemd/system/dnf-automatic.timer.d/override.conf";
    public const string ServiceDescription = "dnf automatic";
    public const string ManualCommand = "/usr/bin/dnf install -y jq";
    public const string ManualUser = "ec2-user";
    public const string AutomaticCommand = "dnf-automatic";

    private readonly GeneratorContext _ctx;
    private readonly HostLog _log;
    private readonly HostEvents _events;
    private readonly Random _rng;

    public DnfUpdateWriter(GeneratorContext ctx, HostLog log, HostEvents events)
    {
        _ctx = ctx;
        _log = log;
        _events = events;
        _rng = ctx.Rng(41);
    }

    /// <summary>The incident night's updates (AL2023 security and bug-fix updates of 2024), with the versions they replace.</summary>
    public static IReadOnlyList<PackageChange> IncidentNight { get; } =
    [
        Upgraded("tzdata", "2024a", "1.amzn2023.0.1", "2023c", "1.amzn2023.0.1", "noarch"),
        Upgraded("glibc-common", "2.34", "52.amzn2023.0.10", "2.34", "52.amzn2023.0.8"),
        Upgraded("glibc-minimal-langpack", "2.34", "52.amzn2023.0.10", "2.34", "52.amzn2023.0.8"),
        Upgraded("glibc", "2.34", "52.amzn2023.0.10", "2.34", "52.amzn2023.0.8"),
        Upgraded("openssl-libs", "3.0.8", "1.amzn2023.0.12", "3.0.8", "1.amzn2023.0.11", epoch: 1),
        Upgraded("httpd-core", "2.4.62", "1.amzn2023", "2.4.58", "1.amzn2023"),
        Upgraded("httpd", "2.4.62", "1.amzn2023", "2.4.58", "1.amzn2023"),
        PackageChange.Installed("kernel6.1", "6.1.102", "108.177.amzn2023"),
    ];

    /// <summary>Unrelated updates a few nights earlier.</summary>
    public static IReadOnlyList<PackageChange> Earlier { get; } =
    [
        Upgraded("libcurl-minimal", "8.5.0", "1.amzn2023.0.4", "8.5.0", "1.amzn2023.0.2"),
        Upgraded("curl-minimal", "8.5.0", "1.amzn2023.0.4", "8.5.0", "1.amzn2023.0.2"),
    ];

    /// <summary>jq and its dependency, in dnf's order.</summary>
    public static IReadOnlyList<PackageChange> Manual { get; } =
    [
        PackageChange.Installed("oniguruma", "6.9.7", "1.amzn2023.0.3"),
        PackageChange.Installed("jq", "1.7.1", "49.amzn2023.0.2"),
    ];

    private static PackageChange Upgraded(string name, string version, string release, string fromVersion, string fromRelease, string arch = "x86_64", int? epoch = null) =>
        PackageChange.Updated(name, version, release, arch, epoch) with { FromVersion = $"{fromVersion}-{fromRelease}" };

    /// <summary>The package as dnf writes it: <c>name-[epoch:]version-release.arch</c>.</summary>
    public static string Nevra(PackageChange p, string versionRelease) =>
        p.Epoch is { } e ? string.Create(CultureInfo.InvariantCulture, $"{p.Name}-{e}:{versionRelease}.{p.Arch}") : $"{p.Name}-{versionRelease}.{p.Arch}";

    /// <summary>The timer unit's text.</summary>
    public static IEnumerable<string> TimerUnit() =>
    [
        "[Unit]",
        "Description=dnf-automatic timer",
        "# See comment in dnf-makecache.service",
        "ConditionPathExists=!/run/ostree-booted",
        "Wants=network-online.target",
        "",
        "[Timer]",
        $"OnCalendar={OnCalendar}",
        "RandomizedDelaySec=60m",
        "Persistent=true",
        "",
        "[Install]",
        "WantedBy=timers.target",
    ];

    /// <summary>The service unit's text.</summary>
    public static IEnumerable<string> ServiceUnit() =>
    [
        "[Unit]",
        $"Description={ServiceDescription}",
        "# See comment in dnf-makecache.service",
        "ConditionPathExists=!/run/ostree-booted",
        "After=network-online.target",
        "",
        "[Service]",
        "Type=oneshot",
        "Nice=19",
        "IOSchedulingClass=2",
        "IOSchedulingPriority=7",
        "Environment=\"ABRT_IGNORE_PYTHON=1\"",
        "ExecStart=/usr/bin/dnf-automatic /etc/dnf/automatic.conf --timer",
    ];

    /// <summary>The drop-in <c>systemctl edit dnf-automatic.timer</c> writes to move the run (null without one).</summary>
    public static IEnumerable<string>? DropIn(UpdatePlan plan) => plan.DnfTimerAt is not { } at ? null :
    [
        "[Timer]",
        "OnCalendar=",
        "OnCalendar=" + EffectiveOnCalendar(plan),
    ];

    /// <summary>The OnCalendar expression in force (the drop-in's, else the unit's).</summary>
    public static string EffectiveOnCalendar(UpdatePlan plan) =>
        plan.DnfTimerAt is { } at ? string.Create(CultureInfo.InvariantCulture, $"*-*-* {at.Hours:00}:{at.Minutes:00}") : OnCalendar;

    public void Write()
    {
        var plan = _ctx.S.Updates;
        var at = plan.DnfTimerAt ?? new TimeSpan(6, 0, 0);
        string onCalendar = EffectiveOnCalendar(plan);
        var elapses = _ctx.Days().Select(d => _ctx.Local(d.Date + at)).ToList();
        var incidentNight = elapses.FirstOrDefault(e => e > _ctx.IncidentStart);
        // By local date: across a daylight-saving change, the same time four days earlier is not the same offset.
        var earlierDay = _ctx.ToLocal(incidentNight).Date.AddDays(-plan.EarlierRunNightsBefore);
        var earlierNight = plan.EarlierRunNightsBefore > 0 ? elapses.FirstOrDefault(e => _ctx.ToLocal(e).Date == earlierDay) : DateTimeOffset.MinValue;
        foreach (var elapse in elapses)
        {
            var start = HostLog.Truncate(elapse + TimeSpan.FromSeconds(_rng.Next(1, (int)RandomizedDelay.TotalSeconds - 300)));
            var packages = elapse == incidentNight ? IncidentNight : elapse == earlierNight ? Earlier : [];
            TimerRun(elapse, start, packages, onCalendar);
        }

        if (plan.ManualInstall)
        {
            var t = HostLog.Truncate(_ctx.At(plan.ManualInstallAt));
            if (_ctx.InLogs(t))
            {
                var lead = TimeSpan.FromSeconds(_rng.Next(60, 150));
                var sudo = _events.AdminSession(t - lead, [(lead, ManualCommand)], lead + TimeSpan.FromSeconds(_rng.Next(180, 400)));
                var run = new PlannedUpdateRun { Schedule = "Manual", CommandAt = t, CommandRecord = sudo[0] };
                run.Dnf = new DnfRecord { Trigger = "Manual", Command = ManualCommand, User = ManualUser };
                var d = t.AddSeconds(1);
                DnfStart(d, "install -y jq");
                Transaction(run, d.AddSeconds(_rng.Next(6, 15)), Manual);
            }
        }
        _log.UpdateRuns.Sort((a, b) => a.CommandAt.CompareTo(b.CommandAt));
    }

    private void TimerRun(DateTimeOffset elapse, DateTimeOffset start, IReadOnlyList<PackageChange> packages, string onCalendar)
    {
        if (!_ctx.InLogs(elapse) || !_ctx.InLogs(start.AddMinutes(5))) return;
        var starting = _log.Add(start, SyslogFile.Messages, "systemd", null, $"Starting dnf-automatic.service - {ServiceDescription}...");
        var t = start.AddSeconds(_rng.Next(1, 3));
        DnfStart(t, null);
        var automatic = _ctx.Pids.New(start);
        t = t.AddSeconds(_rng.Next(8, 40));
        if (packages.Count > 0)
        {
            var run = new PlannedUpdateRun { Schedule = "dnf-automatic.timer", CommandAt = start, CommandRecord = starting };
            run.Dnf = new DnfRecord { Trigger = "SystemdTimer", Command = AutomaticCommand, TimerElapse = elapse, OnCalendar = onCalendar };
            t = Transaction(run, t, packages).AddSeconds(1);
            // emit_via = stdio: what was applied goes to the journal, one entry a line.
            foreach (var line in Applied(packages, t)) _log.Add(t, SyslogFile.Messages, "dnf-automatic", automatic, line);
        }
        t = t.AddSeconds(1);
        _log.Add(t, SyslogFile.Messages, "systemd", null, "dnf-automatic.service: Deactivated successfully.");
        _log.Add(t, SyslogFile.Messages, "systemd", null, $"Finished dnf-automatic.service - {ServiceDescription}.");
    }

    /// <summary>dnf's first lines: the markers in dnf.log and dnf.rpm.log, libdnf's in hawkey.log; <c>Command:</c> for the CLI.</summary>
    private void DnfStart(DateTimeOffset t, string? cliArguments)
    {
        Dnf(t, "dnf.log", "INFO", "--- logging initialized ---");
        Dnf(t, "dnf.rpm.log", "INFO", "--- logging initialized ---");
        Dnf(t, "dnf.log", "DDEBUG", "timer: config: " + _rng.Next(2, 9).ToString(CultureInfo.InvariantCulture) + " ms");
        Dnf(t, "dnf.log", "DEBUG", "Loaded plugins: builddep, changelog, config-manager, copr, debug, debuginfo-install, download, generate_completion_cache, groups-manager, needs-restarting, playground, release-notes, repoclosure, repodiff, repograph, repomanage, reposync, supportinfo, system-upgrade");
        if (cliArguments is null)
        {
            // dnf-automatic runs dnf as a library: no Command: line, its own two instead.
            Dnf(t, "dnf.log", "DEBUG", "Started dnf-automatic.");
            Dnf(t, "dnf.log", "DEBUG", "Sleep for 0 seconds");
        }
        else
        {
            Dnf(t, "dnf.log", "DEBUG", "DNF version: 4.14.0");
            Dnf(t, "dnf.log", "DDEBUG", "Command: dnf " + cliArguments);
            Dnf(t, "dnf.log", "DDEBUG", "Installroot: /");
            Dnf(t, "dnf.log", "DDEBUG", "Releasever: 2023.5.20240708");
            Dnf(t, "dnf.log", "DEBUG", "cachedir: /var/cache/dnf");
            Dnf(t, "dnf.log", "DDEBUG", "Base command: " + cliArguments.Split(' ')[0]);
            Dnf(t, "dnf.log", "DDEBUG", "Extra commands: [" + string.Join(", ", cliArguments.Split(' ').Select(a => $"'{a}'")) + "]");
        }
        Dnf(t.AddSeconds(1), "hawkey.log", "INFO", "=== Started libdnf-0.69.0 ===");
        Dnf(t.AddSeconds(2), "dnf.log", "DEBUG", "Amazon Linux 2023 repository                     " + _rng.Next(20, 60).ToString(CultureInfo.InvariantCulture) + " MB/s |  25 MB     00:00");
        Dnf(t.AddSeconds(3), "dnf.log", "DDEBUG", "timer: sack setup: " + _rng.Next(300, 1900).ToString(CultureInfo.InvariantCulture) + " ms");
    }

    /// <summary>One rpm transaction from <paramref name="t"/>: dnf.log's steps, dnf.rpm.log's package lines; returns its last line's time.</summary>
    private DateTimeOffset Transaction(PlannedUpdateRun run, DateTimeOffset t, IReadOnlyList<PackageChange> packages)
    {
        Dnf(t, "dnf.log", "INFO", "Dependencies resolved.");
        Dnf(t, "dnf.log", "INFO", "Running transaction check");
        Dnf(t, "dnf.log", "INFO", "Transaction check succeeded.");
        Dnf(t, "dnf.log", "INFO", "Running transaction test");
        Dnf(t.AddSeconds(1), "dnf.log", "INFO", "Transaction test succeeded.");
        Dnf(t.AddSeconds(1), "dnf.log", "INFO", "Running transaction");
        t = t.AddSeconds(2);
        (DateTimeOffset, string)? first = null, last = null;
        foreach (var p in packages)
        {
            string verb = p.FromVersion is null ? "Installed" : "Upgrade";
            string text = $"{verb}: {Nevra(p, $"{p.Version}-{p.Release}")}";
            Dnf(t, "dnf.rpm.log", "SUBDEBUG", text);
            first ??= (t, text);
            last = (t, text);
            run.Packages.Add((t, p));
            if (p.Name == "httpd") _events.HttpdUpdated(t, p.Version);
            t = t.AddSeconds(p.Name.StartsWith("kernel", StringComparison.Ordinal) ? _rng.Next(14, 22) : _rng.Next(1, 4));
        }
        foreach (var p in packages.Where(p => p.FromVersion is not null))
        {
            string text = $"Upgraded: {Nevra(p, p.FromVersion!)}";
            Dnf(t, "dnf.rpm.log", "SUBDEBUG", text);
            last = (t, text);
            t = t.AddSeconds(_rng.Next(0, 2));
        }
        Dnf(t, "dnf.log", "DDEBUG", "timer: transaction: " + _rng.Next(4000, 30000).ToString(CultureInfo.InvariantCulture) + " ms");
        Dnf(t, "dnf.log", "DEBUG", "Completion plugin: Generating completion cache...");
        run.Dnf!.First = first!.Value;
        run.Dnf.Last = last!.Value;
        _log.UpdateRuns.Add(run);
        return last.Value.Item1;
    }

    /// <summary>dnf-automatic's stdio emitter: the applied message, the transaction table, the completion time (<c>%c</c>).</summary>
    private IEnumerable<string> Applied(IReadOnlyList<PackageChange> packages, DateTimeOffset t)
    {
        yield return $"The following updates have been applied on '{_ctx.HostName}':";
        yield return new string('=', 80);
        yield return " Package                     Arch      Version                      Repository      Size";
        yield return new string('=', 80);
        var installs = packages.Where(p => p.FromVersion is null).ToList();
        var upgrades = packages.Where(p => p.FromVersion is not null).ToList();
        if (installs.Count > 0) yield return "Installing:";
        foreach (var p in installs) yield return Row(p);
        if (upgrades.Count > 0) yield return "Upgrading:";
        foreach (var p in upgrades) yield return Row(p);
        yield return "Transaction Summary";
        yield return new string('=', 80);
        if (installs.Count > 0) yield return $"Install  {installs.Count} Package{(installs.Count == 1 ? "" : "s")}";
        if (upgrades.Count > 0) yield return $"Upgrade  {upgrades.Count} Package{(upgrades.Count == 1 ? "" : "s")}";
        // C locale's %c: the day of the month padded with a space.
        var local = _ctx.ToLocal(t);
        yield return "Updates completed at " + local.ToString("ddd MMM ", CultureInfo.InvariantCulture)
            + local.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) + local.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture);

        static string Row(PackageChange p) =>
            $" {p.Name,-27} {p.Arch,-9} {(p.Epoch is { } e ? $"{e}:" : "")}{p.Version}-{p.Release,-28} amazonlinux     1.2 M";
    }

    private void Dnf(DateTimeOffset t, string file, string level, string text)
    {
        if (_ctx.InLogs(t)) _log.DnfLines.Add((t, file, level, text));
    }
}
