using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Analysis.Updates;
using System.Management.Automation;
using System.Text;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reports;
using OpsLogTools.Core.Text;
using OpsLogTools.Infrastructure;

namespace OpsLogTools.Commands;

/// <summary>
/// <para type="synopsis">Writes the night's story as one self-contained HTML page (or Markdown): outages, anomalies with tamper verdicts, update runs near them, bots with block rules, and charts of requests per minute.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "OpsReport", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportOpsReportCommand : LogInputCommand
{
    private const string InputObjectSet = "InputObject";
    private readonly List<LogEntry> _entries = new();
    private readonly List<LogAnomaly> _anomalies = new();
    private readonly List<BotActivity> _bots = new();
    private readonly List<UpdateWindowResult> _updates = new();
    private readonly List<string> _given = new();
    private readonly List<(string Host, object Finding)> _fleet = new();

    /// <summary>Objects of the other cmdlets to report: LogEntry (analysed like the files), LogAnomaly, BotActivity, UpdateWindowResult (reported as given).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [Parameter(ValueFromPipeline = true, ParameterSetName = PathSet)]
    [Parameter(ValueFromPipeline = true, ParameterSetName = LiteralPathSet)]
    public PSObject[] InputObject { get; set; } = [];

    /// <summary>The file to write.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string OutFile { get; set; } = "";

    /// <summary>Html (default; or from a .md extension of -OutFile, Markdown) or Markdown.</summary>
    [Parameter]
    public ReportFormat? Format { get; set; }

    /// <summary>Report from this moment on (e.g. (Get-Date).AddDays(-1)).</summary>
    [Parameter]
    public DateTimeOffset? Since { get; set; }

    /// <summary>Report up to this moment (exclusive).</summary>
    [Parameter]
    public DateTimeOffset? Until { get; set; }

    /// <summary>The report's heading (default: "Operations report for" and the host name).</summary>
    [Parameter]
    public string? Title { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (CollectForFleet()) return;
        foreach (var item in InputObject)
        {
            if (item is null) continue;
            // A fleet's findings (tagged with their host, live or deserialized) are kept per host for the fleet report.
            object? finding = DeserializedFinding.From(item);
            if (finding is LogAnomaly or BotActivity or UpdateWindowResult && DeserializedFinding.Host(item) is { } host)
            {
                _fleet.Add((host, finding));
                continue;
            }
            switch (finding ?? item.BaseObject)
            {
                case LogEntry e: _entries.Add(e); break;
                case LogAnomaly a: _anomalies.Add(a); break;
                case BotActivity b: _bots.Add(b); break;
                case UpdateWindowResult u: _updates.Add(u); break;
                case null: break;
                default:
                    WriteError(VisibleErrors.Record(
                        new ArgumentException($"Export-OpsReport reports LogEntry, LogAnomaly, BotActivity and UpdateWindowResult objects (from a fleet: the findings of Get-LogAnomaly, Find-BotRequest and Test-YumUpdateWindow), not {item.TypeNames.FirstOrDefault() ?? item.BaseObject.GetType().Name}. Give files and directories with -Path."),
                        "UnsupportedInputObject", ErrorCategory.InvalidArgument, item));
                    break;
            }
        }
        if (ParameterSetName != InputObjectSet)
        {
            foreach (string p in ParameterSetName == LiteralPathSet ? LiteralPath : Path)
            {
                if (!_given.Contains(p)) _given.Add(p);
            }
            base.ProcessRecord();
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        // -Session/-HostName: the hosts read their own files; their findings come back here and make the fleet report.
        CollectFromFleet(["Get-LogAnomaly", "Find-BotRequest", "Test-YumUpdateWindow"], Collect);
        if (Since is { } s && Until is { } u && u <= s)
        {
            ThrowTerminatingError(VisibleErrors.Record(new ArgumentException("-Until must be later than -Since."), "EmptyPeriod", ErrorCategory.InvalidArgument, Until));
        }
        string target = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile);
        var format = Format ?? (target.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || target.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase)
            ? ReportFormat.Markdown : ReportFormat.Html);

        var options = new OpsReportOptions
        {
            Title = Title,
            Since = Since,
            Until = Until,
            HostZone = TimeZone,
            CronJobs = ResolvedPaths.Count > 0 ? BundleCrontabs.Read(ResolvedPaths, Diagnostics) : [],
            // The update section matches runs to the bundle's systemd timers as Test-YumUpdateWindow does.
            Timers = ResolvedPaths.Count > 0 ? OpsLogTools.Core.Analysis.Updates.Timers.TimerUnitReader.Read(ResolvedPaths, Diagnostics, TimeZone) : [],
            GeneratedAt = DateTimeOffset.Now,
        };
        bool fleet = _fleet.Count > 0;
        bool local = !fleet || _anomalies.Count + _bots.Count + _updates.Count + _entries.Count + _given.Count > 0;
        if (fleet) options = new OpsReportOptions
        {
            Title = $"Host {Environment.MachineName}",
            Since = Since,
            Until = Until,
            HostZone = TimeZone,
            CronJobs = options.CronJobs,
            Timers = options.Timers,
            GeneratedAt = options.GeneratedAt,
        };
        var builder = new OpsReportBuilder(options, Diagnostics);
        foreach (var a in _anomalies) builder.Add(a);
        foreach (var b in _bots) builder.Add(b);
        foreach (var r in _updates) builder.Add(r);

        // One pass: piped entries first, then the files, through every engine at once.
        var reader = new LogReader(Core.Formats.FormatRegistry.All);
        IEnumerable<LogEntry> entries = ResolvedPaths.Count > 0 ? _entries.Concat(ReadEntries(reader: reader)) : _entries;
        if (_given.Count > 0) builder.ExpectEntries();
        int errorsBefore = Diagnostics.ErrorCount;
        try
        {
            builder.Analyze(entries);
        }
        catch (FactSpillException e)
        {
            ThrowTerminatingError(VisibleErrors.SpillFailed(e));
        }
        builder.AddReadReports(reader.Reports);
        if (Diagnostics.ErrorCount > errorsBefore) builder.AddProblem($"{Diagnostics.ErrorCount - errorsBefore} file(s) could not be read, or not completely: the errors of the run name them.");
        if (_given.Count > 0 && ResolvedPaths.Count == 0) builder.AddProblem($"No file was found at {string.Join(", ", _given)}.");
        builder.AddStory(Story(options));
        var report = builder.Build();
        WriteVerbose(ConsoleText.Visible(report.ToString()));
        if (report.Failed)
        {
            // A scheduler's script must see this: an empty report is not a quiet night.
            WriteError(VisibleErrors.Record(new InvalidOperationException($"Export-OpsReport read no log entry from {string.Join(", ", _given)}: the report says nothing about the host."),
                "NothingRead", ErrorCategory.ObjectNotFound, _given.Count == 1 ? _given[0] : _given.ToArray()));
        }

        string text;
        IReadOnlyList<OpsReport> written = [report];
        if (fleet)
        {
            var fleetReport = FleetReport(local ? report : null);
            WriteVerbose(ConsoleText.Visible(fleetReport.ToString()));
            written = fleetReport.Hosts;
            text = format == ReportFormat.Markdown ? FleetMarkdownWriter.Render(fleetReport) : FleetHtmlWriter.Render(fleetReport);
        }
        else
        {
            text = format == ReportFormat.Markdown ? MarkdownReportWriter.Render(report) : HtmlReportWriter.Render(report);
        }
        if (ShouldProcess(ConsoleText.Visible(target), $"Write the {format} operations report"))
        {
            try
            {
                File.WriteAllText(target, text, new UTF8Encoding(false));
                WriteObject(ReportFile(target, format, written));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                ThrowTerminatingError(VisibleErrors.Record(e, "ReportNotWritten", ErrorCategory.WriteError, target));
            }
        }
        base.EndProcessing();
    }

    private void Collect(PSObject item)
    {
        var finding = DeserializedFinding.From(item);
        if (finding is LogAnomaly or BotActivity or UpdateWindowResult && DeserializedFinding.Host(item) is { } host) _fleet.Add((host, finding));
    }

    /// <summary>
    /// The fleet report: one report per host from the findings tagged with that host (and, when local files, entries
    /// or untagged findings were given too, this computer's report as one more host), the fleet view built from them.
    /// </summary>
    private FleetReport FleetReport(OpsReport? local)
    {
        var hosts = new List<HostFindings>();
        var reports = new List<OpsReport>();
        foreach (var group in _fleet.GroupBy(f => f.Host, StringComparer.Ordinal))
        {
            var findings = new HostFindings
            {
                HostName = group.Key,
                Anomalies = group.Select(f => f.Finding).OfType<LogAnomaly>().ToList(),
                Bots = group.Select(f => f.Finding).OfType<BotActivity>().ToList(),
                Updates = group.Select(f => f.Finding).OfType<UpdateWindowResult>().ToList(),
            };
            var builder = new OpsReportBuilder(new OpsReportOptions
            {
                Title = $"Host {group.Key}",
                Since = Since,
                Until = Until,
                HostZone = TimeZone,
                GeneratedAt = DateTimeOffset.Now,
            }, Diagnostics);
            foreach (var a in findings.Anomalies) builder.Add(a);
            foreach (var b in findings.Bots) builder.Add(b);
            foreach (var u in findings.Updates) builder.Add(u);
            builder.Analyze([]);
            hosts.Add(findings);
            reports.Add(builder.Build());
        }
        if (local is not null)
        {
            hosts.Add(new HostFindings
            {
                HostName = Environment.MachineName,
                Anomalies = local.Anomalies.Concat(local.Outages).Distinct().ToList(),
                Bots = _bots.Count > 0 ? _bots : local.Bots.Select(b => b.Activity).ToList(),
                Updates = local.UpdateRuns.Select(u => u.Result).ToList(),
            });
            reports.Add(local);
        }
        var view = FleetView.Build(hosts);
        // The sections follow the view's host order (ordinal), so the page's index and its sections agree.
        var ordered = view.Hosts.Select(h => reports[hosts.FindIndex(x => string.Equals(x.HostName, h, StringComparison.Ordinal))]).ToList();
        return new FleetReport
        {
            Title = Title ?? $"Operations report for {view.Hosts.Count} host(s)",
            View = view,
            // Each section knows its host and the clock faults it shared, so its "what to do" names the shared time source.
            Hosts = ordered.Select((r, i) => r.InFleet(view.Hosts[i], view)).ToList(),
            Zone = TimeZone ?? TimeZoneInfo.Utc,
            GeneratedAt = DateTimeOffset.Now,
        };
    }

    /// <summary>
    /// The written file as Get-Item gives it (a FileInfo with PSPath, so it pipes to Invoke-Item, Get-Content and
    /// Copy-Item), with what the report holds as note properties and the type name <c>OpsLogTools.ReportFile</c>
    /// first, which the module's view shows: path, size, format and the counts of findings.
    /// </summary>
    private PSObject ReportFile(string target, ReportFormat format, IReadOnlyList<OpsReport> reports)
    {
        PSObject? item = null;
        try
        {
            item = InvokeProvider.Item.Get([target], force: true, literalPath: true).FirstOrDefault();
        }
        catch (Exception e) when (e is ProviderInvocationException or ItemNotFoundException or PSNotSupportedException or ArgumentException)
        {
            WriteDebug(ConsoleText.Visible($"Get-Item on the report failed: {e.Message}"));
        }
        item ??= PSObject.AsPSObject(new FileInfo(target));
        item.TypeNames.Insert(0, "OpsLogTools.ReportFile");
        item.Properties.Add(new PSNoteProperty("ReportFormat", format));
        item.Properties.Add(new PSNoteProperty("Entries", reports.Sum(report => report.Entries)));
        item.Properties.Add(new PSNoteProperty("Anomalies", reports.Sum(report => report.Anomalies.Count)));
        item.Properties.Add(new PSNoteProperty("Outages", reports.Sum(report => report.Outages.Count)));
        item.Properties.Add(new PSNoteProperty("Bots", reports.Sum(report => report.Bots.Count)));
        item.Properties.Add(new PSNoteProperty("UpdateRuns", reports.Sum(report => report.UpdateRuns.Count)));
        item.Properties.Add(new PSNoteProperty("Warnings", reports.Sum(report => report.Warnings.Count)));
        return item;
    }

    // The story of the night (Get-LogTimeline -Summary over the same files or entries): a second, streaming pass, whose
    // read warnings were already given by the first.
    private IReadOnlyList<StoryEvent> Story(OpsReportOptions options)
    {
        var cut = new TimelineOptions { After = options.Since, Before = options.Until?.AddTicks(-1) };
        var quiet = Core.Reading.NullDiagnostics.Instance;
        if (ResolvedPaths.Count > 0)
        {
            var read = new LogReadOptions { TimeZone = TimeZone, ReferenceDate = ReferenceDate, LocalZone = TimeZoneInfo.Local, Encoding = Encoding };
            return HostTimeline.Read(ResolvedPaths, read, quiet, Cancellation).Story(cut, quiet, Cancellation);
        }
        return _entries.Count > 0 ? HostTimeline.FromEntries(_entries, Cancellation).Story(cut, quiet, Cancellation) : [];
    }
}
