namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>The incident to set update runs against: a window, a single instant, or none (list every run).</summary>
public sealed class UpdateWindowQuery
{
    /// <summary>Start of the incident; null for no incident.</summary>
    public DateTimeOffset? IncidentStart { get; init; }

    /// <summary>End of the incident; equal to <see cref="IncidentStart"/> for an instant. Null for no incident.</summary>
    public DateTimeOffset? IncidentEnd { get; init; }

    /// <summary>How far from the incident a run still counts as near (the window widened by this on both sides); null keeps every run.</summary>
    public TimeSpan? Within { get; init; }

    /// <summary>Also report cron starts of yum that changed no package. They never count for <see cref="UpdateWindowEvaluator.AnyRunInWindow"/>.</summary>
    public bool IncludeEmptyRuns { get; init; }

    /// <summary>True when an incident was given.</summary>
    public bool HasIncident => IncidentStart is not null;

    /// <summary>An incident from <paramref name="start"/> to <paramref name="end"/> (swapped if given backwards).</summary>
    public static UpdateWindowQuery ForWindow(DateTimeOffset start, DateTimeOffset end, TimeSpan? within = null, bool includeEmptyRuns = false) =>
        end < start
            ? new() { IncidentStart = end, IncidentEnd = start, Within = within, IncludeEmptyRuns = includeEmptyRuns }
            : new() { IncidentStart = start, IncidentEnd = end, Within = within, IncludeEmptyRuns = includeEmptyRuns };

    /// <summary>An incident at one instant.</summary>
    public static UpdateWindowQuery ForInstant(DateTimeOffset at, TimeSpan? within = null, bool includeEmptyRuns = false) =>
        new() { IncidentStart = at, IncidentEnd = at, Within = within, IncludeEmptyRuns = includeEmptyRuns };

    /// <summary>No incident: every run, to answer "when did we update what?".</summary>
    public static UpdateWindowQuery Everything(bool includeEmptyRuns = false) => new() { IncludeEmptyRuns = includeEmptyRuns };
}
