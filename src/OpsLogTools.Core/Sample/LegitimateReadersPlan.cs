namespace OpsLogTools.Core.Sample;

/// <summary>Ordinary readers of a real page whose name contains "wordpress" (which must not look like a probe).</summary>
public sealed record LegitimateReadersPlan
{
    /// <summary>Whether the readers come.</summary>
    public bool Enabled { get; init; } = true;
    /// <summary>The page; it answers 200.</summary>
    public string Page { get; init; } = "/blog/moving-off-wordpress.html";
    /// <summary>Number of readers, each from its own address.</summary>
    public int Readers { get; init; } = 10;
}
