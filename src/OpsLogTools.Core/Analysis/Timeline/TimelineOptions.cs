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

    /// <summary>
    /// The most lines one file keeps for the reorder window (default 20,000, a few megabytes). A file writing more
    /// lines than this within the window (stamps that do not advance: a flood of lines in one second) gives its
    /// earliest line out without waiting; lines read later that belong before it come out where they are, with a warning.
    /// </summary>
    public int MaxReorderLinesPerFile { get; init; } = 20_000;

    /// <summary>The most lines all files together keep for the reorder window (default 100,000), beyond one line per open file.</summary>
    public int MaxReorderLines { get; init; } = 100_000;
}
