namespace OpsLogTools.Core.Sample;

/// <summary>Lines cut out of one file.</summary>
public sealed class MissingLinesTruth
{
    /// <summary>The file the lines were cut from, relative to the bundle.</summary>
    public string Path { get; init; } = "";
    /// <summary>Start of the cut window (true time).</summary>
    public DateTimeOffset TrueStart { get; init; }
    /// <summary>End of the cut window (true time, exclusive).</summary>
    public DateTimeOffset TrueEnd { get; init; }
    /// <summary>How many lines were removed.</summary>
    public int RemovedLineCount { get; init; }
    /// <summary>The line just before the hole in <see cref="Path"/> (0 when the hole opens the file).</summary>
    public long LineBefore { get; init; }
    /// <summary>True time of that line, if any.</summary>
    public DateTimeOffset? TimeBefore { get; init; }
    /// <summary>True time of the line just after the hole, if any.</summary>
    public DateTimeOffset? TimeAfter { get; init; }
}
