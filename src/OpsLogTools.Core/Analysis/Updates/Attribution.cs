using System.Globalization;
using OpsLogTools.Core.Analysis.Updates.Timers;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>Decides what started a run, from the start lines around it and the crontab schedules.</summary>
internal sealed class Attribution
{
    private readonly UpdateDetectionOptions _options;
    private readonly IReadOnlyList<CronJob> _jobs;
    private readonly TimeZoneInfo? _zone;
    private readonly List<RunStart> _starts;
    private readonly Dictionary<TimeSpan, TimeZoneInfo> _fixedZones = [];
    private readonly IReadOnlyList<TimerUnit> _timers;

    // systemd starts a Persistent timer's missed elapse once the timer is active after boot; the random delay still applies.
    // The boot itself (kernel to timers.target) gets this much on top.
    private static readonly TimeSpan BootToTimers = TimeSpan.FromMinutes(10);
    // How far before a boot a missed elapse is looked for (a host down longer than a month is not caught up as "a missed night").
    private static readonly TimeSpan MissedReach = TimeSpan.FromDays(31);
    private readonly List<DateTimeOffset> _boots;
    // UTC minutes (ticks / TicksPerMinute) in which the input has any line: the host was up then.
    private readonly IReadOnlySet<long> _activeMinutes;

    public Attribution(UpdateDetectionOptions options, IReadOnlyList<CronJob> jobs, TimeZoneInfo? zone, List<RunStart> starts,
        IReadOnlyList<TimerUnit>? timers = null, IEnumerable<DateTimeOffset>? boots = null, IReadOnlySet<long>? activeMinutes = null)
    {
        _activeMinutes = activeMinutes ?? new HashSet<long>();
        _boots = boots?.Order().ToList() ?? [];
        _options = options;
        _jobs = jobs;
        _zone = zone;
        _starts = starts;
        _timers = timers ?? [];
    }

    private sealed record Decision(UpdateTrigger Trigger, string Schedule, string? Command, List<string> Evidence, string? Note, string? User = null);

    public UpdateRun ForPackages(List<(LogEntry Entry, PackageLines.LineKind Kind, PackageChange? Change)> group)
    {
        var first = group[0].Entry;
        var last = group[^1].Entry;
        var packages = new List<PackageChange>();
        var seen = new HashSet<(PackageAction, string)>();
        foreach (var line in group)
            if (line.Kind == PackageLines.LineKind.Change && line.Change is { } c && seen.Add((c.Action, c.ToString()))) packages.Add(c);
        if (first.Format is LogFormat.DnfRpm or LogFormat.Dnf) FromVersions(packages, group);

        var decision = Decide(first.Timestamp, markUsed: true);
        if (first is AptHistoryEntry apt)
        {
            var timer = apt.CommandLine is { } c && c.Contains("unattended-upgrade", StringComparison.Ordinal) ? FittingTimer(UpdateTrigger.SystemdTimer, first.Timestamp) : null;
            if (timer is not null && !decision.Evidence.Contains(timer.Value.Evidence)) decision.Evidence.Add(timer.Value.Evidence);
            var r = AptDecision.Refine(apt, decision.Trigger, decision.Schedule, decision.Command, decision.Evidence, decision.Note, decision.User,
                timer?.Timer.Describe());
            decision = new Decision(r.Trigger, r.Schedule, r.Command, r.Evidence, r.Note, r.User);
        }
        return new UpdateRun
        {
            Start = first.Timestamp,
            End = last is AptHistoryEntry a ? a.End ?? a.Timestamp : last.Timestamp,
            Packages = packages,
            Tool = ToolOf(first.Format),
            Path = first.Path,
            FirstLine = first.LineNumber,
            LastLine = last is AptHistoryEntry b ? b.EndLine : last.LineNumber,
            Trigger = decision.Trigger,
            Schedule = decision.Schedule,
            Command = decision.Command,
            User = decision.User,
            ScheduleEvidence = decision.Evidence,
            Note = decision.Note,
        };
    }

    /// <summary>
    /// dnf.rpm.log writes an upgrade as two lines, <c>Upgrade: new</c> and <c>Upgraded: old</c> (downgrades and reinstalls
    /// alike): the old one's <c>[epoch:]version-release</c> becomes the change's <see cref="PackageChange.FromVersion"/>,
    /// matched by name and architecture within the run.
    /// </summary>
    private static void FromVersions(List<PackageChange> packages, List<(LogEntry Entry, PackageLines.LineKind Kind, PackageChange? Change)> group)
    {
        var old = new Dictionary<(string, string), PackageChange>();
        foreach (var line in group)
            if (line.Kind == PackageLines.LineKind.Companion && line.Change is { Action: PackageAction.Replaced } c && c.Verb != "Cleanup")
                old.TryAdd((c.Name, c.Arch), c);
        if (old.Count == 0) return;
        for (int i = 0; i < packages.Count; i++)
        {
            var p = packages[i];
            if (p.FromVersion.Length != 0 || p.Action is not (PackageAction.Updated or PackageAction.Downgraded or PackageAction.Reinstalled)) continue;
            if (!old.TryGetValue((p.Name, p.Arch), out var o)) continue;
            string from = (o.Epoch > 0 ? o.Epoch.ToString(CultureInfo.InvariantCulture) + ":" : "") + $"{o.Version}-{o.Release}";
            packages[i] = p with { FromVersion = from };
        }
    }

    /// <summary>
    /// The bundle's timer that starts the updater behind <paramref name="trigger"/> (apt-daily-upgrade.service for
    /// unattended-upgrades, dnf-automatic*.service), preferring one that elapsed just before <paramref name="start"/>
    /// (within its random delay and accuracy), with the evidence line for it; null when the bundle has none.
    /// </summary>
    private (TimerUnit Timer, string Evidence, bool Fits)? FittingTimer(UpdateTrigger trigger, DateTimeOffset start)
    {
        (TimerUnit, string, bool)? any = null;
        foreach (var t in _timers)
        {
            if (UpdaterOf(t) != trigger) continue;
            if (t.ElapseBefore(start, ZoneFor(start), _options.Slack) is { } e)
                return (t, TimerEvidence(t, e, start), true);
            any ??= (t, t.CalendarEvidence.Count > 0 ? $"{t.CalendarEvidence[0]} (no elapse of it fits {Clock(start)})" : $"{t.Path}: no OnCalendar=", false);
        }
        return any;
    }

    /// <summary>The update trigger a timer's service stands for, else null (a timer that updates nothing).</summary>
    private static UpdateTrigger? UpdaterOf(TimerUnit timer) => timer.Unit switch
    {
        "apt-daily-upgrade.service" => UpdateTrigger.SystemdTimer,
        "dnf-automatic.service" or "dnf-automatic-install.service" => UpdateTrigger.DnfAutomatic,
        _ => null,
    };

    private string TimerEvidence(TimerUnit timer, DateTimeOffset elapse, DateTimeOffset start)
    {
        if (timer.Listing is { Last: { } last } listing && last == elapse)
            return $"{listing.Evidence} (systemctl list-timers: {timer.Name} last triggered {Clock(last)}; the run began {Words.Duration(start - last)} later)";
        int i = 0;
        for (; i < timer.Calendars.Count - 1; i++)
            if (timer.Calendars[i].LastAtOrBefore(elapse, ZoneFor(elapse), TimeSpan.Zero) == elapse) break;
        string line = i < timer.CalendarEvidence.Count ? timer.CalendarEvidence[i] : timer.Path;
        var late = start - elapse;
        string delay = timer.RandomizedDelay > TimeSpan.Zero ? $", within RandomizedDelaySec={TimerUnit.Span(timer.RandomizedDelay)}" : "";
        return $"{line} (elapsed {Clock(elapse)}; the run began {Words.Duration(late)} later{delay})";
    }

    /// <summary>A timer of the bundle whose updater elapsed just before <paramref name="start"/>, when no line shows the start.</summary>
    private (TimerUnit Timer, UpdateTrigger Trigger, string Evidence)? TimerFiredBefore(DateTimeOffset start)
    {
        (TimerUnit, UpdateTrigger, string, DateTimeOffset)? best = null;
        foreach (var t in _timers)
        {
            if (UpdaterOf(t) is not { } trigger) continue;
            if (t.ElapseBefore(start, ZoneFor(start), _options.Slack) is not { } e) continue;
            if (best is null || e > best.Value.Item4) best = (t, trigger, TimerEvidence(t, e, start), e);
        }
        return best is { } b ? (b.Item1, b.Item2, b.Item3) : null;
    }

    /// <summary>
    /// <c>Persistent=true</c>: an elapse that passed while the host was down fires once the timer is active after the next
    /// boot. A start at <paramref name="start"/> is such a catch-up when a boot came shortly before it (within the boot's own
    /// time, the random delay and the accuracy), the timer elapsed before that boot, and neither a start of the same updater
    /// nor any other line of the input lies between that elapse and the boot (the host was down through it). <paramref name="trigger"/> null: any updater's timer.
    /// </summary>
    private (TimerUnit Timer, string Evidence, string Note)? PersistentCatchUp(UpdateTrigger? trigger, DateTimeOffset start)
    {
        int b = _boots.FindLastIndex(t => t <= start + _options.Slack);
        if (b < 0) return null;
        var boot = _boots[b];
        foreach (var t in _timers)
        {
            if (!t.Persistent || UpdaterOf(t) is not { } updater || (trigger is not null && updater != trigger)) continue;
            if (start - boot > BootToTimers + t.RandomizedDelay + t.Accuracy + _options.Slack) continue;
            var zone = ZoneFor(boot);
            DateTimeOffset? missed = null;
            int which = 0;
            for (int i = 0; i < t.Calendars.Count; i++)
                if (t.Calendars[i].LastAtOrBefore(boot, zone, MissedReach) is { } e && (missed is null || e > missed)) (missed, which) = (e, i);
            if (missed is not { } m) continue;
            // A boot between the elapse and this one, or a run of the updater in between: the elapse was not missed at this boot.
            if (b > 0 && _boots[b - 1] > m) continue;
            if (_starts.Exists(s => s.Trigger == updater && s.Time > m && s.Time < boot)) continue;
            if (LoggedBetween(m, boot)) continue;
            string line = which < t.CalendarEvidence.Count ? t.CalendarEvidence[which] : t.Path;
            string evidence = $"{line} (Persistent=true: the elapse of {Clock(m)} passed while the host was down; it booted at {Clock(boot)} and the run began {Words.Duration(start - boot)} after)";
            return (t, evidence, $"Persistent catch-up: {t.Name} missed its elapse of {Clock(m)} while the host was down and fired after the boot of {Clock(boot)}");
        }
        return null;
    }

    /// <summary>Whether any line of the input falls strictly between the minutes of <paramref name="from"/> and <paramref name="to"/> (the host was up).</summary>
    private bool LoggedBetween(DateTimeOffset from, DateTimeOffset to)
    {
        long first = from.UtcTicks / TimeSpan.TicksPerMinute + 1, last = to.UtcTicks / TimeSpan.TicksPerMinute - 1;
        if (last - first > _activeMinutes.Count)
        {
            foreach (long minute in _activeMinutes)
                if (minute >= first && minute <= last) return true;
            return false;
        }
        for (long minute = first; minute <= last; minute++)
            if (_activeMinutes.Contains(minute)) return true;
        return false;
    }

    private static string ToolOf(LogFormat format) => format switch
    {
        LogFormat.DnfRpm => "dnf",
        LogFormat.Dpkg => "dpkg",
        LogFormat.AptHistory => "apt",
        _ => "yum",
    };

    /// <summary>Start lines no package run claimed: yum ran and changed nothing (or its log is missing).</summary>
    public IEnumerable<UpdateRun> ForUnusedStarts(bool sawPackageLog)
    {
        int i = 0;
        while (i < _starts.Count)
        {
            if (_starts[i].Used) { i++; continue; }
            // One start shows in several lines (cron CMD, run-parts, yum-cron's own); take them as one.
            var cluster = new List<RunStart> { _starts[i] };
            int j = i + 1;
            for (; j < _starts.Count && _starts[j].Time - cluster[0].Time <= _options.StartLookback; j++)
                if (!_starts[j].Used) cluster.Add(_starts[j]);
            i = j;
            if (!cluster.Exists(s => s.Match == UpdateJobMatch.Certain)) continue;

            var at = cluster[0].Time;
            var decision = DecideFrom(cluster, at, cluster.Where(s => s.Source == RunStartSource.Sudo).ToList());
            var head = cluster.Find(s => s.Match == UpdateJobMatch.Certain)!;
            string tool = cluster.Select(s => s.Tool).FirstOrDefault(t => t is not null) ?? "yum";
            string who = decision.Trigger == UpdateTrigger.Manual ? (head.User is null ? "someone" : head.User) : decision.Trigger switch
            {
                UpdateTrigger.YumCron => "yum-cron",
                UpdateTrigger.DnfAutomatic => "dnf-automatic",
                UpdateTrigger.SystemdTimer => "a systemd timer",
                _ => "cron",
            };
            string note = $"{who} started `{decision.Command ?? tool}` at {at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} but no package line followed: "
                + (sawPackageLog ? $"{tool} found nothing to do (or failed)" : "the input has no yum.log, dnf.rpm.log, dpkg.log or apt/history.log to show what it changed");
            yield return new UpdateRun
            {
                Start = at,
                End = at,
                Packages = [],
                Tool = tool,
                Path = head.Path,
                FirstLine = head.LineNumber,
                LastLine = cluster[^1].Path == head.Path ? cluster[^1].LineNumber : head.LineNumber,
                Trigger = decision.Trigger,
                Schedule = decision.Schedule,
                Command = decision.Command,
                User = decision.User,
                ScheduleEvidence = decision.Evidence,
                Note = note,
            };
        }
    }

    private Decision Decide(DateTimeOffset start, bool markUsed)
    {
        var near = _starts.Where(s => s.Time >= start - _options.StartLookback && s.Time <= start + _options.Slack && s.Source != RunStartSource.Sudo).ToList();
        var sudo = _starts.Where(s => s.Source == RunStartSource.Sudo && s.Time >= start - _options.ManualLookback && s.Time <= start + _options.Slack).ToList();
        var decision = DecideFrom(near, start, sudo);
        if (markUsed)
        {
            foreach (var s in near) if (s.Match == UpdateJobMatch.Certain) s.Used = true;
            if (decision.Trigger == UpdateTrigger.Manual) foreach (var s in sudo) s.Used = true;
        }
        return decision;
    }

    private Decision DecideFrom(List<RunStart> near, DateTimeOffset start, List<RunStart> sudo)
    {
        var evidence = new List<string>();
        var dnfCommand = Latest(near, s => s.Source == RunStartSource.DnfCommandLine);

        var cron = Latest(near, s => s.Source == RunStartSource.CronCommand && s.Match == UpdateJobMatch.Certain);
        var service = Latest(near, s => s.Source is RunStartSource.RunParts or RunStartSource.UpdaterService);
        if (cron is not null)
        {
            evidence.Add(cron.Evidence);
            var job = MatchJob(cron);
            if (job is not null) evidence.Add(Evidence.Line(job));
            if (service is not null) evidence.Add(service.Evidence);
            if (dnfCommand is not null) evidence.Add(dnfCommand.Evidence);
            return new(cron.Trigger, job?.Schedule ?? NoCrontab(), cron.Command, evidence, null, cron.User ?? job?.User);
        }
        if (service is not null)
        {
            evidence.Add(service.Evidence);
            var job = _jobs.FirstOrDefault(j => j.IsUpdateJob && j.UpdateKind == service.Trigger);
            if (job is not null) evidence.Add(Evidence.Line(job));
            if (dnfCommand is not null) evidence.Add(dnfCommand.Evidence);
            var timer = job is null && service.Trigger is UpdateTrigger.DnfAutomatic or UpdateTrigger.SystemdTimer ? FittingTimer(service.Trigger, service.Time) : null;
            if (timer is not null) evidence.Add(timer.Value.Evidence);
            string schedule = job?.Schedule ?? timer?.Timer.Describe() ?? (service.Source == RunStartSource.RunParts ? RunPartsSchedule(service.Program)
                : service.Trigger == UpdateTrigger.DnfAutomatic ? "dnf-automatic timer"
                : service.Trigger == UpdateTrigger.SystemdTimer ? AptDecision.UnattendedTimer : "yum-cron");
            // dnf-automatic's run whose timer elapse the bundle shows is a systemd timer's run like any other (the timer is named in
            // the schedule); without its unit it stays DnfAutomatic.
            var trigger = service.Trigger == UpdateTrigger.DnfAutomatic && timer is { Fits: true } ? UpdateTrigger.SystemdTimer : service.Trigger;
            string? note = null;
            if (timer is { Fits: false } && PersistentCatchUp(service.Trigger, service.Time) is { } caught)
            {
                evidence.Remove(timer.Value.Evidence);
                evidence.Add(caught.Evidence);
                (trigger, schedule, note) = (UpdateTrigger.SystemdTimer, caught.Timer.Describe(), caught.Note);
            }
            return new(trigger, schedule, service.Command, evidence, note);
        }

        var manual = sudo.Count == 0 ? null : sudo[^1];
        if (manual is not null)
        {
            evidence.Add(manual.Evidence);
            if (dnfCommand is not null) evidence.Add(dnfCommand.Evidence);
            return new(UpdateTrigger.Manual, "Manual", manual.Command, evidence,
                $"{manual.User ?? "someone"} ran `{manual.Command}` through sudo", manual.User);
        }

        if (FiredBefore(start, UpdateJobMatch.Certain) is { } fired)
        {
            evidence.Add($"{Evidence.Line(fired.Job)} (fires at {Clock(fired.At)}; no cron log line for it in the input)");
            if (dnfCommand is not null) evidence.Add(dnfCommand.Evidence);
            return new(fired.Job.UpdateKind ?? UpdateTrigger.Cron, fired.Job.Schedule, fired.Job.Command, evidence, null);
        }

        if (TimerFiredBefore(start) is { } timerFired)
        {
            evidence.Add(timerFired.Evidence + "; no line in the input shows the start");
            if (dnfCommand is not null) evidence.Add(dnfCommand.Evidence);
            return new(UpdateTrigger.SystemdTimer, timerFired.Timer.Describe(), dnfCommand?.Command ?? timerFired.Timer.Unit, evidence, null);
        }

        if (PersistentCatchUp(null, start) is { } caughtUp)
        {
            evidence.Add(caughtUp.Evidence + "; no line in the input shows the start");
            if (dnfCommand is not null) evidence.Add(dnfCommand.Evidence);
            return new(UpdateTrigger.SystemdTimer, caughtUp.Timer.Describe(), dnfCommand?.Command ?? caughtUp.Timer.Unit, evidence, caughtUp.Note);
        }

        var maybe = Latest(near, s => s.Source == RunStartSource.CronCommand && s.Match == UpdateJobMatch.Possible);
        if (maybe is not null)
        {
            evidence.Add(maybe.Evidence);
            var job = MatchJob(maybe);
            if (job is not null) evidence.Add(Evidence.Line(job));
            return new(UpdateTrigger.Cron, job?.Schedule ?? NoCrontab(), maybe.Command, evidence,
                $"cron ran `{maybe.Command}` just before; its name suggests an update script: check what it runs");
        }
        if (FiredBefore(start, UpdateJobMatch.Possible) is { } possible)
        {
            evidence.Add($"{Evidence.Line(possible.Job)} (fires at {Clock(possible.At)}; no cron log line for it in the input)");
            return new(UpdateTrigger.Cron, possible.Job.Schedule, possible.Job.Command, evidence,
                $"the crontab job `{possible.Job.Command}` fired just before; its name suggests an update script: check what it runs");
        }

        if (dnfCommand is not null)
        {
            evidence.Add(dnfCommand.Evidence);
            return new(dnfCommand.Trigger, dnfCommand.Trigger == UpdateTrigger.DnfAutomatic ? "dnf-automatic timer" : "Manual", dnfCommand.Command, evidence, null);
        }
        return new(UpdateTrigger.Manual, "Manual", null, evidence, null);
    }

    private static RunStart? Latest(List<RunStart> starts, Func<RunStart, bool> predicate)
    {
        RunStart? best = null;
        foreach (var s in starts)
            if (predicate(s) && (best is null || s.Time >= best.Time)) best = s;
        return best;
    }

    private string NoCrontab() => _jobs.Count == 0 ? "cron (crontab not in the input)" : "cron (no matching crontab line)";

    private static string RunPartsSchedule(string? program)
    {
        // run-parts(/etc/cron.daily) → /etc/cron.daily, which cron or anacron runs once a day.
        if (program is not null)
        {
            int open = program.IndexOf('('), close = program.LastIndexOf(')');
            if (open >= 0 && close > open + 1) return $"{program[(open + 1)..close]} (run-parts)";
        }
        return "run-parts";
    }

    private CronJob? MatchJob(RunStart cron)
    {
        var zone = ZoneFor(cron.Time);
        CronJob? loose = null;
        foreach (var job in _jobs)
        {
            bool userOk = job.User is null || cron.User is null || job.User == cron.User;
            if (!userOk) continue;
            var fired = job.LastOccurrenceAtOrBefore(cron.Time + _options.Slack, zone);
            bool onTime = fired is { } f && cron.Time + _options.Slack - f <= TimeSpan.FromMinutes(1) + _options.Slack;
            if (string.Equals(job.Command.Trim(), cron.Command, StringComparison.Ordinal))
            {
                if (onTime || job.Expressions.Length == 0) return job;
                loose ??= job;
            }
            else if (onTime && job.UpdateMatch == cron.Match && job.UpdateKind == cron.Trigger && loose is null)
            {
                loose = job;
            }
        }
        return loose;
    }

    private (CronJob Job, DateTimeOffset At)? FiredBefore(DateTimeOffset start, UpdateJobMatch match)
    {
        (CronJob Job, DateTimeOffset At)? best = null;
        var zone = ZoneFor(start);
        foreach (var job in _jobs)
        {
            if (job.UpdateMatch != match) continue;
            var fired = job.LastOccurrenceAtOrBefore(start + _options.Slack, zone);
            if (fired is not { } f || start - f > _options.StartLookback) continue;
            if (best is null || f > best.Value.At) best = (job, f);
        }
        return best;
    }

    private TimeZoneInfo ZoneFor(DateTimeOffset stamp)
    {
        if (_zone is not null) return _zone;
        if (!_fixedZones.TryGetValue(stamp.Offset, out var zone))
        {
            string name = "UTC" + Reading.TimeReference.FormatOffset(stamp.Offset);
            zone = TimeZoneInfo.CreateCustomTimeZone(name, stamp.Offset, name, name);
            _fixedZones[stamp.Offset] = zone;
        }
        return zone;
    }

    private static string Clock(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);
}
