namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>How <see cref="TimelineComparer"/> reports: which segments, and what counts as equal.</summary>
public sealed class TimelineCompareOptions
{
    /// <summary>The defaults: segments more than 2 seconds off only.</summary>
    public static TimelineCompareOptions Default { get; } = new();

    /// <summary>Segments whose offset is at most this are equal to the reference.</summary>
    public TimeSpan Tolerance { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Report every segment (equal ones too), so each difference file is covered end to end.</summary>
    public bool IncludeEqual { get; init; }
}
