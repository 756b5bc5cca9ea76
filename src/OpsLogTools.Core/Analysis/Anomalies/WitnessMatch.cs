using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>The clock witnesses found at a displacement's start and end, and the offset a printed step gives.</summary>
internal sealed class WitnessMatch
{
    /// <summary>Witness lines at the run's edges: the file, the line, and whether it sits at the start (else the end).</summary>
    public List<(FileFacts File, WitnessLine Line, bool AtStart)> AtEdges { get; } = [];

    /// <summary>The witness whose printed step fits the run's bounds, and the offset it gives (ticks, stamped minus true).</summary>
    public (FileFacts File, WitnessLine Line, bool AtStart, long OffsetTicks)? Sized { get; set; }

    /// <summary>True when timedated (or auditd) saw the time zone change at an edge.</summary>
    public bool ZoneChanged => AtEdges.Any(w => w.Line.Event.Kind == ClockEventKind.TimeZoneChanged);

    /// <summary>True when a witness saw the clock step, get set or jump at an edge (not only context such as a lost source).</summary>
    public bool StepWitnessed => AtEdges.Any(w => ClockWitnesses.IsStep(w.Line.Event.Kind) || w.Line.Event.Kind == ClockEventKind.TimeZoneChanged);

    public IReadOnlyList<ClockEvent> Events => AtEdges.Select(w => w.Line.Event).Distinct().ToList();
}
