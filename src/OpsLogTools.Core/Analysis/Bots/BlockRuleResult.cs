using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>The rules written and the addresses refused.</summary>
public sealed class BlockRuleResult
{
    /// <summary>One rule per blocked address.</summary>
    public IReadOnlyList<BlockRule> Rules { get; init; } = [];

    /// <summary>One refusal per address no rule was written for.</summary>
    public IReadOnlyList<BlockRuleRefusal> Refusals { get; init; } = [];

    /// <summary>The text to save: one document, or for AwsWafIpSet one JSON document per IP version that has addresses.</summary>
    public IReadOnlyList<BlockRuleDocument> Documents { get; init; } = [];
}
