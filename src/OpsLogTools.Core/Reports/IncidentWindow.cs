using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Reports;

/// <summary>
/// The stretch of the period the charts zoom to: from the first to the last finding that marks the incident (an
/// outage, a displaced clock at its true time, an error burst, a shutdown, and the story's incident events near them),
/// with a margin either side, kept inside the period.
/// </summary>
internal static class IncidentWindow
{
    // Story events that are part of an incident; logins, sudo and logger restarts happen on any quiet day.
    internal static readonly StoryEventKind[] IncidentEvents =
    [
        StoryEventKind.FirstServerError, StoryEventKind.WorkerLimitReached, StoryEventKind.OomKill, StoryEventKind.ServiceDown,
        StoryEventKind.ServiceUp, StoryEventKind.ClockWrong, StoryEventKind.ClockRight, StoryEventKind.HostRebooted, StoryEventKind.HostShutDown,
    ];

    private static readonly AnomalyKind[] IncidentKinds =
        [AnomalyKind.ServiceOutage, AnomalyKind.DisplacedTimestamps, AnomalyKind.ErrorBurst, AnomalyKind.HostShutdown];

    // Story events this close to the findings belong to the same incident (the OOM kills before the outage, the
    // restart after it).
    private static readonly TimeSpan Reach = TimeSpan.FromHours(3);

    /// <summary>The window, or (null, null) when nothing marks an incident.</summary>
    public static (DateTimeOffset? Start, DateTimeOffset? End) Find(IReadOnlyList<LogAnomaly> anomalies, IReadOnlyList<StoryEvent> story,
        IReadOnlyList<ReportUpdateRun> updates, DateTimeOffset? periodStart, DateTimeOffset? periodEnd)
    {
        DateTimeOffset? from = null, to = null;
        void Take(DateTimeOffset a, DateTimeOffset b)
        {
            if (b < a) (a, b) = (b, a);
            if (from is null || a < from) from = a;
            if (to is null || b > to) to = b;
        }

        foreach (var a in anomalies)
        {
            if (Array.IndexOf(IncidentKinds, a.Kind) >= 0) Take(a.Start, a.End);
        }
        var events = story.Where(e => Array.IndexOf(IncidentEvents, e.Event) >= 0).ToList();
        if (from is null)
        {
            // No finding of the anomaly engine: the story's incident events alone (a first 5xx, an OOM kill).
            foreach (var e in events) Take(e.Time, e.Time);
        }
        else if (to is { } last)
        {
            var (f, t) = (from.Value - Reach, last + Reach);
            foreach (var e in events.Where(e => e.Time >= f && e.Time <= t)) Take(e.Time, e.Time);
        }
        if (from is null || to is null) return (null, null);
        foreach (var u in updates.Where(u => u.IsNear)) Take(u.Result.UpdateStart, u.Result.UpdateEnd);

        var span = to.Value - from.Value;
        var margin = TimeSpan.FromTicks(Math.Max(span.Ticks / 10, TimeSpan.FromMinutes(15).Ticks));
        var start = from.Value - margin;
        var end = to.Value + margin;
        if (periodStart is { } ps && start < ps) start = ps;
        if (periodEnd is { } pe && end > pe) end = pe;
        if (end <= start) end = start + TimeSpan.FromMinutes(30);
        return (start, end);
    }
}
