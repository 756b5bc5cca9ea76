using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Reports;

/// <summary>One update run in the report, set against the nearest incident of the period (an outage or a displaced clock).</summary>
public sealed class ReportUpdateRun
{
    /// <summary>The run as Test-YumUpdateWindow writes it (against the nearest incident when there is one).</summary>
    public UpdateWindowResult Result { get; init; } = new();

    /// <summary>The nearest incident in words (may quote log text: escape it when writing), or null when the period has none.</summary>
    public string? NearestIncident { get; init; }

    /// <summary>Where the run stands relative to it; null without an incident.</summary>
    public UpdateRelation? Relation { get; init; }

    /// <summary>Time between the run and the incident (zero when they touch or overlap); null without an incident.</summary>
    public TimeSpan? Gap { get; init; }

    /// <summary>True when the run is within <see cref="OpsReportOptions.NearWindow"/> of an incident: the summary names it.</summary>
    public bool IsNear { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Result.UpdateStart:yyyy-MM-dd HH:mm} {Relation} {NearestIncident}";
}
