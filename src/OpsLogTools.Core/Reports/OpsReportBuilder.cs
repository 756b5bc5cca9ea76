using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Analysis.Updates;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Reports;

/// <summary>
/// Builds an <see cref="OpsReport"/> in one pass: <see cref="Analyze"/> enumerates the entries once and hands each to
/// the anomaly scan, the bot detector, the update-run detector and the per-minute counters. Findings made elsewhere
/// (piped from the other cmdlets) are added with the <c>Add</c> overloads and reported as given.
/// </summary>
/// <remarks>
/// The period (<see cref="OpsReportOptions.Since"/>/<see cref="OpsReportOptions.Until"/>) limits what is reported,
/// not what is read: anomaly and update detection see every entry, because a displaced run is stamped months away
/// from the period it belongs to and a cron start may lie just before it. Their findings are kept when they overlap
/// the period. Requests (the charts, the bots) are counted only inside it.
/// </remarks>
public sealed class OpsReportBuilder
{
    private static readonly DamageKind[] CorruptionKinds = [DamageKind.NulBytes, DamageKind.Binary, DamageKind.TruncatedGzip, DamageKind.CorruptGzip];

    private readonly OpsReportOptions _options;
    private readonly IReadDiagnostics _diagnostics;
    private readonly AnomalyScan _scan;
    private readonly BotDetector _bots;
    private readonly BotTracks _tracks;
    private readonly MinuteCounter _minutes = new();
    private readonly List<UpdateHistory> _histories = new();
    private readonly Dictionary<string, SourceCounts> _sources = new(StringComparer.Ordinal);
    private readonly List<SourceCounts> _sourceOrder = new();
    private readonly Dictionary<string, int> _hostNames = new(StringComparer.Ordinal);
    private readonly Dictionary<int, long> _offsets = new();
    private readonly List<LogAnomaly> _givenAnomalies = new();
    private readonly List<BotActivity> _givenBots = new();
    private readonly List<UpdateWindowResult> _givenUpdates = new();
    private readonly List<StoryEvent> _story = new();
    private readonly List<string> _problems = new();
    private bool _entriesExpected;
    private long _entries, _inPeriod, _scanned;
    private SourceCounts? _last;
    private bool _built;

    /// <summary>Creates a builder.</summary>
    public OpsReportBuilder(OpsReportOptions? options = null, IReadDiagnostics? diagnostics = null)
    {
        _options = options ?? new OpsReportOptions();
        _diagnostics = diagnostics ?? NullDiagnostics.Instance;
        _scan = new AnomalyScan(_options.AnomalyOptions);
        _bots = new BotDetector(_options.BotOptions, _diagnostics);
        _tracks = new BotTracks(_bots.Resolver, _options.BotOptions.MaxClients);
    }

    /// <summary>
    /// Reads <paramref name="entries"/> once, feeding every engine. Each file's entries must come in file order (as the
    /// reader and Get-LogEntry give them); files may interleave. May be called more than once (e.g. piped entries, then
    /// files read); each call is one pass of its own.
    /// </summary>
    public void Analyze(IEnumerable<LogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ThrowIfBuilt();
        // The update detector pulls its input; the other engines are fed from inside that same enumeration.
        var history = new UpdateRunDetector(diagnostics: _diagnostics).Detect(Observe(entries), _options.CronJobs, _options.HostZone, _options.Timers);
        _histories.Add(history);
    }

    /// <summary>Takes what the reader met while reading: per-file counts and the damaged stretches (for corruption findings).</summary>
    public void AddReadReports(IEnumerable<FileReadReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ThrowIfBuilt();
        foreach (var report in reports)
        {
            var counts = SourceFor(report.Path, report.Format);
            counts.Malformed += report.Malformed;
            counts.Damaged += report.Damage.Count;
            foreach (var damage in report.Damage)
            {
                // Malformed slots of wtmp/btmp are wiper evidence for the verdict (AnomalyScan.AddDamage).
                if (Array.IndexOf(CorruptionKinds, damage.Kind) < 0 && !(damage.Kind == DamageKind.Malformed && report.Format == LogFormat.Utmp)) continue;
                _scan.AddDamage(new FileDamage { Path = report.Path, FirstLine = damage.FirstLine, LastLine = damage.LastLine, Kind = damage.Kind, Bytes = damage.Bytes, FileLastWriteTime = report.LastWriteTime, Note = damage.Note });
            }
        }
    }

    /// <summary>Clients whose requests per minute are kept for the charts (at most the detector's <see cref="BotDetectorOptions.MaxClients"/>).</summary>
    internal int TrackedClients => _tracks.Count;

    /// <summary>Adds an anomaly found elsewhere (Get-LogAnomaly output).</summary>
    public void Add(LogAnomaly anomaly) { ArgumentNullException.ThrowIfNull(anomaly); _givenAnomalies.Add(anomaly); }

    /// <summary>Adds a bot finding made elsewhere (Find-BotRequest output).</summary>
    public void Add(BotActivity activity) { ArgumentNullException.ThrowIfNull(activity); _givenBots.Add(activity); }

    /// <summary>Adds an update run set against an incident elsewhere (Test-YumUpdateWindow output).</summary>
    public void Add(UpdateWindowResult result) { ArgumentNullException.ThrowIfNull(result); _givenUpdates.Add(result); }

    /// <summary>Adds the story of the night (Get-LogTimeline -Summary); the events inside the period lead the report.</summary>
    public void AddStory(IEnumerable<StoryEvent> story)
    {
        ArgumentNullException.ThrowIfNull(story);
        ThrowIfBuilt();
        _story.AddRange(story);
    }

    /// <summary>
    /// Says what kept a file or path from being read (a mistyped path, an unreadable file): the report shows it in red
    /// at the top. The text is the caller's (it may quote a path: the writers escape it).
    /// </summary>
    public void AddProblem(string problem)
    {
        ArgumentException.ThrowIfNullOrEmpty(problem);
        ThrowIfBuilt();
        _problems.Add(problem);
    }

    /// <summary>
    /// Says that files were asked for: a report that then reads no entry at all has failed (<see cref="OpsReport.Failed"/>),
    /// rather than found a quiet night.
    /// </summary>
    public void ExpectEntries()
    {
        ThrowIfBuilt();
        _entriesExpected = true;
    }

    /// <summary>Runs the detectors over what was read and assembles the report. Call once.</summary>
    public OpsReport Build()
    {
        ThrowIfBuilt();
        _built = true;
        var zone = _options.HostZone ?? ZoneFromOffsets();
        var (start, end) = Period();

        IReadOnlyList<LogAnomaly> detected;
        // The scan's spill file (a large bundle's facts past the budget) is deleted as soon as detection is done.
        using (_scan) detected = _scanned > 0 ? _scan.Detect() : [];
        var anomalies = Distinct(detected.Concat(_givenAnomalies)).Where(a => Overlaps(a.Start, a.End)).ToList();
        var outages = anomalies.Where(a => a.Kind == AnomalyKind.ServiceOutage).OrderBy(a => a.Start).ToList();
        var displaced = anomalies.Where(a => a.Kind == AnomalyKind.DisplacedTimestamps).OrderBy(a => a.Start).ToList();

        var botReport = _bots.Finish();
        var bots = Bots(botReport);
        var updates = UpdateRuns(outages, displaced);

        var bands = new List<ReportBand>();
        bands.AddRange(ReportBands.Merge(ReportBandKind.Outage, outages.Select(a => (a.Start, a.End, Describe(a), Where(a)))));
        bands.AddRange(ReportBands.Merge(ReportBandKind.DisplacedClock, displaced.Select(a => (a.Start, a.End, Describe(a), Where(a)))));
        bands.AddRange(ReportBands.Merge(ReportBandKind.UpdateRun, updates.Select(u => (u.Result.UpdateStart, u.Result.UpdateEnd,
            $"{u.Result.Run.Tool} {u.Result.Packages.Count} package(s) ({u.Result.Trigger})", $"{u.Result.Run.Path}:{u.Result.Run.FirstLine}-{u.Result.Run.LastLine}"))));

        var story = _story.Where(e => InPeriod(e.Time)).OrderBy(e => e.Time).ToList();
        var (incidentStart, incidentEnd) = IncidentWindow.Find(anomalies, story, updates, start, end);
        bool failed = _entriesExpected && _entries == 0;
        var problems = new List<string>(_problems);
        if (failed)
        {
            problems.Add(_sourceOrder.Count == 0 && _problems.Count > 0
                ? "No file could be read: the report below says nothing about the host."
                : "No log line was recognised in the files given: the report below says nothing about the host.");
        }

        return new OpsReport
        {
            Story = story,
            IncidentStart = incidentStart,
            IncidentEnd = incidentEnd,
            Problems = problems,
            Failed = failed,
            Title = _options.Title ?? $"Operations report for {HostName() ?? "the host"}",
            HostName = HostName(),
            HostZone = zone,
            BaseDirectory = CommonDirectory(_sourceOrder.Select(x => x.Path)),
            PeriodStart = start,
            PeriodEnd = end,
            GeneratedAt = _options.GeneratedAt,
            Sources = _sourceOrder.Select(s => s.ToSource()).ToList(),
            Anomalies = anomalies,
            Outages = outages,
            Bots = bots,
            CrawlersLeftOut = botReport.CrawlersLeftOut,
            UpdateRuns = updates,
            Bands = bands,
            RequestMinutes = _minutes.ToList(),
            Warnings = botReport.Warnings,
            Entries = _entries,
            EntriesInPeriod = _inPeriod,
        };
    }

    /// <summary>One line naming an anomaly for summaries and bands: kind, service or file, cause.</summary>
    public static string Describe(LogAnomaly a) => a.Kind switch
    {
        AnomalyKind.ServiceOutage => $"{a.Service ?? "service"} down ({a.Cause})",
        AnomalyKind.DisplacedTimestamps => $"{System.IO.Path.GetFileName(a.Path)}: {a.LineCount} line(s) stamped by a displaced clock ({a.Cause})",
        _ => $"{a.Kind} in {System.IO.Path.GetFileName(a.Path)} ({a.Cause})",
    };

    /// <summary>Where an anomaly is written: <c>path:first-last</c>.</summary>
    public static string Where(LogAnomaly a) => a.FirstLine == a.LastLine ? $"{a.Path}:{a.FirstLine}" : $"{a.Path}:{a.FirstLine}-{a.LastLine}";

    private IEnumerable<LogEntry> Observe(IEnumerable<LogEntry> entries)
    {
        foreach (var entry in entries)
        {
            _entries++;
            var source = SourceFor(entry.Path, entry.Format);
            source.Entries++;
            source.First ??= entry.Timestamp;
            source.Last = entry.Timestamp;
            _scan.Add(entry);
            _scanned++;
            if (entry.HostName is { Length: > 0 } host && _hostNames.Count < 64) _hostNames[host] = _hostNames.GetValueOrDefault(host) + 1;
            if (entry.Format != LogFormat.CloudFront)
            {
                int minutes = (int)entry.Timestamp.Offset.TotalMinutes;
                _offsets[minutes] = _offsets.GetValueOrDefault(minutes) + 1;
            }

            if (InPeriod(entry.Timestamp))
            {
                _inPeriod++;
                source.InPeriod++;
                if (entry is AccessLogEntry access)
                {
                    _bots.Add(access);
                    _tracks.Add(access);
                    _minutes.Add(access);
                }
            }
            yield return entry;
        }
    }

    private List<ReportBot> Bots(BotReport report)
    {
        var writer = new BlockRuleWriter(_options.BotOptions.CdnRanges);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<ReportBot>();
        foreach (var activity in report.Activities.Concat(_givenBots))
        {
            if (!seen.Add(activity.ClientIp)) continue;
            // BlockRuleWriter refuses CDN edges, private space and benign crawlers: the report shows its reason instead.
            var result = writer.Write([activity], _options.RuleFormat);
            var (first, last) = _tracks.Lines(activity.ClientIp);
            list.Add(new ReportBot
            {
                Activity = activity,
                Rule = result.Rules.FirstOrDefault(),
                Refusal = result.Refusals.FirstOrDefault(),
                Minutes = _tracks.Minutes(activity.ClientIp),
                FirstLine = first,
                LastLine = last,
            });
        }
        list.Sort((a, b) => b.Activity.Intent != a.Activity.Intent ? b.Activity.Intent.CompareTo(a.Activity.Intent) : b.Activity.Requests.CompareTo(a.Activity.Requests));
        return list;
    }

    private List<ReportUpdateRun> UpdateRuns(List<LogAnomaly> outages, List<LogAnomaly> displaced)
    {
        var history = new UpdateHistory
        {
            Runs = _histories.SelectMany(h => h.Runs).OrderBy(r => r.Start).ToList(),
            ServiceEvents = _histories.SelectMany(h => h.ServiceEvents).OrderBy(e => e.Time).ToList(),
            SawServiceLines = _histories.Any(h => h.SawServiceLines),
            CronJobs = _options.CronJobs,
            Timers = _options.Timers,
        };
        var evaluator = new UpdateWindowEvaluator(history);
        var incidents = outages.Concat(displaced).ToList();
        var list = new List<ReportUpdateRun>();
        foreach (var plain in evaluator.Evaluate(UpdateWindowQuery.Everything()))
        {
            if (!Overlaps(plain.UpdateStart, plain.UpdateEnd)) continue;
            LogAnomaly? nearest = null;
            UpdateRelation relation = default;
            TimeSpan gap = TimeSpan.MaxValue;
            foreach (var incident in incidents)
            {
                var r = UpdateWindowEvaluator.Relate(plain.UpdateStart, plain.UpdateEnd, incident.Start, incident.End, out var g);
                if (g < gap) (nearest, relation, gap) = (incident, r, g);
            }
            if (nearest is null)
            {
                list.Add(new ReportUpdateRun { Result = plain });
                continue;
            }
            // The verdict against the incident says which relevant packages were restarted before it.
            var query = UpdateWindowQuery.ForWindow(nearest.Start, nearest.End);
            var against = evaluator.Evaluate(query).FirstOrDefault(r => ReferenceEquals(r.Run, plain.Run)) ?? plain;
            list.Add(new ReportUpdateRun
            {
                Result = against,
                NearestIncident = $"{Describe(nearest)} at {Where(nearest)}",
                Relation = relation,
                Gap = gap,
                IsNear = gap <= _options.NearWindow,
            });
        }
        foreach (var given in _givenUpdates)
        {
            if (list.Exists(u => u.Result.UpdateStart == given.UpdateStart && u.Result.Run.Path == given.Run.Path)) continue;
            list.Add(new ReportUpdateRun
            {
                Result = given,
                NearestIncident = given.IncidentStart is { } s ? $"the incident given ({s:yyyy-MM-dd HH:mm:ss zzz} – {given.IncidentEnd ?? s:yyyy-MM-dd HH:mm:ss zzz})" : null,
                Relation = given.Relation,
                Gap = given.Gap,
                IsNear = given.Gap is { } g && g <= _options.NearWindow,
            });
        }
        list.Sort((a, b) => a.Result.UpdateStart.CompareTo(b.Result.UpdateStart));
        return list;
    }

    private static IEnumerable<LogAnomaly> Distinct(IEnumerable<LogAnomaly> anomalies)
    {
        var seen = new HashSet<(AnomalyKind, string, long, long)>();
        foreach (var a in anomalies)
        {
            if (seen.Add((a.Kind, a.Path, a.FirstLine, a.LastLine))) yield return a;
        }
    }

    private bool InPeriod(DateTimeOffset t) => (_options.Since is not { } s || t >= s) && (_options.Until is not { } u || t < u);

    private bool Overlaps(DateTimeOffset start, DateTimeOffset end)
    {
        if (end < start) (start, end) = (end, start);
        return (_options.Since is not { } s || end >= s) && (_options.Until is not { } u || start < u);
    }

    // The period without -Since/-Until: from the first to the last line of the files, which a displaced run in the
    // middle of a file cannot stretch (its April stamps would otherwise open a July report).
    private (DateTimeOffset? Start, DateTimeOffset? End) Period()
    {
        var firsts = _sourceOrder.Where(s => s.First is not null).Select(s => s.First!.Value).ToList();
        var lasts = _sourceOrder.Where(s => s.Last is not null).Select(s => s.Last!.Value).ToList();
        DateTimeOffset? start = _options.Since ?? (firsts.Count > 0 ? firsts.Min() : null);
        DateTimeOffset? end = _options.Until ?? (lasts.Count > 0 ? lasts.Max() : null);
        if (_options.Since is { } since && end is { } e && e < since) end = since;
        if (_options.Until is { } until && start is { } st && st > until) start = until;
        return (start, end);
    }

    private static string? CommonDirectory(IEnumerable<string> paths)
    {
        string? common = null;
        foreach (string path in paths)
        {
            string dir = System.IO.Path.GetDirectoryName(path) ?? "";
            if (common is null) { common = dir; continue; }
            while (common.Length > 0 && !(dir == common || dir.StartsWith(common + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal)))
                common = System.IO.Path.GetDirectoryName(common) ?? "";
        }
        return string.IsNullOrEmpty(common) ? null : common;
    }

    private string? HostName() => _hostNames.Count == 0 ? null : _hostNames.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key;

    private TimeZoneInfo ZoneFromOffsets()
    {
        if (_offsets.Count == 0) return TimeZoneInfo.Utc;
        int minutes = _offsets.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key;
        if (minutes == 0) return TimeZoneInfo.Utc;
        var offset = TimeSpan.FromMinutes(minutes);
        string name = $"UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration():hh\\:mm}";
        return TimeZoneInfo.CreateCustomTimeZone(name, offset, name, name);
    }

    private SourceCounts SourceFor(string path, LogFormat format)
    {
        if (_last is not null && ReferenceEquals(_last.Path, path)) return _last;
        if (!_sources.TryGetValue(path, out var counts))
        {
            counts = new SourceCounts(path, format);
            _sources[path] = counts;
            _sourceOrder.Add(counts);
        }
        return _last = counts;
    }

    private void ThrowIfBuilt()
    {
        if (_built) throw new InvalidOperationException("Build was already called on this report builder.");
    }

    private sealed class SourceCounts(string path, LogFormat format)
    {
        public string Path { get; } = path;
        public long Entries, InPeriod, Malformed;
        public int Damaged;
        public DateTimeOffset? First, Last;

        public ReportSource ToSource() => new()
        {
            Path = Path,
            Format = format,
            Entries = Entries,
            EntriesInPeriod = InPeriod,
            Malformed = Malformed,
            DamagedStretches = Damaged,
            First = First,
            Last = Last,
        };
    }
}
