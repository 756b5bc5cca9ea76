using System.Net;
using System.Net.Sockets;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>Classifies addresses into special-purpose ranges (and CDN edges, given a range set).</summary>
public static class IpClassifier
{
    private static readonly (IPNetwork Network, AddressClass Class)[] Special =
    [
        (Net("0.0.0.0/8"), AddressClass.Unspecified),
        (Net("10.0.0.0/8"), AddressClass.Private),
        (Net("100.64.0.0/10"), AddressClass.SharedAddressSpace),
        (Net("127.0.0.0/8"), AddressClass.Loopback),
        (Net("169.254.0.0/16"), AddressClass.LinkLocal),
        (Net("172.16.0.0/12"), AddressClass.Private),
        (Net("192.0.2.0/24"), AddressClass.Documentation),
        (Net("192.168.0.0/16"), AddressClass.Private),
        (Net("198.18.0.0/15"), AddressClass.Reserved),
        (Net("198.51.100.0/24"), AddressClass.Documentation),
        (Net("203.0.113.0/24"), AddressClass.Documentation),
        (Net("224.0.0.0/4"), AddressClass.Multicast),
        (Net("240.0.0.0/4"), AddressClass.Reserved),
        (Net("::/128"), AddressClass.Unspecified),
        (Net("::1/128"), AddressClass.Loopback),
        (Net("fc00::/7"), AddressClass.Private),
        (Net("fe80::/10"), AddressClass.LinkLocal),
        (Net("ff00::/8"), AddressClass.Multicast),
        (Net("2001:db8::/32"), AddressClass.Documentation),
    ];

    private static IPNetwork Net(string cidr) => IPNetwork.Parse(cidr);

    /// <summary>The special-purpose class of an address, or <see cref="AddressClass.Public"/>.</summary>
    public static AddressClass ClassifySpecial(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var (network, cls) in Special)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address)) return cls;
        }
        return AddressClass.Public;
    }

    // The IPv4 rows of Special as (network, mask) numbers, for the detector's address-as-number path.
    private static readonly (uint Network, uint Mask)[] SpecialV4 = Special
        .Where(s => s.Network.BaseAddress.AddressFamily == AddressFamily.InterNetwork)
        .Select(s => (IpAddressText.ToUInt32(s.Network.BaseAddress), s.Network.PrefixLength == 0 ? 0u : uint.MaxValue << (32 - s.Network.PrefixLength)))
        .ToArray();

    /// <summary>True when an IPv4 address (as a number) is in a special-purpose range (what <see cref="ClassifySpecial"/> does not call Public).</summary>
    internal static bool IsSpecialV4(uint address)
    {
        foreach (var (network, mask) in SpecialV4)
        {
            if ((address & mask) == network) return true;
        }
        return false;
    }

    /// <summary>The class of an address: special-purpose ranges first, then CDN edge when <paramref name="cdn"/> contains it.</summary>
    public static AddressClass Classify(IPAddress address, CdnRangeSet? cdn)
    {
        var cls = ClassifySpecial(address);
        if (cls != AddressClass.Public) return cls;
        return cdn is not null && cdn.Contains(address) ? AddressClass.CdnEdge : AddressClass.Public;
    }

    /// <summary>The class of an address given as text; <see cref="AddressClass.Invalid"/> when it does not parse.</summary>
    public static AddressClass Classify(string text, CdnRangeSet? cdn) =>
        IpAddressText.TryParse(text, out var address) ? Classify(address, cdn) : AddressClass.Invalid;

    /// <summary>True for space that can only be a proxy hop inside the operator's own network (private, loopback, link-local).</summary>
    public static bool IsInternal(AddressClass cls) =>
        cls is AddressClass.Private or AddressClass.Loopback or AddressClass.LinkLocal;

    /// <summary>4 or 6.</summary>
    public static int Version(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork ? 4 : 6;
}
