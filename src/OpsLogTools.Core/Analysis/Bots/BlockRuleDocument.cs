namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>One file's worth of rules: a config snippet or script, or one AWS WAF IP set JSON.</summary>
public sealed class BlockRuleDocument
{
    /// <summary>What the document holds: <c>rules</c>, or <c>ipv4</c> / <c>ipv6</c> for WAF IP sets.</summary>
    public string Name { get; init; } = "rules";

    /// <summary>0 for mixed, else 4 or 6.</summary>
    public int IpVersion { get; init; }

    /// <summary>The text to write.</summary>
    public string Text { get; init; } = "";
}
