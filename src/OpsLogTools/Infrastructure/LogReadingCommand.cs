using System.Collections;
using System.Management.Automation;
using System.Text;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Infrastructure;

/// <summary>
/// Base of every cmdlet that reads logs: the time and encoding options of the readers (-TimeZone, -ReferenceDate,
/// -Encoding), Ctrl+C cancellation, diagnostics as warnings and ErrorRecords, and progress by bytes read.
/// </summary>
public abstract class LogReadingCommand : PSCmdlet, IDynamicParameters
{
    private readonly FleetParameters _fleet = new();
    private readonly FleetInvocation _fleetInvocation = new();
    private CancellationTokenSource? _cts;
    private ProgressWriter? _progress;

    /// <summary>Zone for stamps that carry none (syslog, yum.log, error_log) when the bundle does not tell.</summary>
    [Parameter]
    [TimeZoneTransformation]
    [ArgumentCompleter(typeof(TimeZoneCompleter))]
    public TimeZoneInfo? TimeZone { get; set; }

    /// <summary>A moment the logs are known to reach, for the year of yearless stamps when the bundle does not tell.</summary>
    [Parameter]
    public DateTimeOffset? ReferenceDate { get; set; }

    /// <summary>Text encoding of the logs when not UTF-8 (e.g. shift_jis, euc-jp).</summary>
    [Parameter]
    [EncodingTransformation]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    public Encoding? Encoding { get; set; }

    /// <summary>Cancelled when the user presses Ctrl+C.</summary>
    protected CancellationToken Cancellation => _cts?.Token ?? CancellationToken.None;

    /// <summary>The diagnostics adapter for this run.</summary>
    internal CmdletDiagnostics Diagnostics { get; private set; } = null!;

    /// <summary>Whether the cmdlet offers -Session / -HostName (the reading cmdlets do; a report on objects does not).</summary>
    protected virtual bool SupportsFleet => true;

    /// <summary>The fleet parameters (-Session, -HostName, -UserName, -KeyFilePath, -Options, -ThrottleLimit, -NoModuleCopy).</summary>
    public object? GetDynamicParameters() => SupportsFleet ? _fleet : null;

    /// <summary>True when -Session or -HostName sends this run to other hosts.</summary>
    protected bool IsFleetRun => SupportsFleet && _fleet.IsSet;

    /// <summary>
    /// On a fleet run, takes this pipeline record's values for the hosts and returns true: the cmdlet then does nothing
    /// else with the record (paths are the hosts', not resolved here). Call first in ProcessRecord.
    /// </summary>
    protected bool CollectForFleet()
    {
        if (!IsFleetRun) return false;
        _fleetInvocation.Collect(this);
        return true;
    }

    /// <summary>
    /// On a fleet run, runs this command with the same parameters on every host, writes what they return and returns
    /// true: the cmdlet's own EndProcessing then returns at once. Call first in EndProcessing.
    /// </summary>
    protected bool RunOnFleet()
    {
        if (!IsFleetRun) return false;
        try
        {
            new FleetRunner(this, _fleet, Cancellation).Run(MyInvocation.MyCommand.Name, _fleetInvocation.Parameters(this), _fleetInvocation.Records);
        }
        finally
        {
            _cts?.Dispose();
        }
        return true;
    }

    /// <summary>
    /// On a fleet run, runs each of <paramref name="commands"/> (reading cmdlets of this module) on every host in turn,
    /// with the parameters this command was given that the other takes, and hands what comes back, tagged with its
    /// host, to <paramref name="sink"/> instead of the pipeline; returns true. Export-OpsReport gathers its findings so.
    /// </summary>
    protected bool CollectFromFleet(IReadOnlyList<string> commands, Action<PSObject> sink)
    {
        ArgumentNullException.ThrowIfNull(commands);
        if (!IsFleetRun) return false;
        var given = _fleetInvocation.Parameters(this);
        var cmdlets = MyInvocation.MyCommand.Module?.ExportedCmdlets;
        foreach (string command in commands)
        {
            if (Cancellation.IsCancellationRequested) break;
            var parameters = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry p in given)
            {
                string name = (string)p.Key;
                if (name.Equals("Verbose", StringComparison.OrdinalIgnoreCase) || cmdlets?.GetValueOrDefault(command)?.Parameters.ContainsKey(name) == true) parameters[name] = p.Value;
            }
            new FleetRunner(this, _fleet, Cancellation, sink).Run(command, parameters, []);
        }
        return true;
    }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        if (IsFleetRun) _fleetInvocation.Begin(this);
        _cts = new CancellationTokenSource();
        Diagnostics = new CmdletDiagnostics(this);
        _progress = new ProgressWriter(this, 1, $"{MyInvocation.MyCommand.Name}: reading logs");
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _cts?.Cancel();

    /// <summary>Options for the readers from the common parameters.</summary>
    protected LogReadOptions CreateReadOptions(LogFormat? format = null) => new()
    {
        Format = format,
        TimeZone = TimeZone,
        ReferenceDate = ReferenceDate,
        LocalZone = TimeZoneInfo.Local,
        Encoding = Encoding,
        Progress = _progress,
    };

    /// <summary>Closes the progress bar (a Completed record), when one was shown.</summary>
    protected void CompleteProgress() => _progress?.Complete();

    /// <summary>Disposes the cancellation source.</summary>
    protected override void EndProcessing() => _cts?.Dispose();
}
