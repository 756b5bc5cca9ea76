namespace OpsLogTools.Core.Model;

/// <summary>One rule that blocks one address, as written by ConvertTo-BlockRule.</summary>
public sealed class BlockRule
{
    /// <summary>The syntax of <see cref="Rule"/>.</summary>
    public BlockRuleFormat Format { get; init; }

    /// <summary>The blocked address as canonical CIDR (<c>45.12.3.4/32</c>, <c>2a02:1234::55/128</c>, <c>45.12.0.0/16</c>).</summary>
    public string Address { get; init; } = "";

    /// <summary>The rule text, ready to paste (for AwsWafIpSet, the CIDR as it appears in the set's Addresses).</summary>
    public string Rule { get; init; } = "";

    /// <summary>The client address the rule came from, as the finding wrote it.</summary>
    public string SourceClientIp { get; init; } = "";

    /// <summary>What the client was doing, when the rule came from a finding.</summary>
    public BotKind Kind { get; init; }

    /// <summary>How hostile the client looked, when the rule came from a finding.</summary>
    public BotIntent? Intent { get; init; }

    /// <summary>4 or 6.</summary>
    public int IpVersion { get; init; }

    /// <inheritdoc />
    public override string ToString() => Rule;
}
