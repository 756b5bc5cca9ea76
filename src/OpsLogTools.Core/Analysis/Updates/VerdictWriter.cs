using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>Writes the one-line verdict of an update run set against an incident.</summary>
internal static class VerdictWriter
{
    // A restart this close to an edge of the incident is worth pointing out: the seed's stamps came right when rsyslog restarted.
    internal static readonly TimeSpan EdgeMatch = TimeSpan.FromMinutes(5);

    // Past this many names the list stops helping.
    private const int MaxNames = 6;

    public static string Write(UpdateRun run, IReadOnlyList<RelevantPackage> relevant, IReadOnlyList<RestartFinding> restarts,
        UpdateWindowQuery query, UpdateRelation? relation, TimeSpan? gap)
    {
        string head = run.IsEmpty ? EmptyHead(run) : $"{run.Tool} {Verb(run.Packages)} {What(run.Packages, relevant)} at {Words.Stamp(run.Start)}{Starter(run)}";
        string where = Where(run, query, relation, gap);
        string tail = Tail(restarts, query);
        var line = new System.Text.StringBuilder(head);
        if (where.Length != 0) line.Append(", ").Append(where);
        if (tail.Length != 0) line.Append(": ").Append(tail);
        return line.ToString();
    }

    private static string EmptyHead(UpdateRun run)
    {
        string who = run.Trigger switch
        {
            UpdateTrigger.Cron => run.Schedule.StartsWith("cron", StringComparison.Ordinal) ? run.Schedule : $"cron ({run.Schedule})",
            UpdateTrigger.YumCron => "yum-cron",
            UpdateTrigger.DnfAutomatic => "dnf-automatic",
            _ => "someone",
        };
        return $"{who} started {(run.Command is null ? run.Tool : "`" + run.Command + "`")} at {Words.Stamp(run.Start)} but it changed no package";
    }

    private static string Starter(UpdateRun run) => run.Trigger switch
    {
        UpdateTrigger.Cron => $" ({CronWords(run)})",
        UpdateTrigger.YumCron => $" (yum-cron, {run.Schedule})",
        UpdateTrigger.DnfAutomatic => " (dnf-automatic)",
        _ => run.ScheduleEvidence.Count > 0 ? " (by hand)" : " (no schedule explains it: by hand)",
    };

    // "cron, 0 3 * * *"; when no crontab line was found the schedule already says "cron (...)".
    private static string CronWords(UpdateRun run) =>
        run.Schedule.StartsWith("cron", StringComparison.Ordinal) ? run.Schedule : $"cron, {run.Schedule}";

    private static string Verb(IReadOnlyList<PackageChange> packages)
    {
        var first = packages[0].Action;
        foreach (var p in packages)
            if (p.Action != first) return "changed";
        return first switch
        {
            PackageAction.Installed => "installed",
            PackageAction.Erased => "erased",
            _ => "updated",
        };
    }

    private static string What(IReadOnlyList<PackageChange> packages, IReadOnlyList<RelevantPackage> relevant)
    {
        var names = relevant.Select(r => r.Package.Name).Distinct().ToList();
        string count = packages.Count == 1 ? "1 package" : $"{packages.Count} packages";
        if (names.Count == 0) return $"{count}, none of them bearing on clocks, logging, the web server or restarts";
        if (names.Count == packages.Count && names.Count <= MaxNames) return Words.List(names);
        if (names.Count > MaxNames) return $"{count}, {names.Count} of them bearing on the incident ({string.Join(", ", names.Take(MaxNames))}, …)";
        return $"{count}, among them {Words.List(names)}";
    }

    private static string Where(UpdateRun run, UpdateWindowQuery query, UpdateRelation? relation, TimeSpan? gap)
    {
        if (query.IncidentStart is not { } start || relation is null) return "";
        var end = query.IncidentEnd ?? start;
        bool instant = start == end;
        string g = Words.Duration(gap ?? TimeSpan.Zero);
        return relation switch
        {
            UpdateRelation.Before when gap == TimeSpan.Zero => instant ? "ending at the moment given" : "ending as the incident began",
            UpdateRelation.Before => instant ? $"{g} before the moment given" : $"{g} before the incident began",
            UpdateRelation.After when gap == TimeSpan.Zero => instant ? "beginning at the moment given" : "beginning as the incident ended",
            UpdateRelation.After => instant ? $"{g} after the moment given" : $"{g} after the incident ended",
            UpdateRelation.During => instant ? "at the moment given" : $"{Words.Duration(run.Start - start)} after the incident began and while it lasted",
            _ when instant => "running across the moment given",
            _ when run.Start < start && run.End > end => "running across the whole incident",
            _ when run.Start < start => "running across the start of the incident",
            _ => "running across the end of the incident",
        };
    }

    private static string Tail(IReadOnlyList<RestartFinding> restarts, UpdateWindowQuery query)
    {
        var parts = new List<string>();
        // Daemons touched only through tzdata or glibc are summed up in one clause, or the line would list every daemon on the host.
        var keptOld = new List<string>();
        var keptOldPackages = new List<string>();
        bool updatedBeforeIncident = false;
        foreach (var f in restarts)
        {
            var packages = f.Package.Split(", ");
            bool indirect = Array.TrueForAll(packages, p => RelevanceRules.Find(p)?.EveryDaemon == true);
            bool host = f.Daemon == DaemonSignatures.Host;
            string name = host ? "the host" : f.Daemon;
            string how = host ? "rebooted" : "restarted";
            bool notBefore = f.RestartedBeforeIncident == false && f.UpdatedAt < query.IncidentStart;

            if (f.RestartedAt is { } at && !notBefore)
            {
                if (indirect && EdgeWords(at, query).Length == 0) continue;
                parts.Add((f.ByTheUpdate ? $"{name} was {how} by the update at {Words.Near(at, f.UpdatedAt)}" : $"{name} was {how} at {Words.Near(at, f.UpdatedAt)}")
                    + EdgeWords(at, query));
            }
            else if (indirect)
            {
                keptOld.Add(name);
                updatedBeforeIncident = f.UpdatedAt < query.IncidentStart;
                foreach (var p in packages) if (!keptOldPackages.Contains(p)) keptOldPackages.Add(p);
            }
            else
            {
                parts.Add(notBefore ? $"{name} was not {how} before the incident" : $"{name} was not {how} after it");
            }
        }
        if (keptOld.Count > 0)
            parts.Add($"{Words.List(keptOld)} kept the old {Words.List(keptOldPackages)}{(updatedBeforeIncident ? " into the incident" : "")}");
        return string.Join("; ", parts);
    }

    private static string EdgeWords(DateTimeOffset at, UpdateWindowQuery query)
    {
        if (query.IncidentStart is not { } start) return "";
        var end = query.IncidentEnd ?? start;
        if (start != end && (at - end).Duration() <= EdgeMatch) return $", which matches the incident ending at {Words.Near(end, at)}";
        if ((at - start).Duration() <= EdgeMatch) return start == end
            ? $", which matches the moment given ({Words.Near(start, at)})"
            : $", which matches the incident beginning at {Words.Near(start, at)}";
        return "";
    }
}
