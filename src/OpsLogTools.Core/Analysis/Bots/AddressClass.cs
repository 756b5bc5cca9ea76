namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>What an address is, for deciding whether it is a real client and whether it may be blocked.</summary>
public enum AddressClass
{
    /// <summary>An ordinary public address.</summary>
    Public = 0,
    /// <summary>Inside a CloudFront range: an edge server, not a visitor.</summary>
    CdnEdge,
    /// <summary>RFC 1918 (10/8, 172.16/12, 192.168/16) or IPv6 unique-local fc00::/7.</summary>
    Private,
    /// <summary>127/8 or ::1.</summary>
    Loopback,
    /// <summary>169.254/16 or fe80::/10.</summary>
    LinkLocal,
    /// <summary>Carrier-grade NAT 100.64/10 (RFC 6598): many subscribers share one address.</summary>
    SharedAddressSpace,
    /// <summary>0.0.0.0/8 or ::.</summary>
    Unspecified,
    /// <summary>224/4 or ff00::/8.</summary>
    Multicast,
    /// <summary>Documentation ranges: 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32.</summary>
    Documentation,
    /// <summary>Other special-purpose space (240/4, broadcast, benchmarking 198.18/15).</summary>
    Reserved,
    /// <summary>Not an address at all.</summary>
    Invalid,
}
