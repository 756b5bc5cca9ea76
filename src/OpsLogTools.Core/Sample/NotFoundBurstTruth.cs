namespace OpsLogTools.Core.Sample;

/// <summary>A human following dead links: a short 404 burst that is not a scanner.</summary>
public sealed class NotFoundBurstTruth
{
    /// <summary>The visitor's address.</summary>
    public string Address { get; init; } = "";
    /// <summary>Requests in the burst (all 404).</summary>
    public int Requests { get; init; }
    /// <summary>First request of the burst (UTC).</summary>
    public DateTimeOffset Start { get; init; }
    /// <summary>Last request of the burst (UTC).</summary>
    public DateTimeOffset End { get; init; }
}
