namespace OpsLogTools.Core.Sample;

/// <summary>A contiguous run of lines of one file stamped with a constant offset from the true time.</summary>
public sealed class StampRunTruth
{
    /// <summary>Which plant made it.</summary>
    public StampRunKind Kind { get; init; }
    /// <summary>The file, relative to the bundle.</summary>
    public string Path { get; init; } = "";
    /// <summary>1-based number of the first re-stamped line.</summary>
    public long FirstLine { get; init; }
    /// <summary>1-based number of the last re-stamped line.</summary>
    public long LastLine { get; init; }
    /// <summary>Lines in the run (LastLine - FirstLine + 1: the run is contiguous).</summary>
    public long LineCount { get; init; }
    /// <summary>The first line's stamp as written, in the host zone, with the year the wrong clock implies.</summary>
    public DateTimeOffset StampedStart { get; init; }
    /// <summary>The last line's stamp as written.</summary>
    public DateTimeOffset StampedEnd { get; init; }
    /// <summary>When the first line was really written.</summary>
    public DateTimeOffset TrueStart { get; init; }
    /// <summary>When the last line was really written.</summary>
    public DateTimeOffset TrueEnd { get; init; }
    /// <summary>True when the run is the whole file (its first line to its last): no step in the stamps shows it.</summary>
    public bool CoversWholeFile { get; init; }
    /// <summary>Stamped minus true, in whole seconds.</summary>
    public long OffsetSeconds { get; init; }
}
