using System.Management.Automation;
using OpsLogTools.Core.Analysis.Updates;
using OpsLogTools.Core.Model;
using OpsLogTools.Infrastructure;

namespace OpsLogTools.Commands;

/// <summary>
/// <para type="synopsis">Lists yum/dnf/apt/dpkg update runs and says whether one lined up with an incident: before, during, overlapping or after it, with the packages that matter and why.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "YumUpdateWindow", DefaultParameterSetName = PathSet)]
[Alias("Test-PackageUpdateWindow")]
[OutputType(typeof(UpdateWindowResult))]
[OutputType(typeof(bool))]
public sealed class TestYumUpdateWindowCommand : LogInputCommand
{
    private readonly List<(DateTimeOffset Start, DateTimeOffset End)> _incidents = new();

    /// <summary>A single moment of the incident (e.g. when the errors began).</summary>
    [Parameter]
    public DateTimeOffset? At { get; set; }

    /// <summary>When the incident began. Binds by property name from Get-LogAnomaly and Compare-LogTimeline output.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public DateTimeOffset? Start { get; set; }

    /// <summary>When the incident ended. Binds by property name from Get-LogAnomaly and Compare-LogTimeline output.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public DateTimeOffset? End { get; set; }

    /// <summary>How far from the incident an update run may be and still be reported (default: every run, each with its relation and gap).</summary>
    [Parameter]
    public TimeSpan? Within { get; set; }

    /// <summary>Return only $true or $false: did any update run fall inside the incident window widened by -Within. Needs an incident (-At, -Start, or piped); without one it is an error.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <summary>Also list cron starts of yum that changed nothing (nothing to update).</summary>
    [Parameter]
    public SwitchParameter IncludeEmpty { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (CollectForFleet()) return;
        base.ProcessRecord();
        if (Start is { } s)
        {
            var e = End ?? s;
            _incidents.Add(e < s ? (e, s) : (s, e));
        }
        else if (End is not null)
        {
            WriteError(VisibleErrors.Record(new ArgumentException("-End needs -Start."), "EndWithoutStart", ErrorCategory.InvalidArgument, End));
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (RunOnFleet()) return;
        if (At is { } at) _incidents.Add((at, at));
        if (Quiet && _incidents.Count == 0)
        {
            // "Was there an update run in the window?" has no answer without a window; $true for "there were runs" misled scripts.
            ThrowTerminatingError(VisibleErrors.Record(
                new ArgumentException("-Quiet answers whether an update run fell inside an incident window: give the incident with -At, -Start and -End, or pipe it from Get-LogAnomaly."),
                "QuietNeedsIncident", ErrorCategory.InvalidArgument, null));
        }

        var jobs = ReadCrontabs();
        var timers = OpsLogTools.Core.Analysis.Updates.Timers.TimerUnitReader.Read(ResolvedPaths, Diagnostics, TimeZone);
        var history = new UpdateRunDetector(diagnostics: Diagnostics).Detect(ReadEntries(), jobs, TimeZone, timers);
        var evaluator = new UpdateWindowEvaluator(history);
        WriteVerbose($"{history.Runs.Count} update run(s), {jobs.Count} cron job(s), {timers.Count} systemd timer(s), {history.ServiceEvents.Count} service start/stop line(s)");

        var queries = _incidents.Count == 0
            ? [UpdateWindowQuery.Everything(IncludeEmpty)]
            : _incidents.Distinct().Select(i => UpdateWindowQuery.ForWindow(i.Start, i.End, Within, IncludeEmpty)).ToList();

        if (Quiet)
        {
            WriteObject(queries.Any(evaluator.AnyRunInWindow));
        }
        else
        {
            foreach (var query in queries)
            {
                foreach (var result in evaluator.Evaluate(query)) WriteObject(result);
            }
        }
        base.EndProcessing();
    }

    // Crontabs are not logs, so the reader passes them over: BundleCrontabs finds them by place (/etc/crontab, cron.d, spool/cron).
    private List<CronJob> ReadCrontabs() => BundleCrontabs.Read(ResolvedPaths, Diagnostics).ToList();
}
