namespace OpsLogTools.Core.Sample;

/// <summary>
/// yum on the host: cron's nightly <c>yum -y update</c> (logged every night, with a transaction only on
/// nights that found updates), a manual install, and the restarts an update causes (rsyslog, httpd).
/// yum writes each package to yum.log (true time, no year, no zone) and to syslog (messages).
/// </summary>
internal sealed class UpdateWriter
{
    private readonly GeneratorContext _ctx;
    private readonly HostLog _log;
    private readonly HostBackground _background;
    private readonly HostEvents _events;
    private readonly Random _rng;

    public UpdateWriter(GeneratorContext ctx, HostLog log, HostBackground background, HostEvents events)
    {
        _ctx = ctx;
        _log = log;
        _background = background;
        _events = events;
        _rng = ctx.Rng(31);
    }

    /// <summary>The rsyslog version written in its start line (the incident night's update, else the AL2 build of July 2022).</summary>
    public string RsyslogVersion { get; private set; } = "8.24.0-57.amzn2.2.0.1";

    public void Write()
    {
        if (_ctx.S.HostFamily == HostFamily.Debian)
        {
            RsyslogVersion = DebianUpdateWriter.RsyslogVersion;
            new DebianUpdateWriter(_ctx, _log, _events).Write();
            return;
        }
        if (_ctx.S.HostFamily == HostFamily.AmazonLinux2023)
        {
            new DnfUpdateWriter(_ctx, _log, _events).Write();
            return;
        }
        var plan = _ctx.S.Updates;
        var rsyslog = plan.IncidentNightPackages.FirstOrDefault(p => p.Name == "rsyslog");
        if (rsyslog is not null) RsyslogVersion = $"{rsyslog.Version}-{rsyslog.Release}";

        if (plan.NightlyCron)
        {
            var incidentNight = _ctx.NextNightly(_ctx.IncidentStart);
            var earlierNight = plan.EarlierRunNightsBefore > 0 ? incidentNight.AddDays(-plan.EarlierRunNightsBefore) : DateTimeOffset.MinValue;
            foreach (var day in _ctx.Days())
            {
                var at = _ctx.NightlyAt(day);
                var cronLine = _background.CronJob(at.AddSeconds(1), "yum -y update", createSlice: false);
                if (cronLine is null) continue;
                var packages = at == incidentNight ? plan.IncidentNightPackages : at == earlierNight ? plan.EarlierRunPackages : [];
                if (packages.Count == 0) continue;
                var run = new PlannedUpdateRun { Schedule = plan.CronExpression, CommandAt = cronLine.True, CommandRecord = cronLine };
                WriteTransaction(run, at.AddSeconds(_rng.Next(22, 48)), packages);
            }
        }

        if (plan.ManualInstall && plan.ManualPackages.Count > 0)
        {
            var at = HostLog.Truncate(_ctx.At(plan.ManualInstallAt));
            if (_ctx.InLogs(at))
            {
                var lead = TimeSpan.FromSeconds(_rng.Next(60, 150));
                var sudo = _events.AdminSession(at - lead, [(lead, plan.ManualCommand)], lead + TimeSpan.FromSeconds(_rng.Next(180, 400)));
                var run = new PlannedUpdateRun { Schedule = "Manual", CommandAt = at, CommandRecord = sudo[0] };
                WriteTransaction(run, at.AddSeconds(_rng.Next(6, 12)), plan.ManualPackages);
            }
        }
        _log.UpdateRuns.Sort((a, b) => a.CommandAt.CompareTo(b.CommandAt));
    }

    private void WriteTransaction(PlannedUpdateRun run, DateTimeOffset first, IReadOnlyList<PackageChange> packages)
    {
        var yum = _ctx.Pids.New(run.CommandAt);
        var t = first;
        foreach (var p in packages)
        {
            string text = $"{p.Action}: {p.YumText}";
            if (_ctx.InLogs(t))
            {
                _log.YumLines.Add((t, text));
                _log.Add(t, SyslogFile.Messages, "yum", yum, text);
                run.Packages.Add((t, p));
            }
            if (p.Name == "rsyslog")
            {
                _events.RestartRsyslog(t.AddSeconds(2), $"{p.Version}-{p.Release}");
                run.RestartedRsyslog = true;
            }
            if (p.Name == "httpd") _events.HttpdUpdated(t, p.Version);
            t = t.AddSeconds(p.Name == "kernel" ? _rng.Next(14, 22) : _rng.Next(2, 7));
        }
        if (run.Packages.Count > 0) _log.UpdateRuns.Add(run);
    }
}
