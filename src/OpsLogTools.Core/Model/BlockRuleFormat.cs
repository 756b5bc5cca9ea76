namespace OpsLogTools.Core.Model;

/// <summary>The firewall or server syntax a block rule is written in.</summary>
public enum BlockRuleFormat
{
    /// <summary>Apache 2.4 <c>Require not ip</c>, inside <c>&lt;RequireAll&gt;</c>.</summary>
    Apache = 0,
    /// <summary>nginx <c>deny</c>.</summary>
    Nginx,
    /// <summary>The JSON that <c>aws wafv2 update-ip-set --cli-input-json</c> takes; one set per IP version.</summary>
    AwsWafIpSet,
    /// <summary><c>iptables</c> / <c>ip6tables</c> commands.</summary>
    Iptables,
    /// <summary><c>nft add element</c> commands for a named set.</summary>
    Nftables,
}
