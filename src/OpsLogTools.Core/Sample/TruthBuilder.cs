using System.Globalization;

namespace OpsLogTools.Core.Sample;

/// <summary>Counts the truth from what was written (after every plant), never from what was intended.</summary>
internal static class TruthBuilder
{
    public static GroundTruth Build(GeneratorContext ctx, HostLog host, WebTraffic web, EdgeSimulator edge, HostEvents events,
        SyslogWriter syslog, List<FileTruth> files, Dictionary<DateTimeOffset, List<long>> yumLines, SshAttackWriter attack)
    {
        var s = ctx.S;
        var requests = web.Requests;
        return new GroundTruth
        {
            Seed = s.Seed,
            HostName = ctx.HostName,
            HostZone = ctx.Rules?.Id ?? Zone(ctx.Zone),
            IncidentStart = ctx.IncidentStart,
            LogStart = ctx.LogStart,
            LogEnd = ctx.LogEnd,
            Rotations = ctx.Rotations.ToList(),
            SiteHost = s.SiteHost,
            DistributionId = s.DistributionId,
            OriginLogsForwardedFor = s.OriginLogsForwardedFor,
            Files = files,
            StampRuns = syslog.StampRuns,
            ClockWitnesses = events.ChronyLines.Where(c => c.Record.WrittenPath is not null).Select(c => new ClockWitnessTruth
            {
                Path = c.Record.WrittenPath!,
                Line = c.Record.WrittenLine,
                Kind = c.Kind,
                StepSeconds = c.Step,
                AtRunEnd = c.AtRunEnd,
                True = ctx.ToLocal(c.Record.True),
            }).ToList(),
            SshAttack = SshAttack(ctx, attack),
            MissingLines = syslog.Missing,
            NulRuns = syslog.NulRuns,
            Outage = Outage(ctx, events, requests, edge),
            UpdateRuns = host.UpdateRuns.Select(r => UpdateRun(ctx, r, yumLines)).ToList(),
            RsyslogRestarts = ctx.RsyslogRestarts.ToList(),
            Bots = web.Bots.Select(b => Bot(b.Key, b.Value.Address, b.Value.UserAgent, requests)).ToList(),
            CrawlerAddresses = web.Bots.Where(b => b.Key == Actor.Crawler).Select(b => b.Value.Address).ToList(),
            LegitimatePage = s.LegitimateReaders.Enabled ? s.LegitimateReaders.Page : null,
            LegitimateReaderAddresses = Seen(web.ReaderAddresses, requests),
            HumanNotFoundBurst = Burst(web, requests),
            VisitorAddresses = Seen(web.VisitorAddresses, requests),
            EdgeAddresses = EdgeSimulator.UsedEdgeAddresses(requests).ToList(),
            EdgePrefixes = EdgeNetwork.OriginFacingPrefixes,
            ViewerRequests = requests.Count,
            OriginRequests = requests.Count(r => r.OriginLogged),
        };
    }

    /// <summary>The attack as written: the tries and the login that reached a file (a plant may have removed some).</summary>
    private static SshAttackTruth? SshAttack(GeneratorContext ctx, SshAttackWriter attack)
    {
        if (attack.Written is not { } w) return null;
        var failures = w.Failures.Where(r => r.WrittenPath is not null).ToList();
        if (failures.Count == 0) return null;
        var plan = ctx.S.SshAttack;
        var login = w.Login is { WrittenPath: not null } l ? ctx.ToLocal(l.True) : (DateTimeOffset?)null;
        string? wipedFrom = null;
        var witnesses = new List<string>();
        if (login is not null) witnesses.Add(w.Login!.WrittenPath!);
        var records = new List<string>();
        if (plan.LoginRecords)
        {
            records.Add($"btmp: {attack.Connections.Sum(c => c.FailedTries.Count)} LOGIN_PROCESS (ssh:notty, {w.Address})");
            if (attack.Session is { } s) records.Add($"wtmp: USER_PROCESS pts/{s.Pts} at {ctx.ToLocal(s.Start):yyyy-MM-dd HH:mm:ss zzz}, DEAD_PROCESS at {ctx.ToLocal(s.End):yyyy-MM-dd HH:mm:ss zzz}");
        }
        if (plan.Auditd)
        {
            int tries = attack.Connections.Sum(c => c.FailedTries.Count);
            records.Add($"audit/audit.log: {tries} USER_AUTH res=failed, {attack.Connections.Count} USER_LOGIN res=failed"
                + (attack.Session is not null ? ", USER_LOGIN res=success" : ""));
        }
        if (attack.Session is { } session && (plan.LoginRecords || plan.Auditd || login is not null))
        {
            if (plan.LoginRecords) witnesses.Add("wtmp");
            if (plan.Auditd) witnesses.Add(AuditWriter.Path);
            if (plan.WipeLoginFromSecure)
            {
                // The login's lines would have gone where the attack's last failure went (the same secure file).
                wipedFrom = failures[^1].WrittenPath;
                if (witnesses.Count > 0) login = ctx.ToLocal(session.Start);
            }
        }
        return new SshAttackTruth
        {
            Source = w.Address,
            User = ctx.S.SshAttack.User,
            FirstAttempt = ctx.ToLocal(w.Guessing.Where(r => r.WrittenPath is not null).Min(r => r.True)),
            LastFailure = ctx.ToLocal(failures.Max(r => r.True)),
            LoginTime = login,
            Failures = failures.Count,
            Attempts = failures.Count + (login is null ? 0 : 1),
            LoginWitnesses = witnesses,
            LoginWipedFrom = wipedFrom,
            WitnessRecords = records,
        };
    }

    private static string Zone(TimeSpan z) =>
        (z < TimeSpan.Zero ? "-" : "+") + z.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    /// <summary>Addresses that really made a request (one generated at the edge of the window may not have).</summary>
    private static List<string> Seen(List<string> addresses, List<ViewerRequest> requests)
    {
        var seen = requests.Select(r => r.ClientIp).ToHashSet(StringComparer.Ordinal);
        return addresses.Where(seen.Contains).Distinct().ToList();
    }

    private static BotTruth Bot(Actor actor, string address, string userAgent, List<ViewerRequest> requests)
    {
        var mine = requests.Where(r => r.ClientIp == address).OrderBy(r => r.LogTime).ThenBy(r => r.Seq).ToList();
        return new BotTruth
        {
            Kind = actor switch { Actor.Prober => PlantedBotKind.CmsProbe, Actor.Scanner => PlantedBotKind.SensitiveFileScan, _ => PlantedBotKind.Crawler },
            Address = address,
            UserAgent = userAgent,
            Requests = mine.Count,
            ForwardedToOrigin = mine.Count(r => r.OriginLogged),
            FirstSeen = mine.Count > 0 ? mine[0].LogTime : default,
            LastSeen = mine.Count > 0 ? mine[^1].LogTime : default,
            Paths = mine.OrderBy(r => r.At).Select(r => r.Path).Distinct().ToList(),
            StatusCounts = mine.GroupBy(r => r.Status).OrderBy(g => g.Key)
                .ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => g.Count()),
        };
    }

    private static NotFoundBurstTruth? Burst(WebTraffic web, List<ViewerRequest> requests)
    {
        var burst = requests.Where(r => r.Actor == Actor.NotFoundBurst).OrderBy(r => r.LogTime).ToList();
        if (web.BurstAddress is null || burst.Count == 0) return null;
        return new NotFoundBurstTruth { Address = web.BurstAddress, Requests = burst.Count, Start = burst[0].LogTime, End = burst[^1].LogTime };
    }

    private static UpdateRunTruth UpdateRun(GeneratorContext ctx, PlannedUpdateRun run, Dictionary<DateTimeOffset, List<long>> yumLines) => run.Dnf is { } dnf ? new()
    {
        // dnf.rpm.log's first and last package lines (the new packages arriving, the old ones leaving).
        Start = ctx.ToLocal(dnf.First.True),
        End = ctx.ToLocal(dnf.Last.True),
        Schedule = run.Schedule,
        Packages = run.Packages.Select(p => p.Package).ToList(),
        CommandAt = ctx.ToLocal(run.CommandAt),
        CommandPath = run.CommandRecord?.WrittenPath ?? "",
        CommandLine = run.CommandRecord?.WrittenLine ?? 0,
        RestartedRsyslog = false,
        Tool = "dnf",
        Trigger = dnf.Trigger,
        User = dnf.User,
        Command = dnf.Command,
        TimerElapse = dnf.TimerElapse is { } de ? ctx.ToLocal(de) : null,
        OnCalendar = dnf.OnCalendar,
        LogPath = DnfLogs.RpmLogPath,
        LogFirstLine = dnf.FirstLine,
        LogLastLine = dnf.LastLine,
    } : run.Apt is { } apt ? new()
    {
        Start = ctx.ToLocal(apt.Start),
        End = ctx.ToLocal(apt.End),
        Schedule = run.Schedule,
        Packages = run.Packages.Select(p => p.Package).ToList(),
        CommandAt = ctx.ToLocal(run.CommandAt),
        CommandPath = run.CommandRecord?.WrittenPath ?? "",
        CommandLine = run.CommandRecord?.WrittenLine ?? 0,
        RestartedRsyslog = run.RestartedRsyslog,
        Tool = "apt",
        Trigger = apt.Trigger,
        User = apt.User,
        Command = apt.CommandLine,
        TimerElapse = apt.TimerElapse is { } e ? ctx.ToLocal(e) : null,
        OnCalendar = apt.TimerElapse is null ? null : DebianUpdateWriter.OnCalendar,
        LogPath = DebianLogs.AptHistoryPath,
        LogFirstLine = apt.FirstLine,
        LogLastLine = apt.LastLine,
    } : new()
    {
        Start = ctx.ToLocal(run.Packages[0].At),
        End = ctx.ToLocal(run.Packages[^1].At),
        Schedule = run.Schedule,
        Packages = run.Packages.Select(p => p.Package).ToList(),
        YumLogFirstLine = yumLines[run.Packages[0].At][0],
        YumLogLastLine = yumLines[run.Packages[^1].At][^1],
        CommandAt = ctx.ToLocal(run.CommandAt),
        CommandPath = run.CommandRecord?.WrittenPath ?? "",
        CommandLine = run.CommandRecord?.WrittenLine ?? 0,
        RestartedRsyslog = run.RestartedRsyslog,
    };

    private static OutageTruth? Outage(GeneratorContext ctx, HostEvents events, List<ViewerRequest> requests, EdgeSimulator edge)
    {
        if (events.Outage is not { } plan || ctx.Down is not { } down || ctx.Up is not { } up) return null;
        var origin = requests.Where(r => r.OriginLogged).OrderBy(r => r.OriginAt).ThenBy(r => r.Seq).ToList();
        var first5xx = origin.FirstOrDefault(r => r.OriginStatus >= 500);
        DateTimeOffset Second(DateTimeOffset t) => HostLog.Truncate(ctx.ToLocal(t));
        return new OutageTruth
        {
            FirstServerError = first5xx is null ? default : Second(first5xx.OriginAt),
            FirstServerErrorPath = first5xx?.OriginPath ?? "",
            FirstServerErrorLine = first5xx?.OriginLine ?? 0,
            OriginServerErrors = origin.Count(r => r.OriginStatus >= 500),
            MaxRequestWorkers = ctx.ToLocal(plan.MaxRequestWorkers),
            OomKills = plan.OomKills.Select(k => new OomKillTruth { At = ctx.ToLocal(k.At), Pid = k.Pid.Value, MainProcess = k.Main }).ToList(),
            Down = ctx.ToLocal(down),
            LastOriginRequestBeforeDown = origin.LastOrDefault(r => r.OriginAt < down) is { } last ? Second(last.OriginAt) : null,
            AdminLogin = ctx.ToLocal(plan.AdminLogin),
            AdminAddress = events.AdminAddress,
            RestartCommand = ctx.ToLocal(plan.RestartCommand),
            Up = ctx.ToLocal(up),
            FirstOriginRequestAfterUp = origin.FirstOrDefault(r => r.OriginAt >= up) is { } next ? Second(next.OriginAt) : null,
            HttpdPidBefore = plan.HttpdPidBefore.Value,
            HttpdPidAfter = plan.HttpdPidAfter.Value,
            EdgeErrors = edge.EdgeErrors,
        };
    }
}
