namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>One client's request for a <see cref="CandidatePath"/>: the host its Referer named (or null) and the answer.</summary>
internal readonly record struct CandidateRequest(ClientState Client, string? RefererHost, int Status);
