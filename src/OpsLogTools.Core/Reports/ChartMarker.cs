namespace OpsLogTools.Core.Reports;

/// <summary>
/// One labelled event on a chart's time axis (first 5xx, worker limit, OOM kill, down/up, clock wrong/right, update
/// run). <see cref="Label"/> is the report's own short words; <see cref="Detail"/> may quote log text (escaped when written).
/// </summary>
internal sealed record ChartMarker(DateTimeOffset Time, string Label, string Detail, string Color);
