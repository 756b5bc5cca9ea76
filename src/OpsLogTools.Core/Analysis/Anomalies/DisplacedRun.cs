using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>A run of lines of one file whose stamps are off by one constant, with what bounds and measures it.</summary>
internal sealed class DisplacedRun
{
    public DisplacedRun(FileFacts file, int first, int last, int before, int after, long low, long high)
    {
        File = file;
        First = first;
        Last = last;
        Before = before;
        After = after;
        Low = low;
        High = high;
    }

    public FileFacts File { get; }
    public int First { get; }
    public int Last { get; }
    /// <summary>Index of the good line just before the run, -1 when the run opens the file.</summary>
    public int Before { get; }
    /// <summary>Index of the good line just after the run, -1 when the run reaches the end of the file.</summary>
    public int After { get; }
    /// <summary>Lowest offset (ticks) the boundary lines allow; long.MinValue when open.</summary>
    public long Low { get; set; }
    /// <summary>Highest offset (ticks) the boundary lines allow; long.MaxValue when open.</summary>
    public long High { get; set; }

    /// <summary>The pieces of a run that crosses rotations, or whose bounding line is in the file before or after; null otherwise.</summary>
    public RunChain? Chain { get; set; }

    /// <summary>True when good lines bound the run on both sides (in this file, or across a rotation).</summary>
    public bool IsClosed => Chain is { } c ? c.Before is not null && c.After is not null : Before >= 0 && After >= 0;

    /// <summary>True for a run alone in its file, or the first piece of a run across rotations (the one reported).</summary>
    public bool IsHead => Chain is null || ReferenceEquals(Chain.Head, this);

    /// <summary>The stamp of the good line before the run, wherever it is; null when none.</summary>
    public long? StampBefore => Chain is { } c ? c.Before is { } b ? b.File.Stamp[b.Index] : null : Before >= 0 ? File.Stamp[Before] : null;

    /// <summary>The stamp of the good line after the run, wherever it is; null when none.</summary>
    public long? StampAfter => Chain is { } c ? c.After is { } a ? a.File.Stamp[a.Index] : null : After >= 0 ? File.Stamp[After] : null;
    public int LineCount => Last - First + 1;

    public bool HasOffset { get; set; }
    public long OffsetTicks { get; set; }
    public double UncertaintySeconds { get; set; }
    public OffsetBasis Basis { get; set; }
    public int Group { get; set; }

    public long StampedStart => File.Stamp[First];
    public long StampedEnd => File.Stamp[Last];
}
