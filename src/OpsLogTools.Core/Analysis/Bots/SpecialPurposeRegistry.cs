using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Address blocks that are never a visitor on the internet, copied row by row from IANA's registries (checked against
/// the versions of 2025): the IPv4 and IPv6 Special-Purpose Address Registries
/// (https://www.iana.org/assignments/iana-ipv4-special-registry, .../iana-ipv6-special-registry, RFC 6890), plus
/// multicast and the IPv6 space that is not Global Unicast from the IPv4 and IPv6 Address Space registries
/// (https://www.iana.org/assignments/ipv4-address-space, .../ipv6-address-space). Some special-purpose blocks are
/// globally reachable (AS112, AMT, PCP/TURN anycast), but none is a client to block. Both address classification
/// and the block-rule check read this one table.
/// </summary>
internal static class SpecialPurposeRegistry
{
    private static readonly (string Prefix, AddressClass Class, string Name, string Source)[] Table =
    [
        // IANA IPv4 Special-Purpose Address Registry, every row.
        ("0.0.0.0/8", AddressClass.Unspecified, "\"This network\"", "RFC 791"),
        ("0.0.0.0/32", AddressClass.Unspecified, "\"This host on this network\"", "RFC 1122"),
        ("10.0.0.0/8", AddressClass.Private, "Private-Use", "RFC 1918"),
        ("100.64.0.0/10", AddressClass.SharedAddressSpace, "Shared Address Space", "RFC 6598"),
        ("127.0.0.0/8", AddressClass.Loopback, "Loopback", "RFC 1122"),
        ("169.254.0.0/16", AddressClass.LinkLocal, "Link Local", "RFC 3927"),
        ("172.16.0.0/12", AddressClass.Private, "Private-Use", "RFC 1918"),
        ("192.0.0.0/24", AddressClass.SpecialPurpose, "IETF Protocol Assignments", "RFC 6890"),
        ("192.0.0.0/29", AddressClass.SpecialPurpose, "IPv4 Service Continuity Prefix", "RFC 7335"),
        ("192.0.0.8/32", AddressClass.SpecialPurpose, "IPv4 dummy address", "RFC 7600"),
        ("192.0.0.9/32", AddressClass.SpecialPurpose, "Port Control Protocol Anycast", "RFC 7723"),
        ("192.0.0.10/32", AddressClass.SpecialPurpose, "Traversal Using Relays around NAT Anycast", "RFC 8155"),
        ("192.0.0.170/32", AddressClass.SpecialPurpose, "NAT64/DNS64 Discovery", "RFC 8880"),
        ("192.0.0.171/32", AddressClass.SpecialPurpose, "NAT64/DNS64 Discovery", "RFC 8880"),
        ("192.0.2.0/24", AddressClass.Documentation, "Documentation (TEST-NET-1)", "RFC 5737"),
        ("192.31.196.0/24", AddressClass.SpecialPurpose, "AS112-v4", "RFC 7535"),
        ("192.52.193.0/24", AddressClass.SpecialPurpose, "AMT", "RFC 7450"),
        ("192.88.99.0/24", AddressClass.SpecialPurpose, "Deprecated (6to4 Relay Anycast)", "RFC 7526"),
        ("192.168.0.0/16", AddressClass.Private, "Private-Use", "RFC 1918"),
        ("192.175.48.0/24", AddressClass.SpecialPurpose, "Direct Delegation AS112 Service", "RFC 7534"),
        ("198.18.0.0/15", AddressClass.Reserved, "Benchmarking", "RFC 2544"),
        ("198.51.100.0/24", AddressClass.Documentation, "Documentation (TEST-NET-2)", "RFC 5737"),
        ("203.0.113.0/24", AddressClass.Documentation, "Documentation (TEST-NET-3)", "RFC 5737"),
        ("240.0.0.0/4", AddressClass.Reserved, "Reserved", "RFC 1112"),
        ("255.255.255.255/32", AddressClass.Reserved, "Limited Broadcast", "RFC 919"),
        // IANA IPv4 Address Space Registry: multicast.
        ("224.0.0.0/4", AddressClass.Multicast, "Multicast", "RFC 5771"),

        // IANA IPv6 Special-Purpose Address Registry, every row.
        ("::1/128", AddressClass.Loopback, "Loopback Address", "RFC 4291"),
        ("::/128", AddressClass.Unspecified, "Unspecified Address", "RFC 4291"),
        ("::ffff:0:0/96", AddressClass.SpecialPurpose, "IPv4-mapped Address", "RFC 4291"),
        ("64:ff9b::/96", AddressClass.SpecialPurpose, "IPv4-IPv6 Translation (NAT64)", "RFC 6052"),
        ("64:ff9b:1::/48", AddressClass.SpecialPurpose, "IPv4-IPv6 Translation (local-use NAT64)", "RFC 8215"),
        ("100::/64", AddressClass.SpecialPurpose, "Discard-Only Address Block", "RFC 6666"),
        ("100:0:0:1::/64", AddressClass.SpecialPurpose, "Dummy IPv6 Prefix", "RFC 9780"),
        ("2001::/23", AddressClass.SpecialPurpose, "IETF Protocol Assignments", "RFC 2928"),
        ("2001::/32", AddressClass.SpecialPurpose, "TEREDO", "RFC 4380"),
        ("2001:1::1/128", AddressClass.SpecialPurpose, "Port Control Protocol Anycast", "RFC 7723"),
        ("2001:1::2/128", AddressClass.SpecialPurpose, "Traversal Using Relays around NAT Anycast", "RFC 8155"),
        ("2001:1::3/128", AddressClass.SpecialPurpose, "DNS-SD Service Registration Protocol Anycast", "RFC 9665"),
        ("2001:2::/48", AddressClass.Reserved, "Benchmarking", "RFC 5180"),
        ("2001:3::/32", AddressClass.SpecialPurpose, "AMT", "RFC 7450"),
        ("2001:4:112::/48", AddressClass.SpecialPurpose, "AS112-v6", "RFC 7535"),
        ("2001:10::/28", AddressClass.SpecialPurpose, "Deprecated (previously ORCHID)", "RFC 4843"),
        ("2001:20::/28", AddressClass.SpecialPurpose, "ORCHIDv2", "RFC 7343"),
        ("2001:30::/28", AddressClass.SpecialPurpose, "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "RFC 9374"),
        ("2001:db8::/32", AddressClass.Documentation, "Documentation", "RFC 3849"),
        ("2002::/16", AddressClass.SpecialPurpose, "6to4", "RFC 3056"),
        ("2620:4f:8000::/48", AddressClass.SpecialPurpose, "Direct Delegation AS112 Service", "RFC 7534"),
        ("3fff::/20", AddressClass.Documentation, "Documentation", "RFC 9637"),
        ("5f00::/16", AddressClass.SpecialPurpose, "Segment Routing (SRv6) SIDs", "RFC 9602"),
        ("fc00::/7", AddressClass.Private, "Unique-Local", "RFC 4193"),
        ("fe80::/10", AddressClass.LinkLocal, "Link-Local Unicast", "RFC 4291"),

        // IANA IPv6 Address Space Registry: everything outside 2000::/3 (Global Unicast) that the rows above leave.
        // ::/8 holds the deprecated IPv4-compatible addresses ::a.b.c.d (RFC 4291 §2.5.5.1).
        ("::/8", AddressClass.Reserved, "Reserved by IETF", "RFC 4291"),
        ("100::/8", AddressClass.Reserved, "Reserved by IETF", "RFC 4291"),
        ("200::/7", AddressClass.Reserved, "Reserved by IETF", "RFC 4048"),
        ("400::/6", AddressClass.Reserved, "Reserved by IETF", "RFC 4291"),
        ("800::/5", AddressClass.Reserved, "Reserved by IETF", "RFC 4291"),
        ("1000::/4", AddressClass.Reserved, "Reserved by IETF", "RFC 4291"),
        ("4000::/3", AddressClass.Reserved, "Reserved by IETF", "RFC 4291"),
        ("6000::/3", AddressClass.Reserved, "Reserved by IETF", "RFC 4291"),
        ("8000::/3", AddressClass.Reserved, "Reserved by IETF", "RFC 4291"),
        ("a000::/3", AddressClass.Reserved, "Reserved by IETF", "RFC 4291"),
        ("c000::/3", AddressClass.Reserved, "Reserved by IETF", "RFC 4291"),
        ("e000::/4", AddressClass.Reserved, "Reserved by IETF", "RFC 4291"),
        ("f000::/5", AddressClass.Reserved, "Reserved by IETF", "RFC 4291"),
        ("f800::/6", AddressClass.Reserved, "Reserved by IETF", "RFC 4291"),
        ("fe00::/9", AddressClass.Reserved, "Reserved by IETF", "RFC 4291"),
        ("fec0::/10", AddressClass.Reserved, "Reserved by IETF (deprecated site-local)", "RFC 3879"),
        ("ff00::/8", AddressClass.Multicast, "Multicast", "RFC 4291"),
    ];

    /// <summary>Every row, most specific first, so the first row that holds an address names it best.</summary>
    public static IReadOnlyList<SpecialPurposeRange> All { get; } = Table
        .Select(r => new SpecialPurposeRange(AddressRange.Parse(r.Prefix), r.Class, r.Name, r.Source))
        .OrderByDescending(r => r.Range.PrefixLength)
        .ToArray();

    // The IPv4 rows as (network, mask), for the bot detector's address-as-number path.
    private static readonly (uint Network, uint Mask, AddressClass Class)[] V4 = All
        .Where(r => !r.Range.IsV6)
        .Select(r => ((uint)r.Range.First, ~(uint)AddressRange.HostMask(r.Range.PrefixLength, false), r.Class))
        .ToArray();

    private static readonly SpecialPurposeRange[] V6 = All.Where(r => r.Range.IsV6).ToArray();

    /// <summary>The class of an IPv4 address (as a number), or <see cref="AddressClass.Public"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static AddressClass ClassifyV4(uint address)
    {
        foreach (var (network, mask, cls) in V4)
        {
            if ((address & mask) == network) return cls;
        }
        return AddressClass.Public;
    }

    /// <summary>The class of an IPv6 address (as a number), or <see cref="AddressClass.Public"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static AddressClass ClassifyV6(UInt128 address)
    {
        foreach (var row in V6)
        {
            if (row.Range.First <= address && address <= row.Range.Last) return row.Class;
        }
        return AddressClass.Public;
    }

    /// <summary>The most specific row that shares an address with <paramref name="range"/>, or null.</summary>
    public static SpecialPurposeRange? FirstOverlap(AddressRange range)
    {
        foreach (var row in All)
        {
            if (row.Range.Overlaps(range)) return row;
        }
        return null;
    }
}
