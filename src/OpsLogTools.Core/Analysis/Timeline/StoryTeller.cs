using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>Placeholder replaced below.</summary>
internal sealed class StoryTeller(HostTimeline timeline, IReadDiagnostics diagnostics)
{
    public void Observe(MergedLine line) { _ = timeline; _ = diagnostics; _ = line; }
    public IReadOnlyList<StoryEvent> Finish(TimelineOptions options) { _ = options; return []; }
}
