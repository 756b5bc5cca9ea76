using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>
/// For each daemon an update touched, finds whether it restarted (or the host booted) after the update, and whether
/// that came before the incident. An updated daemon that was not restarted still runs the old files.
/// </summary>
internal static class RestartAnalyzer
{
    // Package scriptlets (%post, %postun) restart their daemon right after the package line: within this of the run's end it was the update.
    internal static readonly TimeSpan ScriptletReach = TimeSpan.FromMinutes(2);

    public static (List<RestartFinding> Findings, List<string> Notes) Analyze(UpdateRun run, IReadOnlyList<RelevantPackage> relevant,
        UpdateHistory history, DateTimeOffset? incidentStart)
    {
        var findings = new List<RestartFinding>();
        var notes = new List<string>();
        if (relevant.Count == 0) return (findings, notes);

        // Daemon → the updated packages that make its restart matter, in first-seen order.
        var touched = new List<(string Daemon, List<string> Packages)>();
        void Touch(string daemon, string package)
        {
            int i = touched.FindIndex(t => t.Daemon == daemon);
            if (i < 0) touched.Add((daemon, [package]));
            else if (!touched[i].Packages.Contains(package)) touched[i].Packages.Add(package);
        }

        var everyDaemon = new List<string>();
        foreach (var r in relevant)
        {
            var rule = RelevanceRules.Find(r.Package.Name)!;
            foreach (var d in rule.Daemons) Touch(d, r.Package.Name);
            if (rule.NeedsReboot) Touch(DaemonSignatures.Host, r.Package.Name);
            if (rule.EveryDaemon) everyDaemon.Add(r.Package.Name);
        }
        if (everyDaemon.Count > 0)
        {
            var running = history.ServiceEvents.Select(e => e.Daemon).Where(d => d != DaemonSignatures.Host)
                .Concat(touched.Select(t => t.Daemon).Where(d => d != DaemonSignatures.Host)).Distinct().ToList();
            foreach (var d in running)
                foreach (var p in everyDaemon) Touch(d, p);
            if (running.Count == 0)
                notes.Add($"{Words.List(everyDaemon)} updated: running daemons keep the old copy until they restart, and no daemon's start is in the input to check");
        }

        if (!history.SawServiceLines)
        {
            notes.Add("the input has no systemd, rsyslogd, kernel or Apache error-log lines: whether daemons restarted after the update cannot be told");
            return (findings, notes);
        }

        foreach (var (daemon, packages) in touched)
            findings.Add(Find(run, daemon, packages, history.ServiceEvents, incidentStart));
        return (findings, notes);
    }

    private static RestartFinding Find(UpdateRun run, string daemon, List<string> packages, IReadOnlyList<ServiceEvent> events, DateTimeOffset? incidentStart)
    {
        bool host = daemon == DaemonSignatures.Host;
        ServiceEvent? restart = null, reload = null;
        foreach (var e in events)
        {
            // needrestart's line carries its apt session's start stamp: it belongs to the run whose span holds that stamp.
            if (e.CarriedStamp && (e.Time < run.Start - ScriptletReach || e.Time > run.End)) continue;
            if (!e.CarriedStamp && e.Time < run.Start) continue;
            if (e.Kind == ServiceEventKind.Booted || (!host && e.Daemon == daemon && e.Kind == ServiceEventKind.Started))
            {
                restart = e;
                break;
            }
            if (!host && reload is null && e.Daemon == daemon && e.Kind == ServiceEventKind.Reloaded) reload = e;
        }

        string updated = Words.Minute(run.Start);
        string what = Words.List(packages);
        string subject = host ? $"{what} updated {updated}" : packages.Contains(daemon) ? $"{daemon} updated {updated}" : $"{daemon} ({what} updated {updated})";
        // needrestart restarted it as the run ended (apt waits for the hook before its End-Date).
        var restartTime = restart is { CarriedStamp: true } ? run.End : restart?.Time;
        bool byUpdate = restartTime is { } rt && rt <= run.End + ScriptletReach;
        bool? beforeIncident = incidentStart is { } s ? restartTime is { } b && b < s : null;
        string restarted = host ? "host rebooted" : restart?.Kind == ServiceEventKind.Booted ? "restarted by a reboot" : "restarted";
        string text;

        if (restartTime is { } when && (incidentStart is null || when < incidentStart || run.Start >= incidentStart))
        {
            string at = Words.Near(when, run.Start);
            text = restart!.CarriedStamp
                ? $"{subject}: restarted by needrestart at the end of the update ({at})"
                : byUpdate
                ? $"{subject}: {restarted} at {at} by the update"
                : $"{subject}: {restarted} at {at}, {Words.Duration(when - run.End)} after the update";
            if (incidentStart is { } i && run.Start < i) text += ", before the incident began";
        }
        else if (restartTime is { } later)
        {
            text = $"{subject} but not {(host ? "rebooted" : "restarted")} before the incident; first {(host ? "reboot" : "restart")} after the update at {Words.Near(later, run.Start)}";
        }
        else
        {
            bool kernel = packages.Exists(p => p.StartsWith("kernel", StringComparison.Ordinal));
            string none = host ? (kernel ? "no reboot after it in the input: the old kernel kept running" : "no reboot after it in the input") : $"no start of {daemon} after it in the input: it kept running the old files";
            text = incidentStart is { } i && run.End < i
                ? $"{subject} but not {(host ? "rebooted" : "restarted")} before the incident ({none})"
                : $"{subject}: {none}";
        }
        if (restart is null && reload is not null)
            text += $"; reloaded at {Words.Near(reload.Time, run.Start)} (graceful: the main process kept the old libraries)";

        return new RestartFinding
        {
            Daemon = daemon,
            Package = string.Join(", ", packages),
            UpdatedAt = run.Start,
            RestartedAt = restartTime,
            ByTheUpdate = byUpdate,
            RestartedBeforeIncident = beforeIncident,
            Evidence = restart?.Evidence ?? reload?.Evidence,
            Text = text,
        };
    }
}
