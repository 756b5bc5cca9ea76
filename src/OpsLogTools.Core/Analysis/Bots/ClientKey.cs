using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Which client a request counts for, for behaviour: an IPv6 address by its /64 network (a host picks new interface
/// identifiers at will, RFC 4941 and RFC 8981, and a /64 is one subnet: 2 M addresses cost an attacker nothing), any
/// other address by itself. IPv6 forms that carry an IPv4 address in their low bits (IPv4-mapped and -compatible,
/// NAT64's 64:ff9b::/96 and 64:ff9b:1::/48, Teredo's 2001::/32) stay single addresses: their /64 holds many unrelated
/// hosts.
/// </summary>
internal static class ClientKey
{
    /// <summary>The prefix length an IPv6 client is kept by.</summary>
    public const int NetworkPrefixLength = 64;

    /// <summary>
    /// The /64 network and interface identifier of <paramref name="clientIp"/> when it is an IPv6 address kept by its
    /// network; false for IPv4, for text that is not an address, and for the IPv4-embedding forms.
    /// </summary>
    public static bool TryNetwork(string clientIp, out ulong network, out ulong interfaceId)
    {
        network = interfaceId = 0;
        if (clientIp.IndexOf(':') < 0 || clientIp.IndexOf('/') >= 0) return false;
        if (!IPAddress.TryParse(clientIp, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6) return false;
        Span<byte> bytes = stackalloc byte[16];
        if (!ip.TryWriteBytes(bytes, out _)) return false;
        network = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        interfaceId = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        return !EmbedsIpv4(network, interfaceId);
    }

    /// <summary>The network as text: <c>2001:db8:1:2::/64</c>.</summary>
    public static string NetworkText(ulong network)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, network);
        return new IPAddress(bytes).ToString() + "/" + NetworkPrefixLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The key a client's facts are kept under: the /64 text for an IPv6 address kept by its network, else the text given.</summary>
    public static string Of(string clientIp) => TryNetwork(clientIp, out ulong network, out _) ? NetworkText(network) : clientIp;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool EmbedsIpv4(ulong network, ulong interfaceId)
    {
        // ::/96 (IPv4-compatible, and :: and ::1) and ::ffff:0:0/96 (IPv4-mapped).
        if (network == 0 && (interfaceId >> 32 == 0 || interfaceId >> 32 == 0xFFFF)) return true;
        // 64:ff9b::/96 (NAT64, RFC 6052) and 64:ff9b:1::/48 (local NAT64, RFC 8215).
        if (network == 0x0064_FF9B_0000_0000UL || network >> 16 == 0x0064_FF9B_0001UL) return true;
        // 2001::/32 (Teredo, RFC 4380): the /64 is the Teredo server's, shared by all its clients.
        return network >> 32 == 0x2001_0000UL;
    }
}
