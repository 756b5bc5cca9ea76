using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>
/// Groups yum.log, dnf.rpm.log and dpkg.log package lines into update runs (one transaction: lines close together; one
/// apt history record each, with dpkg.log's lines of the same run folded into it) and finds
/// what started each run: a cron <c>CMD</c> line, yum-cron or dnf-automatic, a crontab schedule that fired just
/// before, a sudo line, or nothing (<see cref="UpdateTrigger.Manual"/>). In the same pass it collects daemon restarts
/// for the restart analysis. Cron starts of an update that left no package line become runs with no packages.
/// </summary>
public sealed class UpdateRunDetector
{
    private readonly UpdateDetectionOptions _options;
    private readonly IReadDiagnostics _diagnostics;

    /// <summary>Creates a detector.</summary>
    public UpdateRunDetector(UpdateDetectionOptions? options = null, IReadDiagnostics? diagnostics = null)
    {
        _options = options ?? UpdateDetectionOptions.Default;
        _diagnostics = diagnostics ?? NullDiagnostics.Instance;
    }

    /// <summary>
    /// Reads every entry once (any formats, any order). <paramref name="cronJobs"/> are the crontab lines to match
    /// (from <see cref="CrontabReader"/>); <paramref name="cronZone"/> is the zone cron evaluates schedules in (the
    /// host's zone); null takes the fixed offset of each run's own stamps.
    /// </summary>
    public UpdateHistory Detect(IEnumerable<LogEntry> entries, IReadOnlyList<CronJob>? cronJobs = null, TimeZoneInfo? cronZone = null) =>
        Detect(entries, cronJobs, cronZone, null);

    /// <summary>
    /// As <see cref="Detect(IEnumerable{LogEntry}, IReadOnlyList{CronJob}?, TimeZoneInfo?)"/>, with the bundle's systemd timer
    /// units (<see cref="Timers.TimerUnitReader"/>): a run of unattended-upgrades or dnf-automatic is matched to the timer
    /// elapse that fired it, as a cron run is matched to its crontab line.
    /// </summary>
    public UpdateHistory Detect(IEnumerable<LogEntry> entries, IReadOnlyList<CronJob>? cronJobs, TimeZoneInfo? cronZone, IReadOnlyList<Timers.TimerUnit>? timers)
    {
        cronJobs ??= [];
        var lines = new List<(LogEntry Entry, PackageLines.LineKind Kind, PackageChange? Change)>();
        var services = new ServiceEventCollector();
        var starts = new RunStartCollector();
        var activeMinutes = new HashSet<long>();
        foreach (var entry in entries)
        {
            activeMinutes.Add(entry.Timestamp.UtcTicks / TimeSpan.TicksPerMinute);
            if (entry is AptHistoryEntry record)
            {
                // One apt run: its changes are one group by construction (one entry, one stamp, one path).
                if (record.Packages.Count == 0) lines.Add((entry, PackageLines.LineKind.Companion, null));
                foreach (var p in record.Packages) lines.Add((entry, PackageLines.LineKind.Change, p));
                continue;
            }
            var kind = PackageLines.Read(entry, out var change, out bool malformed);
            if (malformed) _diagnostics.Warning(entry.Path, entry.LineNumber, $"Package line not understood: {entry.Message}");
            if (kind != PackageLines.LineKind.None) lines.Add((entry, kind, change));
            else
            {
                services.Add(entry);
                starts.Add(entry);
            }
        }

        var boots = services.Events.Where(e => e.Kind == ServiceEventKind.Booted).Select(e => e.Time);
        var context = new Attribution(_options, cronJobs, cronZone, starts.Starts.OrderBy(s => s.Time).ToList(), timers, boots, activeMinutes);
        var runs = new List<UpdateRun>();
        var groups = Group(lines.OrderBy(l => l.Entry.Timestamp)).ToList();
        foreach (var group in groups)
        {
            // dpkg.log's lines of a run apt recorded are that run, told twice: the apt record (with its command line and
            // user) stands for both.
            if (group[0].Entry.Format == LogFormat.Dpkg && InsideAptRecord(group, groups)) continue;
            runs.Add(context.ForPackages(group));
        }
        runs.AddRange(context.ForUnusedStarts(sawPackageLog: lines.Count > 0));
        runs.Sort((a, b) => a.Start.CompareTo(b.Start));

        _diagnostics.Verbose($"Update runs: {runs.Count(r => !r.IsEmpty)} with packages, {runs.Count(r => r.IsEmpty)} cron start(s) with none; {services.Events.Count} service event(s).");
        return new UpdateHistory
        {
            Runs = runs,
            ServiceEvents = services.Events.OrderBy(e => e.Time).ToList(),
            SawServiceLines = services.SawServiceLines,
            CronJobs = cronJobs,
            Timers = timers ?? [],
        };
    }

    private IEnumerable<List<(LogEntry Entry, PackageLines.LineKind Kind, PackageChange? Change)>> Group(
        IEnumerable<(LogEntry Entry, PackageLines.LineKind Kind, PackageChange? Change)> sorted)
    {
        var current = new List<(LogEntry Entry, PackageLines.LineKind Kind, PackageChange? Change)>();
        foreach (var line in sorted)
        {
            if (line.Kind == PackageLines.LineKind.Boundary)
            {
                if (current.Count > 0) { if (HasChange(current)) yield return current; current = []; }
                continue;
            }
            if (current.Count > 0)
            {
                var last = current[^1].Entry;
                // One transaction is written by one process into one file without long pauses.
                // Each apt history record is a run of its own, however close the next one starts.
                bool otherRecord = (line.Entry is AptHistoryEntry || last is AptHistoryEntry) && !ReferenceEquals(line.Entry, last);
                if (otherRecord || line.Entry.Timestamp - last.Timestamp > _options.MaxGap || !string.Equals(line.Entry.Path, last.Path, StringComparison.Ordinal))
                {
                    if (HasChange(current)) yield return current;
                    current = [];
                }
            }
            current.Add(line);
        }
        if (HasChange(current)) yield return current;
    }

    private bool InsideAptRecord(List<(LogEntry Entry, PackageLines.LineKind Kind, PackageChange? Change)> dpkg,
        List<List<(LogEntry Entry, PackageLines.LineKind Kind, PackageChange? Change)>> groups)
    {
        var first = dpkg[0].Entry.Timestamp;
        var last = dpkg[^1].Entry.Timestamp;
        foreach (var g in groups)
        {
            if (g[0].Entry is not AptHistoryEntry apt) continue;
            var end = apt.End ?? apt.Timestamp + _options.MaxGap;
            if (first >= apt.Timestamp - _options.Slack && last <= end + _options.Slack) return true;
        }
        return false;
    }

    private static bool HasChange(List<(LogEntry Entry, PackageLines.LineKind Kind, PackageChange? Change)> group) =>
        group.Exists(l => l.Kind == PackageLines.LineKind.Change);
}
