using System.Net;
using System.Net.Sockets;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Classifies addresses into special-purpose ranges (and CDN edges, given a range set). The ranges are IANA's, kept in
/// <see cref="SpecialPurposeRegistry"/>; whether a range may be blocked is <see cref="BlockRangeChecker"/>'s question.
/// </summary>
public static class IpClassifier
{
    /// <summary>The special-purpose class of an address (the most specific registry row holding it), or <see cref="AddressClass.Public"/>.</summary>
    public static AddressClass ClassifySpecial(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.AddressFamily == AddressFamily.InterNetwork
            ? SpecialPurposeRegistry.ClassifyV4(IpAddressText.ToUInt32(address))
            : SpecialPurposeRegistry.ClassifyV6(IpAddressText.ToUInt128(address));
    }

    /// <summary>True when an IPv4 address (as a number) is in a special-purpose range (what <see cref="ClassifySpecial"/> does not call Public).</summary>
    internal static bool IsSpecialV4(uint address) => SpecialPurposeRegistry.ClassifyV4(address) != AddressClass.Public;

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
