using OpsLogTools.Core.Analysis.Updates;
using System.Management.Automation;
using System.Text;
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

    /// <inheritdoc />
    protected override bool SupportsFleet => false;

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
        foreach (var item in InputObject)
        {
            switch (item?.BaseObject)
            {
                case LogEntry e: _entries.Add(e); break;
                case LogAnomaly a: _anomalies.Add(a); break;
                case BotActivity b: _bots.Add(b); break;
                case UpdateWindowResult u: _updates.Add(u); break;
                case null: break;
                default:
                    WriteError(VisibleErrors.Record(
                        new ArgumentException($"Export-OpsReport reports LogEntry, LogAnomaly, BotActivity and UpdateWindowResult objects, not {item.BaseObject.GetType().Name}. Give files and directories with -Path."),
                        "UnsupportedInputObject", ErrorCategory.InvalidArgument, item));
                    break;
            }
        }
        if (ParameterSetName != InputObjectSet) base.ProcessRecord();
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
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
            GeneratedAt = DateTimeOffset.Now,
        };
        var builder = new OpsReportBuilder(options, Diagnostics);
        foreach (var a in _anomalies) builder.Add(a);
        foreach (var b in _bots) builder.Add(b);
        foreach (var r in _updates) builder.Add(r);

        // One pass: piped entries first, then the files, through every engine at once.
        var reader = new LogReader(Core.Formats.FormatRegistry.All);
        IEnumerable<LogEntry> entries = ResolvedPaths.Count > 0 ? _entries.Concat(ReadEntries(reader: reader)) : _entries;
        builder.Analyze(entries);
        builder.AddReadReports(reader.Reports);
        var report = builder.Build();
        WriteVerbose(ConsoleText.Visible(report.ToString()));

        string text = format == ReportFormat.Markdown ? MarkdownReportWriter.Render(report) : HtmlReportWriter.Render(report);
        if (ShouldProcess(ConsoleText.Visible(target), $"Write the {format} operations report"))
        {
            try
            {
                File.WriteAllText(target, text, new UTF8Encoding(false));
                WriteObject(new FileInfo(target));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                ThrowTerminatingError(VisibleErrors.Record(e, "ReportNotWritten", ErrorCategory.WriteError, target));
            }
        }
        base.EndProcessing();
    }
}
