using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Facts parsed from one stretch of a file, handed from a worker to the detector's thread: what the file's session
/// reported while reading it (<see cref="Diagnostics"/>, replayed there), and for a chunk of a big file the lines its
/// session must judge in file order (<see cref="Lines"/>, numbered within the chunk) and, in the chunk's last batch, how
/// the chunk ended (<see cref="End"/>).
/// </summary>
internal sealed record FactBatch(RequestFacts[] Facts, int Count, List<Action<IReadDiagnostics>>? Diagnostics, long DiskPosition)
{
    /// <summary>The chunk's lines to judge in the file's session (damage, malformed lines, a last line without a line feed), or null.</summary>
    public List<ChunkLine>? Lines { get; init; }

    /// <summary>Set on a chunk's last batch.</summary>
    public ChunkEnd? End { get; init; }

    public void Replay(IReadDiagnostics target)
    {
        if (Diagnostics is null) return;
        foreach (var call in Diagnostics) call(target);
    }
}
