using System.Management.Automation;
using OpsLogTools.Core.Analysis.Logins;
using OpsLogTools.Core.Model;
using OpsLogTools.Infrastructure;

namespace OpsLogTools.Commands;

/// <summary>
/// <para type="synopsis">Finds logins and attacks on sshd and other PAM services (secure/auth.log, the journal, btmp/wtmp, audit.log), above all a successful login after guessing or from a new source during the incident.</para>
/// </summary>
[Cmdlet(VerbsCommon.Find, "LoginActivity", DefaultParameterSetName = PathSet)]
[OutputType(typeof(LoginActivity))]
public sealed class FindLoginActivityCommand : LogInputCommand
{
    private const string InputObjectSet = "InputObject";
    private LoginScan? _scan;
    private DateTimeOffset? _anomalyStart;
    private DateTimeOffset? _anomalyEnd;

    /// <summary>Entries from Get-LogEntry (syslog and journal lines, btmp/wtmp records, audit.log records; others are passed over).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public LogEntry[] InputObject { get; set; } = [];

    /// <summary>
    /// Findings from Get-LogAnomaly, piped: the incident window (unless -IncidentStart or -IncidentEnd is given) runs from
    /// the earliest true Start of them to the latest End, e.g. <c>Get-LogAnomaly ./b -Kind DisplacedTimestamps | Find-LoginActivity -Path ./b</c>.
    /// </summary>
    [Parameter(ValueFromPipeline = true, ParameterSetName = PathSet)]
    [Parameter(ValueFromPipeline = true, ParameterSetName = LiteralPathSet)]
    public LogAnomaly[] Anomaly { get; set; } = [];

    /// <summary>Start of the incident window: a login from a source never seen before it, within the window (and an hour around it), is a finding.</summary>
    [Parameter]
    public DateTimeOffset? IncidentStart { get; set; }

    /// <summary>End of the incident window (default: the end of the logs).</summary>
    [Parameter]
    public DateTimeOffset? IncidentEnd { get; set; }

    /// <summary>Only findings with activity at or after this moment (the logs before it are still read, as history).</summary>
    [Parameter]
    public DateTimeOffset? Since { get; set; }

    /// <summary>Only findings with activity before this moment.</summary>
    [Parameter]
    public DateTimeOffset? Until { get; set; }

    /// <summary>Also list ordinary logins and a few failed logins (kinds Login and FailedLogin).</summary>
    [Parameter]
    public SwitchParameter IncludeOrdinary { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _scan = NewScan(IncidentStart, IncidentEnd);
    }

    private LoginScan NewScan(DateTimeOffset? start, DateTimeOffset? end) => new(new LoginOptions
    {
        IncidentStart = start,
        IncidentEnd = end,
        IncludeOrdinary = IncludeOrdinary,
    });

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (CollectForFleet()) return;
        if (ParameterSetName == InputObjectSet)
        {
            foreach (var entry in InputObject) _scan!.Add(entry);
            return;
        }
        foreach (var a in Anomaly)
        {
            if (a is null) continue;
            if (_anomalyStart is not { } s0 || a.Start < s0) _anomalyStart = a.Start;
            if (_anomalyEnd is not { } e0 || a.End > e0) _anomalyEnd = a.End;
        }
        base.ProcessRecord();
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (RunOnFleet()) return;
        if (IncidentStart is { } s && IncidentEnd is { } e && e <= s)
        {
            ThrowTerminatingError(VisibleErrors.Record(new ArgumentException("-IncidentEnd must be later than -IncidentStart."), "EmptyIncidentWindow", ErrorCategory.InvalidArgument, IncidentEnd));
        }
        var scan = _scan!;
        if (ParameterSetName != InputObjectSet)
        {
            // The piped findings set the window the command line left open (the entries are read only now).
            if (_anomalyStart is { } from && IncidentStart is null && IncidentEnd is null)
            {
                WriteVerbose($"incident window from the piped findings: {from:yyyy-MM-dd HH:mm:ss zzz} to {_anomalyEnd:yyyy-MM-dd HH:mm:ss zzz}");
                scan = NewScan(from, _anomalyEnd > from ? _anomalyEnd : null);
            }
            foreach (var entry in ReadEntries()) scan.Add(entry);
        }
        WriteVerbose($"{scan.EntriesSeen} entries read, {scan.AuthEntries} about remote logins");
        if (scan.SourcesLeftOut > 0) WriteWarning($"{scan.SourcesLeftOut} entries from sources past the first 200000 were not counted.");
        foreach (var activity in scan.Detect())
        {
            if (Since is { } since && activity.LastSeen < since) continue;
            if (Until is { } until && activity.FirstSeen >= until) continue;
            WriteObject(activity);
        }
        base.EndProcessing();
    }
}
