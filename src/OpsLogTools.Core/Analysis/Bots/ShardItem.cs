namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>One request handed to a <see cref="ClientShard"/>: the facts, the detector's sequence number, and how its client is found.</summary>
internal struct ShardItem
{
    /// <summary>The request.</summary>
    public RequestFacts Facts;

    /// <summary>The detector's count of requests handed to shards before this one.</summary>
    public long Sequence;

    /// <summary>The client, for <see cref="ShardItemKind.Resolved"/>.</summary>
    public ResolvedClient Client;

    /// <summary>The connecting address as text, for <see cref="ShardItemKind.ViewerText"/>.</summary>
    public string? Text;

    /// <summary>How the shard finds the client.</summary>
    public ShardItemKind Kind;
}
