using System.Net;
using System.Net.Sockets;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Parses addresses as logs write them: bare IPv4/IPv6, <c>1.2.3.4:5678</c> and <c>[2001:db8::1]:443</c>
/// (CloudFront-Viewer-Address), IPv6 with a zone, IPv4-mapped IPv6 (folded to IPv4).
/// </summary>
public static class IpAddressText
{
    /// <summary>Parses one address; false for anything that is not an address (<c>-</c>, <c>unknown</c>, host names).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out IPAddress address)
    {
        address = IPAddress.None;
        text = text.Trim();
        if (text.IsEmpty || text.Length > 64) return false;
        if (text[0] == '[')
        {
            int close = text.IndexOf(']');
            if (close < 0) return false;
            text = text[1..close];
        }
        else
        {
            int firstColon = text.IndexOf(':');
            // One colon with dots before it is IPv4 with a port; IPv6 has at least two colons.
            if (firstColon > 0 && text.LastIndexOf(':') == firstColon && text[..firstColon].Contains('.'))
                text = text[..firstColon];
        }
        if (!IPAddress.TryParse(text, out var parsed)) return false;
        // IPAddress.TryParse accepts "1" or "1.2" as IPv4 shorthand; a log never means that.
        if (parsed.AddressFamily == AddressFamily.InterNetwork && text.Count('.') != 3) return false;
        if (parsed.IsIPv4MappedToIPv6) parsed = parsed.MapToIPv4();
        if (parsed.AddressFamily == AddressFamily.InterNetworkV6 && parsed.ScopeId != 0) parsed = new IPAddress(parsed.GetAddressBytes());
        address = parsed;
        return true;
    }

    /// <summary>The canonical text of an address (IPv4 dotted, IPv6 compressed lower case).</summary>
    public static string Canonical(IPAddress address) => address.ToString();

    /// <summary>The address as a host-length CIDR: <c>1.2.3.4/32</c>, <c>2001:db8::1/128</c>.</summary>
    public static string HostCidr(IPAddress address) =>
        $"{address}/{(address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)}";

    /// <summary>
    /// Parses a CIDR (<c>10.1.2.3/8</c> is taken as <c>10.0.0.0/8</c>; a bare address as a host network) into a
    /// canonical <see cref="IPNetwork"/>. False for malformed text or an out-of-range length.
    /// </summary>
    public static bool TryParseNetwork(ReadOnlySpan<char> text, out IPNetwork network)
    {
        network = default;
        text = text.Trim();
        int slash = text.IndexOf('/');
        var addressPart = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressPart, out var address)) return false;
        if (address.AddressFamily == AddressFamily.InterNetwork && addressPart.Count('.') != 3) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        int max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        int length = max;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out length) || length > max))
            return false;
        network = new IPNetwork(MaskTo(address, length), length);
        return true;
    }

    /// <summary>Clears the host bits of an address beyond a prefix length.</summary>
    public static IPAddress MaskTo(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (int i = 0; i < bytes.Length; i++)
        {
            int bitsHere = Math.Clamp(prefixLength - i * 8, 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bitsHere));
        }
        return new IPAddress(bytes);
    }

    /// <summary>An IPv4 address as a 32-bit number.</summary>
    internal static uint ToUInt32(IPAddress v4)
    {
        Span<byte> b = stackalloc byte[4];
        v4.TryWriteBytes(b, out _);
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    /// <summary>An IPv4 address, as a number, in dotted-quad text (what <see cref="IPAddress.ToString()"/> writes).</summary>
    internal static string FormatV4(uint value) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{value >> 24}.{(value >> 16) & 0xFF}.{(value >> 8) & 0xFF}.{value & 0xFF}");

    /// <summary>An IPv6 address as a 128-bit number.</summary>
    internal static UInt128 ToUInt128(IPAddress v6)
    {
        Span<byte> b = stackalloc byte[16];
        v6.TryWriteBytes(b, out _);
        return new UInt128(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b[8..]));
    }
}
