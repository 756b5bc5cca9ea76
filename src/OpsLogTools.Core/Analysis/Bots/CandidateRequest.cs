namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// One client's request for a <see cref="CandidatePath"/>: the host its Referer named (or null), the answer, and the
/// detector's sequence number of the client's first request for the path (which clients came first, across shards).
/// </summary>
internal readonly record struct CandidateRequest(ClientState Client, string? RefererHost, int Status, long Sequence);
