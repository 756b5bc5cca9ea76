namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>How <see cref="HostTimeline"/> merges: the window to keep and the jitter to absorb.</summary>
public sealed class TimelineOptions
{
    /// <summary>The defaults: everything, with a 5-second reorder window.</summary>
    public static TimelineOptions Default { get; } = new();

    /// <summary>Keep only lines whose true time is at or after this.</summary>
    public DateTimeOffset? After { get; init; }

    /// <summary>Keep only lines whose true time is at or before this.</summary>
    public DateTimeOffset? Before { get; init; }

    /// <summary>
    /// How far a line may come after a later-stamped line of the same file and still be put in its place
    /// (buffered writers, Apache stamping a request when it began but writing it when it ended). Each file keeps
    /// only this much of itself in memory; lines further out of order come out where they are.
    /// </summary>
    public TimeSpan ReorderWindow { get; init; } = TimeSpan.FromSeconds(5);
}
