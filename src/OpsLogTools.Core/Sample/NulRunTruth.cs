namespace OpsLogTools.Core.Sample;

/// <summary>A run of NUL bytes.</summary>
public sealed class NulRunTruth
{
    /// <summary>The file, relative to the bundle.</summary>
    public string Path { get; init; } = "";
    /// <summary>1-based number of the line that begins with the NULs (with no following lines, the unterminated last line).</summary>
    public long Line { get; init; }
    /// <summary>Offset of the first NUL in the (decompressed) file.</summary>
    public long ByteOffset { get; init; }
    /// <summary>Number of NUL bytes.</summary>
    public int Length { get; init; }
    /// <summary>Whether log text follows the NULs.</summary>
    public bool FollowedByLines { get; init; }
}
