namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// A displaced run that crosses rotations, in pieces: one <see cref="DisplacedRun"/> per file it touches, in the order
/// the files were written, and the good lines that bound it wherever they are (the line before may be the last line of
/// the previous file). Also used for a run alone in its file whose bounding line is in the file before or after it.
/// </summary>
internal sealed class RunChain
{
    public List<DisplacedRun> Pieces { get; } = [];

    /// <summary>The good line just before the run (file and index), null when the run opens the stream.</summary>
    public (FileFacts File, int Index)? Before { get; init; }

    /// <summary>The good line just after the run, null when the run reaches the end of the stream.</summary>
    public (FileFacts File, int Index)? After { get; init; }

    public DisplacedRun Head => Pieces[0];
    public DisplacedRun Tail => Pieces[^1];
    public int LineCount => Pieces.Sum(p => p.LineCount);
}
