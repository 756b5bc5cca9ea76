using System.Management.Automation;
using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Infrastructure;

namespace OpsLogTools.Commands;

/// <summary>
/// <para type="synopsis">Finds displaced, shifted, missing and corrupted stretches of logs, error bursts and outages, with a tamper verdict and evidence.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "LogAnomaly", DefaultParameterSetName = PathSet)]
[OutputType(typeof(LogAnomaly))]
public sealed class GetLogAnomalyCommand : LogInputCommand, IDisposable
{
    private const string InputObjectSet = "InputObject";
    private static readonly DamageKind[] CorruptionKinds = [DamageKind.NulBytes, DamageKind.Binary, DamageKind.TruncatedGzip, DamageKind.CorruptGzip];
    private AnomalyScan? _scan;

    /// <summary>Entries from Get-LogEntry. Each file's entries must come in file order (as Get-LogEntry writes them).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public LogEntry[] InputObject { get; set; } = [];

    /// <summary>Only these kinds of anomaly. Tab completion lists them.</summary>
    [Parameter]
    public AnomalyKind[] Kind { get; set; } = [];

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _scan = new AnomalyScan(new AnomalyOptions { Kinds = Kind.Length > 0 ? Kind : null });
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (CollectForFleet()) return;
        if (ParameterSetName == InputObjectSet)
        {
            try
            {
                foreach (var entry in InputObject) _scan!.Add(entry);
            }
            catch (FactSpillException e)
            {
                ThrowTerminatingError(VisibleErrors.SpillFailed(e));
            }
            return;
        }
        base.ProcessRecord();
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (RunOnFleet()) return;
        try
        {
            Analyze(_scan!);
        }
        catch (FactSpillException e)
        {
            ThrowTerminatingError(VisibleErrors.SpillFailed(e));
        }
        base.EndProcessing();
    }

    private void Analyze(AnomalyScan scan)
    {
        if (ParameterSetName != InputObjectSet)
        {
            var reader = new LogReader(FormatRegistry.All);
            foreach (var entry in ReadEntries(reader: reader)) scan.Add(entry);
            foreach (var report in reader.Reports)
            {
                foreach (var damage in report.Damage)
                {
                    // Malformed slots of wtmp/btmp are wiper evidence for the verdict (AnomalyScan.AddDamage).
                    if (Array.IndexOf(CorruptionKinds, damage.Kind) < 0 && !(damage.Kind == DamageKind.Malformed && report.Format == LogFormat.Utmp)) continue;
                    scan.AddDamage(new FileDamage
                    {
                        Path = report.Path,
                        FirstLine = damage.FirstLine,
                        LastLine = damage.LastLine,
                        Kind = damage.Kind,
                        Bytes = damage.Bytes,
                        FileLastWriteTime = report.LastWriteTime,
                        Note = damage.Note,
                    });
                }
            }
        }
        WriteVerbose($"{scan.LinesSeen} lines analysed");
        var found = scan.Detect();
        // A large bundle's facts went to a temporary file past the budget: deleted before the findings are written.
        scan.Dispose();
        foreach (var anomaly in found) WriteObject(anomaly);
    }

    /// <summary>Deletes the scan's temporary file when the pipeline is stopped or fails before detection.</summary>
    public void Dispose() => _scan?.Dispose();
}
