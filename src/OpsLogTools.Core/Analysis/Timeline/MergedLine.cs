using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>One entry of the merge, with its true time and the offset taken off its stamp.</summary>
internal readonly record struct MergedLine(LogEntry Entry, DateTimeOffset Time, long OffsetTicks, TimelineFile File);
