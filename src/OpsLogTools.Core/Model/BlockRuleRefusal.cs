namespace OpsLogTools.Core.Model;

/// <summary>An address ConvertTo-BlockRule would not write a rule for, and why.</summary>
public sealed class BlockRuleRefusal
{
    /// <summary>The address as given.</summary>
    public string ClientIp { get; init; } = "";

    /// <summary>A stable id scripts can match: CdnEdgeAddress, PrivateAddress, LoopbackAddress, LinkLocalAddress,
    /// SharedAddressSpace, ReservedAddress, RangeTooWide, BenignClient, InvalidAddress, NonCanonicalAddress, HostBitsSet.</summary>
    public string ErrorId { get; init; } = "";

    /// <summary>The reason in plain words.</summary>
    public string Message { get; init; } = "";

    /// <summary>The CDN edge or special-purpose range the address shares addresses with (<c>205.251.192.0/19</c>), or null.</summary>
    public string? OverlappingRange { get; init; }

    /// <summary>
    /// The IPv4 address (or range) an IPv6 form embeds, when the address is one: IPv4-mapped, IPv4-compatible, NAT64,
    /// 6to4 or Teredo (<c>2002:a00:1::</c> carries <c>10.0.0.1</c>); else null.
    /// </summary>
    public string? EmbeddedIPv4 { get; init; }

    /// <summary>True when <c>-Force</c> would write the rule anyway (only for Benign clients).</summary>
    public bool Overridable { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{ErrorId}: {ClientIp}: {Message}";
}
