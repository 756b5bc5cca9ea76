namespace OpsLogTools.Core.Model;

/// <summary>
/// One stretch of a log checked against a trusted clock (<c>Compare-LogTimeline</c>): either a displaced run whose
/// stamps are off by <see cref="OffsetSeconds"/>, or the lines between such runs, which agree with the reference
/// (offset 0). The segments of one file cover it end to end by line number, without gaps or overlaps.
/// </summary>
public sealed class TimelineSegment
{
    /// <summary>The difference file the stretch is in.</summary>
    public string Path { get; init; } = "";

    /// <summary>First line of the stretch (1-based, as numbered in the decompressed file).</summary>
    public long FirstLine { get; init; }

    /// <summary>Last line of the stretch.</summary>
    public long LastLine { get; init; }

    /// <summary>Lines the stretch spans (<see cref="LastLine"/> - <see cref="FirstLine"/> + 1, blank and unreadable lines included).</summary>
    public long LineCount { get; init; }

    /// <summary>Log entries read in the stretch (lines that parsed).</summary>
    public long EntryCount { get; init; }

    /// <summary>The stamp of the first entry, as written (year and zone as the reader resolved them).</summary>
    public DateTimeOffset StampedStart { get; init; }

    /// <summary>The stamp of the last entry, as written.</summary>
    public DateTimeOffset StampedEnd { get; init; }

    /// <summary>True time of the first entry: the stamp minus <see cref="OffsetSeconds"/>.</summary>
    public DateTimeOffset Start { get; init; }

    /// <summary>True time of the last entry.</summary>
    public DateTimeOffset End { get; init; }

    /// <summary>The difference file's stamps minus the reference clock, in seconds (0 for stretches in true time).</summary>
    public double OffsetSeconds { get; init; }

    /// <summary>How far <see cref="OffsetSeconds"/> may be off, in seconds (± this much).</summary>
    public double OffsetUncertaintySeconds { get; init; }

    /// <summary>True when the stretch's stamps are displaced (a run the anomaly engine found), false for stretches in true time.</summary>
    public bool IsDisplaced { get; init; }

    /// <summary>What the offset was measured from (None for stretches in true time: no step was seen).</summary>
    public OffsetBasis Basis { get; init; }

    /// <summary>For displaced stretches: the most likely cause (a wrong zone or a wrong clock).</summary>
    public AnomalyCause Cause { get; init; }

    /// <summary>How sure the comparison is of <see cref="OffsetSeconds"/> (0–1).</summary>
    public double Confidence { get; init; }

    /// <summary>The files taken as the trusted clock.</summary>
    public IReadOnlyList<string> ReferencePaths { get; init; } = [];

    /// <summary>Facts an admin can check by hand.</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() => $"{Path}:{FirstLine}-{LastLine} offset {OffsetSeconds:0.#} s";
}
