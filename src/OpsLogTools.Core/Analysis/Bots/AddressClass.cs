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
    /// <summary>Documentation ranges: 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20.</summary>
    Documentation,
    /// <summary>Reserved space: 240/4, broadcast, benchmarking (198.18/15, 2001:2::/48), IPv6 outside 2000::/3 (Reserved by IETF).</summary>
    Reserved,
    /// <summary>Not an address at all.</summary>
    Invalid,
    /// <summary>
    /// Other IANA special-purpose blocks: IETF protocol assignments (192.0.0/24, 2001::/23), 6to4 (2002::/16) and its
    /// relay anycast (192.88.99/24), Teredo (2001::/32), NAT64 (64:ff9b::/96, 64:ff9b:1::/48), IPv4-mapped IPv6,
    /// discard-only 100::/64, AS112, AMT, ORCHID, SRv6 SIDs (5f00::/16). See the IANA special-purpose registries.
    /// </summary>
    SpecialPurpose,
}
