namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>Error ids of bot detection and block rules. No spaces, stable: scripts match on them.</summary>
public static class BotErrorIds
{
    /// <summary>A CloudFront edge: blocking it blocks every visitor routed through that edge.</summary>
    public const string CdnEdgeAddress = "CdnEdgeAddress";
    /// <summary>RFC 1918 / unique-local space: your own network, or a proxy in it.</summary>
    public const string PrivateAddress = "PrivateAddress";
    /// <summary>127/8 or ::1.</summary>
    public const string LoopbackAddress = "LoopbackAddress";
    /// <summary>169.254/16 or fe80::/10.</summary>
    public const string LinkLocalAddress = "LinkLocalAddress";
    /// <summary>Carrier-grade NAT 100.64/10: shared by many subscribers.</summary>
    public const string SharedAddressSpace = "SharedAddressSpace";
    /// <summary>Unspecified, multicast, documentation, reserved or other IANA special-purpose space (6to4, Teredo, NAT64, ...).</summary>
    public const string ReservedAddress = "ReservedAddress";
    /// <summary>The client was classified Benign (a crawler); -Force overrides.</summary>
    public const string BenignClient = "BenignClient";
    /// <summary>Not an IP address.</summary>
    public const string InvalidAddress = "InvalidAddress";
    /// <summary>Address text some tools read differently: a leading-zero (octal) octet, short or hex IPv4, a zone, a port.</summary>
    public const string NonCanonicalAddress = "NonCanonicalAddress";
    /// <summary>A CIDR prefix whose address has bits set beyond the prefix length (203.0.113.7/24).</summary>
    public const string HostBitsSet = "HostBitsSet";
    /// <summary>A prefix wider than /16 (IPv4) or /32 (IPv6): too much to block from one finding.</summary>
    public const string RangeTooWide = "RangeTooWide";
    /// <summary>A user signature file could not be read.</summary>
    public const string SignatureFileUnreadable = "SignatureFileUnreadable";
    /// <summary>An ip-ranges file could not be read.</summary>
    public const string IpRangesUnreadable = "IpRangesUnreadable";
    /// <summary>The origin log shows only CDN edge addresses and no CloudFront log was given.</summary>
    public const string EdgeOnlyOriginLog = "EdgeOnlyOriginLog";
}
