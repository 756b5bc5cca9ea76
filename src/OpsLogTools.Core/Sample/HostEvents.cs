using System.Globalization;

namespace OpsLogTools.Core.Sample;

/// <summary>
/// The host's story: yum runs (nightly from cron, and by hand), the rsyslog and httpd restarts they cause,
/// the admin's logins, the outage (OOM kills, httpd dying) and the restart next morning.
/// </summary>
internal sealed class HostEvents
{
    private readonly GeneratorContext _ctx;
    private readonly HostLog _log;
    private readonly HostBackground _background;
    private readonly Random _rng;
    private readonly List<(DateTimeOffset From, Numbered? Main, DateTimeOffset Started)> _httpd = new();
    private readonly List<(DateTimeOffset At, string Version)> _httpdPackages = new();
    private string _admin = "";
    private string _adminKey = "";

    public HostEvents(GeneratorContext ctx, HostLog log, HostBackground background)
    {
        _ctx = ctx;
        _log = log;
        _background = background;
        _rng = ctx.Rng(21);
    }

    public OutagePlan? Outage { get; private set; }
    public string AdminAddress => _admin;

    public void Write(AddressPool addresses)
    {
        _admin = addresses.JapanIpv4();
        var keyBytes = new byte[32];
        _rng.NextBytes(keyBytes);
        _adminKey = Convert.ToBase64String(keyBytes).TrimEnd('=');
        _httpd.Add((DateTimeOffset.MinValue, _ctx.Pids.New(_ctx.LogStart - TimeSpan.FromDays(23) + TimeSpan.FromSeconds(20)), DateTimeOffset.MinValue));

        // The outage first: whether an update restarts httpd depends on whether it is still running.
        if (_ctx.S.Outage.Enabled) WriteOutage();
        var updates = new UpdateWriter(_ctx, _log, _background, this);
        updates.Write();
        foreach (var rotation in _ctx.Rotations) ReloadHttpd(rotation.AddSeconds(1));
        DailyLookIns();
        // The stamp plants re-stamp rsyslog's files; the Amazon Linux 2023 host has none (its journal stamps true time).
        if (_ctx.S.HostFamily != HostFamily.AmazonLinux2023) ResolveStampPlants(updates);
    }

    /// <summary>httpd's main process at an instant (null while down) and when it started.</summary>
    public (Numbered? Main, DateTimeOffset Started) HttpdAt(DateTimeOffset t)
    {
        var current = _httpd[0];
        foreach (var h in _httpd)
            if (h.From <= t) current = h;
        return (current.Main, current.Started);
    }

    public bool HttpdUp(DateTimeOffset t) => HttpdAt(t).Main is not null;

    /// <summary>The Apache version installed at an instant (a running daemon keeps the one it started with).</summary>
    public string InstalledHttpd(DateTimeOffset t)
    {
        string v = _ctx.S.Updates.HttpdVersionBefore;
        foreach (var (at, version) in _httpdPackages)
            if (at <= t) v = version;
        return v;
    }

    private void SetHttpd(DateTimeOffset from, Numbered? main, DateTimeOffset started)
    {
        _httpd.Add((from, main, started));
        _httpd.Sort((a, b) => a.From.CompareTo(b.From));
    }

    /// <summary>The httpd package was updated at <paramref name="t"/>: running daemons keep the old code until a restart.</summary>
    public void HttpdUpdated(DateTimeOffset t, string version)
    {
        _httpdPackages.Add((t, version));
        // %postun does try-restart: a running httpd restarts, a failed one stays down.
        if (!HttpdUp(t)) return;
        var stop = t.AddSeconds(1);
        var main = HttpdAt(t).Main!;
        _log.Add(stop, SyslogFile.Messages, "systemd", null, "Stopping The Apache HTTP Server...");
        _log.Error(stop.AddTicks(1234), "mpm_prefork", "notice", main, () => "AH00169: caught SIGTERM, shutting down");
        _log.Add(stop.AddSeconds(1), SyslogFile.Messages, "systemd", null, "Stopped The Apache HTTP Server.");
        StartHttpd(stop.AddSeconds(1));
    }

    private void StartHttpd(DateTimeOffset t)
    {
        var main = _ctx.Pids.New(t);
        SetHttpd(t.AddSeconds(1), main, t);
        _log.Add(t, SyslogFile.Messages, "systemd", null, "Starting The Apache HTTP Server...");
        var us = TimeSpan.FromTicks(_rng.Next(1000, 3_000_000));
        _log.Error(t + us, "suexec", "notice", main, () => "AH01232: suEXEC mechanism enabled (wrapper: /usr/sbin/suexec)");
        _log.Error(t + us * 1.2, "lbmethod_heartbeat", "notice", main, () => "AH02282: No slotmem from mod_heartmonitor");
        _log.Error(t + us * 1.5, "mpm_prefork", "notice", main, () => $"AH00163: Apache/{InstalledHttpd(t)} () configured -- resuming normal operations");
        _log.Error(t + us * 1.5 + TimeSpan.FromTicks(170), "core", "notice", main, () => "AH00094: Command line: '/usr/sbin/httpd -D FOREGROUND'");
        _log.Add(t.AddSeconds(1), SyslogFile.Messages, "systemd", null, "Started The Apache HTTP Server.");
    }

    private void ReloadHttpd(DateTimeOffset t)
    {
        // logrotate's postrotate: systemctl reload httpd (a graceful restart; the main PID stays).
        var (main, started) = HttpdAt(t);
        if (main is null || !_ctx.InLogs(t)) return;
        _log.Add(t, SyslogFile.Messages, "systemd", null, "Reloading The Apache HTTP Server.");
        var us = TimeSpan.FromTicks(_rng.Next(1000, 2_000_000));
        _log.Error(t + us, "mpm_prefork", "notice", main, () => "AH00171: Graceful restart requested, doing restart");
        _log.Error(t + us * 1.3, "lbmethod_heartbeat", "notice", main, () => "AH02282: No slotmem from mod_heartmonitor");
        _log.Error(t + us * 1.6, "mpm_prefork", "notice", main, () => $"AH00163: Apache/{InstalledHttpd(started)} () configured -- resuming normal operations");
        _log.Error(t + us * 1.6 + TimeSpan.FromTicks(150), "core", "notice", main, () => "AH00094: Command line: '/usr/sbin/httpd -D FOREGROUND'");
        _log.Add(t, SyslogFile.Messages, "systemd", null, "Reloaded The Apache HTTP Server.");
    }

    /// <summary>rsyslog restarts at <paramref name="t"/>: the old daemon stamps the stop line, the new one the rest.</summary>
    public void RestartRsyslog(DateTimeOffset t, string version)
    {
        if (!_ctx.InLogs(t)) return;
        t = HostLog.Truncate(t);
        var pid = _ctx.Pids.New(t);
        _log.Add(t.AddSeconds(-1), SyslogFile.Messages, "systemd", null, "Stopping System Logging Service...");
        _log.Add(t, SyslogFile.Messages, "systemd", null, "Starting System Logging Service...");
        _log.Add(t, SyslogFile.Messages, "rsyslogd", null,
            () => $"[origin software=\"rsyslogd\" swVersion=\"{version}\" x-pid=\"{pid}\" x-info=\"http://www.rsyslog.com\"] start");
        _log.Add(t, SyslogFile.Messages, "systemd", null, "Started System Logging Service.");
        _ctx.RsyslogRestarts.Add(t);
        _ctx.RsyslogRestarts.Sort();
    }

    /// <summary>The admin logs in over ssh, runs commands through sudo, and leaves. Returns the sudo records.</summary>
    public List<SyslogRecord?> AdminSession(DateTimeOffset login, IReadOnlyList<(TimeSpan After, string Command)> commands, TimeSpan stay)
    {
        login = HostLog.Truncate(login);
        var sshd = _ctx.Pids.New(login);
        var session = _ctx.Sessions.New(login);
        int port = _rng.Next(49152, 65535);
        _log.Add(login, SyslogFile.Secure, "sshd", sshd, $"Accepted publickey for ec2-user from {_admin} port {port} ssh2: RSA SHA256:{_adminKey}");
        _log.Add(login, SyslogFile.Messages, "systemd", null, "Created slice User Slice of ec2-user.");
        _log.Add(login, SyslogFile.Messages, "systemd", null, () => $"Started Session {session} of user ec2-user.");
        _log.Add(login, SyslogFile.Messages, "systemd-logind", null, () => $"New session {session} of user ec2-user.");
        _log.Add(login, SyslogFile.Secure, "sshd", sshd, "pam_unix(sshd:session): session opened for user ec2-user by (uid=0)");
        var sudo = new List<SyslogRecord?>();
        foreach (var (after, command) in commands)
        {
            var t = login + after;
            sudo.Add(_log.Add(t, SyslogFile.Secure, "sudo", null, $"ec2-user : TTY=pts/0 ; PWD=/home/ec2-user ; USER=root ; COMMAND={command}"));
            _log.Add(t, SyslogFile.Secure, "sudo", null, "pam_unix(sudo:session): session opened for user root by ec2-user(uid=0)");
            _log.Add(t.AddSeconds(command.Contains("yum", StringComparison.Ordinal) ? 40 : 1), SyslogFile.Secure, "sudo", null, "pam_unix(sudo:session): session closed for user root");
        }
        var logout = login + stay;
        _log.Add(logout, SyslogFile.Secure, "sshd", sshd, $"Received disconnect from {_admin} port {port}:11: disconnected by user");
        _log.Add(logout, SyslogFile.Secure, "sshd", sshd, $"Disconnected from {_admin} port {port}");
        _log.Add(logout, SyslogFile.Secure, "sshd", sshd, "pam_unix(sshd:session): session closed for user ec2-user");
        _log.Add(logout, SyslogFile.Messages, "systemd-logind", null, () => $"Removed session {session}.");
        _log.Add(logout, SyslogFile.Messages, "systemd", null, "Removed slice User Slice of ec2-user.");
        return sudo;
    }

    private void DailyLookIns()
    {
        var rng = _ctx.Rng(22);
        foreach (var day in _ctx.Days())
        {
            var login = _ctx.Local(day + TimeSpan.FromMinutes(rng.Next(10 * 60, 17 * 60))).AddSeconds(rng.Next(0, 60));
            // Not on the incident day's evening nor while the admin is busy with the outage.
            if (Math.Abs((login - _ctx.IncidentStart).TotalHours) < 3 || Math.Abs((login - _ctx.At(_ctx.S.Updates.ManualInstallAt)).TotalHours) < 1) continue;
            if (_ctx.Up is { } up && Math.Abs((login - up).TotalHours) < 2) continue;
            string command = rng.Next(2) == 0 ? "/bin/tail -n 100 /var/log/httpd/error_log" : "/bin/df -h";
            AdminSession(login, [(TimeSpan.FromSeconds(rng.Next(30, 200)), command)], TimeSpan.FromSeconds(rng.Next(300, 1200)));
        }
    }

    private void WriteOutage()
    {
        var start = _ctx.IncidentStart;
        var down = _ctx.Down!.Value;
        var up = _ctx.Up!.Value;
        var (main, _) = HttpdAt(start);
        var plan = new OutagePlan { MaxRequestWorkers = start + TimeSpan.FromSeconds(_rng.Next(150, 260)) + TimeSpan.FromTicks(_rng.Next(0, 9_999_999)) };
        _log.Error(plan.MaxRequestWorkers, "mpm_prefork", "error", main!, () => "AH00161: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting");

        var span = down - start;
        for (int i = 0; i < 3; i++)
        {
            var at = start + span * (0.1 + 0.25 * i) + TimeSpan.FromSeconds(_rng.Next(0, 40)) + TimeSpan.FromTicks(_rng.Next(0, 9_999_999));
            var child = _ctx.Pids.New(at - TimeSpan.FromMinutes(3));
            _log.Error(at, "core", "notice", main!, () => $"AH00052: child pid {child} exit signal Segmentation fault (11)");
        }

        // Memory runs out: children are killed first, then the parent, which ends the service.
        var kills = new List<DateTimeOffset> { start + span * 0.45, start + span * 0.65, start + span * 0.85 };
        foreach (var k in kills)
        {
            var at = HostLog.Truncate(k + TimeSpan.FromSeconds(_rng.Next(0, 30)));
            var child = _ctx.Pids.New(at - TimeSpan.FromMinutes(_rng.Next(1, 4)));
            _log.Error(at - TimeSpan.FromSeconds(2) + TimeSpan.FromTicks(_rng.Next(0, 9_999_999)), "mpm_prefork", "error", main!,
                () => "(12)Cannot allocate memory: AH00159: fork: Unable to fork new process");
            OomKill(at, child);
            plan.OomKills.Add((at, child, false));
        }
        var mainKill = down.AddSeconds(-1);
        OomKill(mainKill, main!);
        plan.OomKills.Add((mainKill, main!, true));
        _log.Add(down, SyslogFile.Messages, "systemd", null, "httpd.service: main process exited, code=killed, status=9/KILL");
        _log.Add(down, SyslogFile.Messages, "systemd", null, "Unit httpd.service entered failed state.");
        _log.Add(down, SyslogFile.Messages, "systemd", null, "httpd.service failed.");
        SetHttpd(down, null, down);

        // Next morning the admin logs in, looks, and restarts it.
        var restart = up.AddSeconds(-1);
        plan.AdminLogin = HostLog.Truncate(restart - TimeSpan.FromSeconds(_rng.Next(100, 200)));
        var sudo = AdminSession(plan.AdminLogin,
            [(restart - plan.AdminLogin - TimeSpan.FromSeconds(_rng.Next(20, 60)), "/bin/systemctl status httpd"),
             (restart - plan.AdminLogin, "/bin/systemctl restart httpd")],
            restart - plan.AdminLogin + TimeSpan.FromSeconds(_rng.Next(200, 900)));
        plan.RestartCommand = restart;
        plan.RestartRecord = sudo[^1];
        StartHttpd(restart);
        plan.HttpdPidBefore = main!;
        plan.HttpdPidAfter = HttpdAt(up).Main!;
        Outage = plan;
    }

    private void OomKill(DateTimeOffset at, Numbered victim)
    {
        int score = _rng.Next(40, 300);
        int vm = _rng.Next(400_000, 900_000), rss = _rng.Next(150_000, 420_000), shmem = _rng.Next(2000, 9000);
        _log.Add(at, SyslogFile.Messages, "kernel", null, "httpd invoked oom-killer: gfp_mask=0x14200ca(GFP_HIGHUSER_MOVABLE), nodemask=(null), order=0, oom_score_adj=0");
        _log.Add(at, SyslogFile.Messages, "kernel", null, () => string.Create(CultureInfo.InvariantCulture, $"Out of memory: Kill process {victim} (httpd) score {score} or sacrifice child"));
        _log.Add(at, SyslogFile.Messages, "kernel", null, () => string.Create(CultureInfo.InvariantCulture, $"Killed process {victim} (httpd) total-vm:{vm}kB, anon-rss:{rss}kB, file-rss:0kB, shmem-rss:{shmem}kB"));
        _log.Add(at, SyslogFile.Messages, "kernel", null, () => string.Create(CultureInfo.InvariantCulture, $"oom_reaper: reaped process {victim} (httpd), now anon-rss:0kB, file-rss:0kB, shmem-rss:{shmem}kB"));
    }

    private TimeSpan DefaultOffset(StampRunKind kind)
    {
        if (kind == StampRunKind.TimeZoneShift) return TimeSpan.FromHours(-9);
        var rng = _ctx.Rng(23);
        return -(TimeSpan.FromDays(108) + TimeSpan.FromSeconds(rng.Next(3600, 5 * 3600)));
    }

    private void ResolveStampPlants(UpdateWriter updates)
    {
        var plants = new[] { (StampRunKind.DisplacedClock, _ctx.S.DisplacedClock), (StampRunKind.TimeZoneShift, _ctx.S.TimeZoneShift) };
        foreach (var (kind, plant) in plants)
        {
            if (!plant.Enabled) continue;
            var start = HostLog.Truncate(_ctx.At(plant.Start));
            DateTimeOffset end;
            if (plant.End is { } e) end = HostLog.Truncate(_ctx.At(e));
            else
            {
                var restart = _ctx.RsyslogRestarts.Where(r => r > start).Cast<DateTimeOffset?>().FirstOrDefault();
                if (restart is null)
                {
                    restart = _ctx.NextNightly(start).AddSeconds(47);
                    RestartRsyslog(restart.Value, updates.RsyslogVersion);
                }
                end = restart.Value;
            }
            var offset = TimeSpan.FromSeconds(Math.Truncate((plant.Offset ?? DefaultOffset(kind)).TotalSeconds));
            if (end <= start || offset == TimeSpan.Zero) throw new ArgumentException($"{kind}: the run must have a positive length and a non-zero offset.");
            foreach (var other in _ctx.StampPlants)
                if (start < other.End && other.Start < end) throw new ArgumentException("DisplacedClock and TimeZoneShift must not overlap.");
            _ctx.StampPlants.Add((kind, offset, start, end));
            // chronyd finds the clock wrong (a line stamped by the wrong clock, the run's last) and steps it back, ending the run.
            if (_ctx.S.ClockWitnesses.ChronyStepsAtRunEnd) ChronyStep(end, -offset.TotalSeconds, atRunEnd: true);
        }
        if (_ctx.S.ClockWitnesses.SmallStepSeconds is { } small) ChronyStep(HostLog.Truncate(_ctx.At(_ctx.S.ClockWitnesses.SmallStepAt)), small, atRunEnd: false);
    }

    /// <summary>The chronyd witness lines the generator wrote: the record and what the truth says of it.</summary>
    public List<(SyslogRecord Record, string Kind, double Step, bool AtRunEnd)> ChronyLines { get; } = [];

    private void ChronyStep(DateTimeOffset at, double step, bool atRunEnd)
    {
        string printed = step.ToString("0.000000", CultureInfo.InvariantCulture);
        if (_log.Add(at.AddSeconds(-1), SyslogFile.Messages, "chronyd", _background.Chronyd, $"System clock wrong by {printed} seconds") is { } wrong)
            ChronyLines.Add((wrong, "ClockWrong", step, atRunEnd));
        if (_log.Add(at, SyslogFile.Messages, "chronyd", _background.Chronyd, $"System clock was stepped by {printed} seconds") is { } stepped)
            ChronyLines.Add((stepped, "ClockStepped", step, atRunEnd));
    }
}
