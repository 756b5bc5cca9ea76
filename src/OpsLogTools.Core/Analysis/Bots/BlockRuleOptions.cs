namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>Settings of <see cref="BlockRuleWriter"/>.</summary>
public sealed class BlockRuleOptions
{
    /// <summary>Write rules for Benign clients too. Never overrides any other refusal (<see cref="BlockRangeChecker"/>'s, or a finding marked as an edge).</summary>
    public bool Force { get; init; }

    /// <summary>Put the CloudFront ranges in the mod_remoteip / realip comments (default true).</summary>
    public bool IncludeCdnRanges { get; init; } = true;

    /// <summary>AWS WAF IP set name for IPv4 addresses.</summary>
    public string WafIPv4SetName { get; init; } = "opslogtools-blocked-ipv4";

    /// <summary>AWS WAF IP set name for IPv6 addresses.</summary>
    public string WafIPv6SetName { get; init; } = "opslogtools-blocked-ipv6";

    /// <summary>AWS WAF IP set id for IPv4 (from <c>aws wafv2 list-ip-sets</c>).</summary>
    public string WafIPv4SetId { get; init; } = "<ipv4-ip-set-id>";

    /// <summary>AWS WAF IP set id for IPv6.</summary>
    public string WafIPv6SetId { get; init; } = "<ipv6-ip-set-id>";

    /// <summary>WAF scope: CLOUDFRONT (default: a web ACL on the distribution sees the viewer address) or REGIONAL.</summary>
    public string WafScope { get; init; } = "CLOUDFRONT";

    /// <summary>Lock token from <c>aws wafv2 get-ip-set</c>.</summary>
    public string WafLockToken { get; init; } = "<lock-token-from-get-ip-set>";

    /// <summary>nftables family.</summary>
    public string NftFamily { get; init; } = "inet";

    /// <summary>nftables table.</summary>
    public string NftTable { get; init; } = "filter";

    /// <summary>nftables set name stem (<c>_v4</c> / <c>_v6</c> are appended).</summary>
    public string NftSet { get; init; } = "opslogtools_blocked";
}
