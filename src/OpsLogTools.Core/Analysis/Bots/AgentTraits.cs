namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>What the signatures say about a user agent (cached per distinct agent).</summary>
internal readonly record struct AgentTraits(AgentSignature? Scanner, AgentSignature? Crawler);
