using System.Globalization;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Reports;

/// <summary>
/// The "what happened" paragraph that opens the report, written from the findings: when it began, what failed, what
/// the clocks did, what the update runs did, who probed, and what to do. Every sentence names what it rests on; with no
/// finding it says so. The sentences are plain text that may quote log text (a service name, a client address): the
/// writers escape them.
/// </summary>
public static class ReportNarrative
{
    private const int MaxOutages = 3, MaxBots = 3;

    /// <summary>The paragraph's sentences, in reading order.</summary>
    public static IReadOnlyList<string> Sentences(OpsReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = new List<string>();
        if (r.Failed)
        {
            s.Add("Nothing was read, so this report cannot say what happened on the host: see the problems above.");
            return s;
        }

        Began(r, s);
        Failed(r, s);
        Intrusions(r, s);
        Clocks(r, s);
        Updates(r, s);
        Probes(r, s);
        Damage(r, s);
        if (s.Count == 0)
        {
            string span = r.PeriodStart is { } ps && r.PeriodEnd is { } pe ? $" from {T(r, ps)} to {T(r, pe)}" : "";
            s.Add(string.Create(CultureInfo.InvariantCulture,
                $"Nothing found: no outage, no displaced clock or other anomaly, no update run and no probing bot in {r.Sources.Count} file(s) ({r.Entries:N0} entries){span}."));
            if (r.Story.Count > 0) s.Add($"The story below lists {r.Story.Count} routine event(s) (logins, sudo commands, logger restarts).");
        }
        return s;
    }

    /// <summary>What to do, from the findings (each action names what it answers); empty when nothing calls for action.</summary>
    public static IReadOnlyList<string> WhatToDo(OpsReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var todo = new List<string>();
        if (r.Failed) todo.Add("check the paths given and that the logs there can be read");
        else ToDo(r, todo);
        return todo.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Logins from an address that guessed passwords first (issue 16): the first question of "tampering or intrusion?".</summary>
    private static void Intrusions(OpsReport r, List<string> s)
    {
        foreach (var e in GuessedLogins(r))
            s.Add($"At {T(r, e.Time)} {Sentence(e.Summary)} ({Short(r, e.Path)}:{e.LineNumber}).");
    }

    private static IEnumerable<StoryEvent> GuessedLogins(OpsReport r) =>
        r.Story.Where(e => e.Event == StoryEventKind.Login && e.Summary.Contains(Analysis.Timeline.StoryTeller.AfterGuessing, StringComparison.Ordinal));

    private static void Began(OpsReport r, List<string> s)
    {
        var first = r.Story.Where(e => Array.IndexOf(IncidentWindow.IncidentEvents, e.Event) >= 0 && e.Event != StoryEventKind.ServiceUp && e.Event != StoryEventKind.ClockRight
            && (r.IncidentStart is not { } a || e.Time >= a) && (r.IncidentEnd is not { } b || e.Time <= b)).OrderBy(e => e.Time).FirstOrDefault();
        var anomaly = r.Anomalies.Where(a => a.Kind is AnomalyKind.ServiceOutage or AnomalyKind.DisplacedTimestamps or AnomalyKind.ErrorBurst or AnomalyKind.HostShutdown)
            .OrderBy(a => a.Start).FirstOrDefault();
        if (first is not null && (anomaly is null || first.Time <= anomaly.Start))
            s.Add($"It began at {T(r, first.Time)}: {Sentence(first.Summary)} ({Short(r, first.Path)}:{first.LineNumber}).");
        else if (anomaly is not null)
            s.Add($"It began at {T(r, anomaly.Start)}: {OpsReportBuilder.Describe(anomaly)} ({r.Shorten(OpsReportBuilder.Where(anomaly))}).");
    }

    private static void Failed(OpsReport r, List<string> s)
    {
        // Services first, the longest first; the origin's short gaps behind CloudFront in one sentence after them.
        var services = r.Outages.Where(o => o.Cause != AnomalyCause.OriginUnreachable).OrderByDescending(o => o.End - o.Start).ToList();
        foreach (var o in services.Take(MaxOutages))
            s.Add($"{o.Service ?? "A service"} was down from {T(r, o.Start)} to {T(r, o.End)} ({HtmlReportWriter.Duration(o.End - o.Start)}), {Cause(o.Cause)}.");
        if (services.Count > MaxOutages) s.Add($"{services.Count - MaxOutages} more outage(s) are in the Outages table.");
        var unreachable = r.Outages.Where(o => o.Cause == AnomalyCause.OriginUnreachable).OrderBy(o => o.Start).ToList();
        if (unreachable.Count == 1)
            s.Add($"CloudFront could not reach the origin from {T(r, unreachable[0].Start)} to {T(r, unreachable[0].End)} ({HtmlReportWriter.Duration(unreachable[0].End - unreachable[0].Start)}).");
        else if (unreachable.Count > 1)
            s.Add($"CloudFront could not reach the origin {unreachable.Count} times between {T(r, unreachable[0].Start)} and {T(r, unreachable[^1].End)} ({HtmlReportWriter.Duration(TimeSpan.FromTicks(unreachable.Sum(o => (o.End - o.Start).Ticks)))} in all).");

        var oom = r.Story.Where(e => e.Event == StoryEventKind.OomKill).ToList();
        if (oom.Count == 1) s.Add($"The kernel's OOM killer killed a process at {T(r, oom[0].Time)} ({Short(r, oom[0].Path)}:{oom[0].LineNumber}).");
        else if (oom.Count > 1) s.Add($"The kernel's OOM killer killed processes {oom.Count} times between {T(r, oom[0].Time)} and {T(r, oom[^1].Time)}.");
        var limit = r.Story.FirstOrDefault(e => e.Event == StoryEventKind.WorkerLimitReached);
        if (limit is not null) s.Add($"The web server ran out of workers at {T(r, limit.Time)} ({Short(r, limit.Path)}:{limit.LineNumber}).");
        var bursts = r.Anomalies.Where(a => a.Kind == AnomalyKind.ErrorBurst).ToList();
        if (bursts.Count > 0 && r.Outages.Count == 0)
            s.Add($"{bursts.Count} burst(s) of errors, the first at {T(r, bursts[0].Start)} in {Short(r, bursts[0].Path)}.");
    }

    // Displaced runs that overlap are one wrong clock seen in several files (rsyslog writes cron, messages and secure):
    // one sentence for them.
    private static void Clocks(OpsReport r, List<string> s)
    {
        var groups = new List<List<LogAnomaly>>();
        foreach (var d in r.Anomalies.Where(a => a.Kind == AnomalyKind.DisplacedTimestamps).OrderBy(a => a.Start))
        {
            if (groups.Count > 0 && d.Start <= groups[^1].Max(x => x.End)) groups[^1].Add(d);
            else groups.Add([d]);
        }
        foreach (var g in groups.Take(3))
        {
            var files = g.SelectMany(d => new[] { d.Path }.Concat(d.RelatedPaths)).Select(p => Path.GetFileName(p)).Distinct().Order(StringComparer.Ordinal).ToList();
            var first = g[0];
            string offset = first.OffsetSeconds == 0 ? "" :
                $", stamped {HtmlReportWriter.Duration(TimeSpan.FromSeconds(Math.Abs(first.OffsetSeconds)))} {(first.OffsetSeconds < 0 ? "behind" : "ahead of")} true time";
            var worst = g.Max(d => d.Tampering);
            s.Add(string.Create(CultureInfo.InvariantCulture,
                $"The clock of {HtmlTables.Abbreviate(files, 4)} was wrong from {T(r, g.Min(d => d.Start))} to {T(r, g.Max(d => d.End))} ({g.Sum(d => d.LineCount):N0} line(s){offset}; {Cause(first.Cause)}, tampering {worst.ToString().ToLowerInvariant()})."));
        }
        if (groups.Count > 3) s.Add($"{groups.Count - 3} more displaced stretch(es) are in the Anomalies table.");
    }

    private static void Damage(OpsReport r, List<string> s)
    {
        foreach (var d in r.Anomalies.Where(a => a.Kind is AnomalyKind.MissingLines or AnomalyKind.Corruption).GroupBy(a => a.Kind).OrderBy(g => g.Key))
        {
            var worst = d.Max(a => a.Tampering);
            string what = d.Key == AnomalyKind.MissingLines ? (d.Count() == 1 ? "A hole" : $"{d.Count()} holes") : (d.Count() == 1 ? "A corrupt stretch" : $"{d.Count()} corrupt stretches");
            s.Add($"{what} in the logs, the first in {Short(r, d.First().Path)} at {T(r, d.First().Start)}: tampering {worst.ToString().ToLowerInvariant()}.");
        }
    }

    private static void Updates(OpsReport r, List<string> s)
    {
        var near = r.UpdateRuns.Where(u => u.IsNear).ToList();
        foreach (var u in near)
        {
            s.Add($"The {u.Result.Run.Tool} run at {T(r, u.Result.UpdateStart)} ({Trigger(u.Result.Trigger)}, {u.Result.Packages.Count} package(s){Relevant(u.Result)}) {Effect(r, u)}.");
        }
        if (near.Count == 0 && r.UpdateRuns.Count > 0) s.Add($"{r.UpdateRuns.Count} update run(s) in the period, none near an incident.");
    }

    private static void Probes(OpsReport r, List<string> s)
    {
        var hostile = r.Bots.Where(b => b.Activity.Intent != BotIntent.Benign).ToList();
        if (hostile.Count == 0) return;
        var named = hostile.Take(MaxBots).Select(b => string.Create(CultureInfo.InvariantCulture,
            $"{b.Activity.ClientIp} ({b.Activity.Kind}, {b.Activity.Intent.ToString().ToLowerInvariant()}, {b.Activity.Requests:N0} requests)"));
        s.Add($"{hostile.Count} client(s) probed the site: {string.Join(", ", named)}{(hostile.Count > MaxBots ? $" and {hostile.Count - MaxBots} more" : "")}.");
    }

    private static void ToDo(OpsReport r, List<string> todo)
    {
        foreach (var o in r.Outages.Where(o => o.Cause != AnomalyCause.OriginUnreachable))
        {
            if (o.Cause == AnomalyCause.OutOfMemory) todo.Add($"find what used the memory before {o.Service ?? "the service"} was killed and cap its workers");
            if (o.End - o.Start > TimeSpan.FromMinutes(30)) todo.Add($"alert when {o.Service ?? "a service"} goes down (it stayed down {HtmlReportWriter.Duration(o.End - o.Start)})");
        }
        WrongClock(r, todo);
        if (r.Anomalies.Any(a => a.Tampering == TamperVerdict.Likely)) todo.Add("treat the files marked tampering likely as evidence: keep copies and compare them with a remote log");
        if (GuessedLogins(r).Any())
            todo.Add("find out who logged in after the password guessing and what they ran (Find-LoginActivity, sudo and audit.log); if it was not you, take the host off line, change its passwords and keys, and block the source (Find-LoginActivity | ConvertTo-BlockRule -LoginActivity)");
        foreach (var u in r.UpdateRuns.Where(u => u.IsNear))
        {
            foreach (var group in u.Result.Restarts.Where(x => x.RestartedAt is null).GroupBy(x => x.Daemon))
            {
                string packages = string.Join(", ", group.Select(x => x.Package).Distinct());
                todo.Add(group.Key == "host" ? $"reboot the host (updated: {packages})" : $"restart {group.Key} (updated: {packages})");
            }
        }
        int rules = r.Bots.Count(b => b.Rule is not null && b.Activity.Intent != BotIntent.Benign);
        if (rules > 0) todo.Add($"apply the {rules} block rule(s) in the Bots table");
        if (r.Problems.Count > 0) todo.Add("see why some input could not be read (the problems at the top)");
    }

    // A wrong clock this host shared with other hosts of a fleet (the fleet view's shared window) is the time source
    // they share, not this host's time sync: say so, naming them and the window; a wrong clock of this host alone keeps
    // the host's own action.
    private static void WrongClock(OpsReport r, List<string> todo)
    {
        var runs = r.Anomalies.Where(a => a.Kind == AnomalyKind.DisplacedTimestamps && a.Cause == AnomalyCause.Clock).ToList();
        if (runs.Count == 0) return;
        var shared = r.SharedClockFaults.Where(f => runs.Any(a => InFault(r, f, a))).ToList();
        foreach (var f in shared)
        {
            var others = f.Hosts.Where(h => !string.Equals(h, r.FleetHost, StringComparison.Ordinal)).ToList();
            todo.Add($"check the time source this host shares with {FleetNarrative.Hosts(others)} (their NTP server or hypervisor clock), not only this host's time sync: "
                + $"{FleetNarrative.Hosts(f.Hosts)} saw the same wrong clock from {T(r, f.Start)} to {T(r, f.End)}");
        }
        if (runs.Any(a => !shared.Any(f => InFault(r, f, a)))) todo.Add("check the host's time sync (chronyd or ntpd) and its logger");
    }

    // The fleet view holds this host's own run objects; a report rebuilt from the same findings (deserialized again) is
    // matched by file, first line and start.
    private static bool InFault(OpsReport r, FleetClockFault f, LogAnomaly a) =>
        f.Runs.Any(x => string.Equals(x.Host, r.FleetHost, StringComparison.Ordinal)
            && (ReferenceEquals(x.Run, a) || (x.Run.Path == a.Path && x.Run.FirstLine == a.FirstLine && x.Run.Start == a.Start)));

    /// <summary>What an update run did that matters (ended a wrong clock, took a service down), or how it stands to the nearest incident.</summary>
    internal static string Effect(OpsReport r, ReportUpdateRun u)
    {
        var (start, end) = (u.Result.UpdateStart, u.Result.UpdateEnd);
        // What matters about a run is what it started or ended: a displaced clock that came right, a service that went down or up.
        var slack = TimeSpan.FromMinutes(15);
        var effects = new List<string>();
        // Displaced runs that came right with the run: one phrase for the files of that clock.
        var ended = r.Anomalies.Where(d => d.Kind == AnomalyKind.DisplacedTimestamps && d.End >= start - TimeSpan.FromMinutes(5) && d.End <= end + slack).ToList();
        if (ended.Count > 0)
        {
            var files = ended.SelectMany(d => new[] { d.Path }.Concat(d.RelatedPaths)).Select(p => Path.GetFileName(p)).Distinct().Order(StringComparer.Ordinal);
            effects.Add($"ended the wrong clock of {HtmlTables.Abbreviate(files, 4)}: stamps right again by {T(r, ended.Max(d => d.End))}");
        }
        var begun = r.Anomalies.Where(d => d.Kind == AnomalyKind.DisplacedTimestamps && !ended.Contains(d) && d.Start >= start && d.Start <= end + slack).ToList();
        if (begun.Count > 0) effects.Add($"started a wrong clock in {HtmlTables.Abbreviate(begun.Select(d => Path.GetFileName(d.Path)).Distinct(), 4)} at {T(r, begun.Min(d => d.Start))}");
        foreach (var o in r.Outages)
        {
            if (o.Start >= start && o.Start <= end + slack) effects.Add($"took {o.Service ?? "a service"} down at {T(r, o.Start)}");
            else if (o.End >= start && o.End <= end + slack) effects.Add($"brought {o.Service ?? "a service"} back at {T(r, o.End)}");
        }
        if (effects.Count > 0) return string.Join(" and ", effects);
        if (u.Relation is not { } rel) return "came near no incident";
        string gap = u.Gap is { } g && g > TimeSpan.Zero ? $", {HtmlReportWriter.Duration(g)} apart" : "";
        string what = rel switch
        {
            UpdateRelation.Before => "ran before",
            UpdateRelation.During => "ran during",
            UpdateRelation.Overlaps => "overlapped",
            _ => "ran after",
        };
        return $"{what} {r.Shorten(u.NearestIncident)}{gap}";
    }

    private static string Relevant(UpdateWindowResult u) =>
        u.RelevantPackages.Count == 0 ? "" : ", among them " + HtmlTables.Abbreviate(u.RelevantPackages.Select(p => p.Package.Name).Distinct(), 4);

    internal static string Trigger(UpdateTrigger t) => t switch
    {
        UpdateTrigger.Cron => "started by cron",
        UpdateTrigger.YumCron => "started by yum-cron",
        UpdateTrigger.DnfAutomatic => "started by dnf-automatic",
        _ => "started by hand",
    };

    private static string Cause(AnomalyCause c) => c switch
    {
        AnomalyCause.OutOfMemory => "killed when the host ran out of memory",
        AnomalyCause.Crash => "after a crash",
        AnomalyCause.Stopped => "stopped",
        AnomalyCause.Overload => "overloaded",
        AnomalyCause.OriginUnreachable => "the origin unreachable",
        AnomalyCause.Clock => "a clock that was wrong",
        AnomalyCause.TimeZone => "a zone that was wrong",
        AnomalyCause.UncleanShutdown => "after an unclean shutdown",
        AnomalyCause.Truncation => "a file cut short",
        _ => "cause unknown",
    };

    private static string Sentence(string summary) => summary.EndsWith('.') ? summary[..^1] : summary;

    private static string Short(OpsReport r, string path) => r.Shorten(path);

    private static string T(OpsReport r, DateTimeOffset t) => HtmlReportWriter.Time(r, t);
}
