using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>One entry of the merge, with its true time and the offset taken off its stamp.</summary>
/// <remarks><paramref name="Stamped"/> is the stamp with the year the anomaly engine gives it (see <see cref="Anomalies.YearlessStamps"/>).</remarks>
internal readonly record struct MergedLine(LogEntry Entry, DateTimeOffset Stamped, DateTimeOffset Time, long OffsetTicks, TimelineFile File);
