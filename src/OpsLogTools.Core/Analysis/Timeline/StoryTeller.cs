using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Analysis.Logins;
using OpsLogTools.Core.Analysis.Updates;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>
/// Condenses the merged timeline into the events of an incident note. Sees every line once, in true-time order,
/// and keeps only the few that matter (and the package, cron and service lines the update detector needs).
/// </summary>
internal sealed class StoryTeller
{
    private const StringComparison Ord = StringComparison.Ordinal;
    // A server error after this long without one starts a new episode: its first 5xx is worth a line of the story.
    private static readonly TimeSpan QuietBeforeErrors = TimeSpan.FromHours(1);
    private static readonly TimeSpan RepeatAfter = TimeSpan.FromHours(1);

    private readonly IReadDiagnostics _diagnostics;
    private readonly List<StoryDraft> _drafts = [];
    private readonly List<ClockGroup> _clocks;
    private readonly Dictionary<string, StoryDraft> _down = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<LogEntry> _updateLines = [];
    // The update detector is given only the lines it can make a run of (package lines, and lines a run start is read
    // from), not every daemon line: this probe reads run starts as the detector will, so the story holds a line per
    // run start and package line, not per line of the host (2 M lines of one daemon held 600 MB before).
    private readonly RunStartCollector _startProbe = new();
    private StoryDraft? _errors;
    private StoryDraft? _workerLimit;
    private readonly RebootWatch _reboots = new();
    // Password guessing before a login (issue 16): failed tries per source, so that a login from a source that guessed
    // says so. Bounded: past MaxGuessingSources new sources are no longer counted (the internet's noise is thousands).
    private const int MaxGuessingSources = 100_000;

    /// <summary>The words a login story event ends with when its source guessed passwords first (the report's narrative looks for them).</summary>
    internal const string AfterGuessing = "a login after password guessing";
    // The journal and rsyslog's files hold the same sshd lines on most hosts: each is counted apart, the larger told.
    private readonly Dictionary<string, (long Text, long Journal, DateTimeOffset First)> _failedTries = new(StringComparer.Ordinal);
    private readonly ClockStory _clockStory = new();

    public StoryTeller(HostTimeline timeline, IReadDiagnostics diagnostics)
    {
        _diagnostics = diagnostics;
        _clocks = ClockGroup.From(timeline.Displacements);
    }

    /// <summary>Lines held for the update detector until the end (what the story's memory grows with).</summary>
    internal int LinesHeldForUpdates => _updateLines.Count;

    public void Observe(MergedLine line)
    {
        var e = line.Entry;
        var time = line.Time;
        var category = EventCategories.Of(e);
        foreach (var g in _clocks) g.Observe(line);

        switch (category)
        {
            case TimelineCategory.Web when e is AccessLogEntry { Status: >= 500 } a:
                ServerError(a, line);
                break;
            case TimelineCategory.WebServer:
                if (StoryLines.IsWorkerLimit(e.Message)) WorkerLimit(line);
                else if (StoryLines.IsApacheResuming(e.Message)) Up("httpd", line);
                break;
            case TimelineCategory.Kernel when StoryLines.TryOomKill(e.Message, out int pid, out string name):
                _drafts.Add(new StoryDraft(StoryEventKind.OomKill, line,
                    $"The kernel's OOM killer killed {(name.Length > 0 ? name : "a process")} (pid {pid}): the host ran out of memory."));
                break;
            case TimelineCategory.Auth when AuthLineParser.IsSshd(e.Program) && StoryLines.TryLogin(e.Message, out string user, out string address, out string method):
                _drafts.Add(new StoryDraft(StoryEventKind.Login, line, LoginSummary(user, address, method)));
                break;
            case TimelineCategory.Auth when AuthLineParser.TryParse(e.Program, e.Message, out var auth)
                && auth.Kind is AuthLineKind.Failed or AuthLineKind.PamFailure or AuthLineKind.InvalidUser:
                // Failed lines are the tries counted; pam_unix's failure line (written before sshd's) and sshd's
                // "Invalid user" start an attack as Find-LoginActivity dates it.
                CountFailedTry(auth.Source, time, e is JournalEntry, auth.Kind == AuthLineKind.Failed ? 1 : 0);
                break;
            case TimelineCategory.Auth when e.Program == "sudo" && StoryLines.TrySudo(e.Message, out string who, out string runAs, out string command, out bool refused):
                _drafts.Add(new StoryDraft(StoryEventKind.PrivilegedCommand, line,
                    refused ? $"{who} tried to run {command} as {runAs} and was refused." : $"{who} ran {command} as {runAs}."));
                break;
        }

        if (IsHostLog(e.Format) && _reboots.Observe(line) is { } reboot) _drafts.Add(reboot);
        if (_clockStory.Observe(line) is { } clock) _drafts.Add(clock);
        if (e.Program == "systemd") Systemd(line);
        else if (StoryLines.IsRsyslogStart(e.Program, e.Message))
            _drafts.Add(new StoryDraft(StoryEventKind.LoggerRestart, line, "rsyslog started: the system logger's files are written by a new process from here."));

        if (category is TimelineCategory.Package or TimelineCategory.Cron or TimelineCategory.System or TimelineCategory.Kernel or TimelineCategory.WebServer
            || e.Program == "sudo")
        {
            var u = time == e.Timestamp ? e : Retimed(e, time);
            if (ForUpdates(u)) _updateLines.Add(u);
        }
    }

    public IReadOnlyList<StoryEvent> Finish(TimelineOptions options)
    {
        if (_errors is not null) CloseErrors();
        if (_workerLimit is not null) CloseWorkerLimit();
        if (_reboots.Finish() is { } shutdown) _drafts.Add(shutdown);
        foreach (var g in _clocks) _drafts.AddRange(g.Drafts());
        _drafts.AddRange(UpdateRuns());
        long after = options.After?.UtcTicks ?? long.MinValue, before = options.Before?.UtcTicks ?? long.MaxValue;
        return _drafts
            .Where(d => d.Time.UtcTicks >= after && d.Time.UtcTicks <= before)
            .OrderBy(d => d.Time.UtcTicks)
            .ThenBy(d => d.Kind)
            .Select(d => d.Build())
            .ToList();
    }

    private void CountFailedTry(string source, DateTimeOffset time, bool journal, int tries)
    {
        if (!_failedTries.TryGetValue(source, out var tally))
        {
            if (_failedTries.Count >= MaxGuessingSources) return;
            tally = (0, 0, time);
        }
        _failedTries[source] = journal ? tally with { Journal = tally.Journal + tries } : tally with { Text = tally.Text + tries };
    }

    /// <summary>A login, and — when its source failed to log in before — how often and since when: a login after guessing.</summary>
    private string LoginSummary(string user, string address, string method)
    {
        string login = $"{user} logged in over ssh from {address} ({method})";
        if (AuthLineParser.Source(address) is not { } source || !_failedTries.TryGetValue(source, out var tally)) return login + ".";
        long count = Math.Max(tally.Text, tally.Journal);
        if (count == 0) return login + ".";
        string tries = count == 1 ? "1 failed try" : $"{count:N0} failed tries";
        return $"{login} after {tries} from that address since {TimelineWords.Time(tally.First)}: {AfterGuessing} (Find-LoginActivity tells the attack).";
    }

    private void ServerError(AccessLogEntry a, MergedLine line)
    {
        var time = line.Time;
        if (_errors is not null && time - _errors.LastFollower <= QuietBeforeErrors)
        {
            _errors.Followers++;
            _errors.LastFollower = time;
            return;
        }
        if (_errors is not null) CloseErrors();
        _errors = new StoryDraft(StoryEventKind.FirstServerError, line,
            $"The web server answered {a.Status} to {a.Method} {a.Target} from {a.ClientIp}: its first server error")
        { LastFollower = time };
    }

    private void CloseErrors()
    {
        var d = _errors!;
        long total = d.Followers + 1;
        d.Summary += total == 1 ? "." : $", the first of {total:N0} until {TimelineWords.Time(d.LastFollower)}.";
        d.Evidence.Add($"{total:N0} server error(s) (5xx) in the access logs from {TimelineWords.Time(d.Time)} to {TimelineWords.Time(d.LastFollower)}, none in the hour before.");
        _drafts.Add(d);
        _errors = null;
    }

    private void WorkerLimit(MergedLine line)
    {
        var time = line.Time;
        if (_workerLimit is not null && time - _workerLimit.LastFollower <= RepeatAfter)
        {
            _workerLimit.Followers++;
            _workerLimit.LastFollower = time;
            return;
        }
        if (_workerLimit is not null) CloseWorkerLimit();
        _workerLimit = new StoryDraft(StoryEventKind.WorkerLimitReached, line,
            "Apache reached MaxRequestWorkers: every worker was busy and new requests had to wait.")
        { LastFollower = time };
    }

    private void CloseWorkerLimit()
    {
        var d = _workerLimit!;
        if (d.Followers > 0) d.Evidence.Add($"Logged {d.Followers + 1} times until {TimelineWords.Time(d.LastFollower)}.");
        _drafts.Add(d);
        _workerLimit = null;
    }

    private void Systemd(MergedLine line)
    {
        var e = line.Entry;
        if (StoryLines.TryUnitFailed(e.Message, out string unit))
        {
            // A user's session units stop at every logout; units that fail while the host goes down belong to the shutdown.
            if (SystemdLines.IsSessionUnit(unit + ".service", "") || e.ProcessId is > 1) return;
            if (_reboots.ShuttingDown)
            {
                _reboots.FailedOnTheWay(unit, line);
                return;
            }
            if (_down.TryGetValue(unit, out var open))
            {
                open.Evidence.Add(StoryLines.Quote(line));
                return;
            }
            var d = new StoryDraft(StoryEventKind.ServiceDown, line, $"{unit} went down: {Reason(e.Message)}.");
            _down.Add(unit, d);
            _drafts.Add(d);
            return;
        }
        foreach (string down in _down.Keys)
        {
            if (StoryLines.StartsUnit(e.Message, down))
            {
                Up(down, line);
                return;
            }
        }
    }

    private void Up(string unit, MergedLine line)
    {
        var time = line.Time;
        if (!_down.Remove(unit, out var down)) return;
        var d = new StoryDraft(StoryEventKind.ServiceUp, line, $"{unit} is up again after {Duration(time - down.Time)} down.");
        d.Evidence.Add($"Down since {TimelineWords.Time(down.Time)} ({TimelineWords.Where(down.Path, down.Line)}).");
        _drafts.Add(d);
    }

    private IEnumerable<StoryDraft> UpdateRuns()
    {
        if (_updateLines.Count == 0) yield break;
        var history = new UpdateRunDetector(null, NullDiagnostics.Instance).Detect(_updateLines);
        foreach (var run in history.Runs)
        {
            if (run.IsEmpty) continue;
            var names = run.Packages.Select(p => p.Name).Distinct().ToList();
            string list = names.Count <= 5 ? string.Join(", ", names) : string.Join(", ", names.Take(5)) + $" and {names.Count - 5} more";
            string by = run.Trigger switch
            {
                UpdateTrigger.Manual => run.User is { } user ? $"by hand ({user})" : "by hand",
                UpdateTrigger.SystemdTimer => "by a systemd timer",
                _ => $"by {run.Trigger.ToString().ToLowerInvariant()}",
            };
            var d = new StoryDraft(StoryEventKind.UpdateRun, run.Start, run.Path, run.FirstLine, run.Start,
                $"{run.Tool} changed {names.Count} package(s), started {by}: {list}.");
            d.Evidence.Add($"{TimelineWords.Where(run.Path, run.FirstLine)} through {TimelineWords.Where(run.Path, run.LastLine)}: {run.Packages.Count} package line(s) from {TimelineWords.Time(run.Start)} to {TimelineWords.Time(run.End)}.");
            if (run.Command is { } c) d.Evidence.Add($"Command: {c}");
            if (run.Trigger != UpdateTrigger.Manual) d.Evidence.Add($"Schedule: {run.Schedule}");
            d.Evidence.AddRange(run.ScheduleEvidence);
            if (run.Note is { } n) d.Evidence.Add(n);
            yield return d;
        }
    }

    // A line the detector could use: a package line (change, companion, transaction boundary), or one its run-start
    // reader takes. Lines it takes nothing from change none of its state, so leaving them out changes no run.
    private bool ForUpdates(LogEntry e)
    {
        if (e is AptHistoryEntry || PackageLines.Read(e, out _, out _) != PackageLines.LineKind.None) return true;
        int before = _startProbe.Starts.Count;
        _startProbe.Add(e);
        return _startProbe.Starts.Count > before;
    }

    private static string Reason(string message)
    {
        if (message.Contains("code=killed", Ord)) return "its main process was killed (" + After(message, "status=") + ")";
        if (message.Contains("code=dumped", Ord)) return "its main process crashed (core dumped)";
        if (message.Contains("main process exited", StringComparison.OrdinalIgnoreCase)) return "its main process exited (" + After(message, "status=") + ")";
        return "the unit failed";
    }

    private static string After(string message, string key)
    {
        int at = message.IndexOf(key, Ord);
        return at < 0 ? "no status" : key + message[(at + key.Length)..].Trim();
    }

    private static string Duration(TimeSpan span)
    {
        if (span.TotalMinutes < 2) return $"{span.TotalSeconds:0} s";
        if (span.TotalHours < 2) return $"{span.TotalMinutes:0} min";
        return $"{(int)span.TotalHours} h {span.Minutes} min";
    }

    private static bool IsHostLog(LogFormat format) =>
        format is LogFormat.Syslog or LogFormat.SyslogIso or LogFormat.JournalJson or LogFormat.JournalShortIso or LogFormat.Journal or LogFormat.JournalExport;

    private static LogEntry Retimed(LogEntry e, DateTimeOffset time) => new()
    {
        Path = e.Path,
        LineNumber = e.LineNumber,
        Format = e.Format,
        Timestamp = time,
        StampText = e.StampText,
        HostName = e.HostName,
        Program = e.Program,
        ProcessId = e.ProcessId,
        Level = e.Level,
        Message = e.Message,
        TimeBasis = e.TimeBasis,
    };
}
