using System.Net;
using System.Net.Sockets;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Parses addresses as logs write them: bare IPv4/IPv6, <c>1.2.3.4:5678</c> and <c>[2001:db8::1]:443</c>
/// (CloudFront-Viewer-Address), IPv6 with a zone, IPv4-mapped IPv6 (folded to IPv4). The address itself is read as
/// strictly as <c>inet_pton</c> reads it (<see cref="AddressTextParser"/>): <c>010.0.0.1</c>, <c>127.1</c>,
/// <c>0x7f.0.0.1</c> or a CIDR such as <c>205.251.0.0/16</c> in a client field is not an address, so it is never taken
/// for one (nor, later, blocked as one).
/// </summary>
public static class IpAddressText
{
    /// <summary>Parses one address; false for anything that is not an address (<c>-</c>, <c>unknown</c>, host names, networks).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out IPAddress address)
    {
        address = IPAddress.None;
        if (!TryParseValue(text, out var value, out bool v6)) return false;
        address = AddressRange.ToAddress(value, v6);
        return true;
    }

    /// <summary>
    /// As <see cref="TryParse"/>, the address as a number (IPv4 in the low 32 bits, an IPv4-mapped IPv6 address folded
    /// to IPv4) without making an <see cref="IPAddress"/>.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static bool TryParseValue(ReadOnlySpan<char> text, out UInt128 value, out bool v6)
    {
        value = UInt128.Zero;
        v6 = false;
        text = text.Trim();
        if (text.IsEmpty || text.Length > 64) return false;
        if (text[0] == '[')
        {
            int close = text.IndexOf(']');
            if (close < 0 || !IsPortSuffix(text[(close + 1)..], allowEmpty: true)) return false;
            text = text[1..close];
        }
        else
        {
            int firstColon = text.IndexOf(':');
            // One colon with dots before it is IPv4 with a port; IPv6 has at least two colons.
            if (firstColon > 0 && text.LastIndexOf(':') == firstColon && text[..firstColon].Contains('.'))
            {
                if (!IsPortSuffix(text[firstColon..], allowEmpty: false)) return false;
                text = text[..firstColon];
            }
        }
        // A zone (fe80::1%eth0) names the host's own interface: the address without it is the one that matters.
        int zone = text.IndexOf('%');
        if (zone > 0 && text[..zone].Contains(':') && zone < text.Length - 1) text = text[..zone];
        if (!AddressTextParser.TryParse(text, out value, out v6)) return false;
        if (v6 && value >> 32 == 0xFFFF) (value, v6) = (value & uint.MaxValue, false);
        return true;
    }

    private static bool IsPortSuffix(ReadOnlySpan<char> rest, bool allowEmpty)
    {
        if (rest.IsEmpty) return allowEmpty;
        if (rest[0] != ':' || rest.Length is < 2 or > 6) return false;
        foreach (char c in rest[1..])
        {
            if (!char.IsAsciiDigit(c)) return false;
        }
        return true;
    }

    /// <summary>The canonical text of an address (IPv4 dotted, IPv6 compressed lower case).</summary>
    public static string Canonical(IPAddress address) => address.ToString();

    /// <summary>The address as a host-length CIDR: <c>1.2.3.4/32</c>, <c>2001:db8::1/128</c>.</summary>
    public static string HostCidr(IPAddress address) =>
        $"{address}/{(address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)}";

    /// <summary>
    /// Parses a CIDR from a list the admin or AWS wrote (CDN ranges, trusted proxies) into a canonical
    /// <see cref="IPNetwork"/>: <c>10.1.2.3/8</c> is taken as <c>10.0.0.0/8</c>, a bare address as a host network, an
    /// IPv4-mapped prefix of /96 or longer as the IPv4 prefix. The address is read strictly (no octal, short or hex
    /// IPv4, no zone) and the length is plain digits. False for anything else. Block rules are stricter still: see
    /// <see cref="BlockRangeChecker"/>.
    /// </summary>
    public static bool TryParseNetwork(ReadOnlySpan<char> text, out IPNetwork network)
    {
        network = default;
        text = text.Trim();
        int slash = text.IndexOf('/');
        var addressPart = slash < 0 ? text : text[..slash];
        if (!AddressTextParser.TryParse(addressPart, out var value, out bool v6)) return false;
        int max = v6 ? 128 : 32;
        int length = max;
        if (slash >= 0 && !AddressTextParser.TryParsePrefixLength(text[(slash + 1)..], max, out length)) return false;
        if (v6 && value >> 32 == 0xFFFF && length >= 96) (value, v6, length) = (value & uint.MaxValue, false, length - 96);
        network = AddressRange.Prefix(value, length, v6).ToNetwork();
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

    /// <summary>
    /// A dotted quad as <see cref="IPAddress.ToString()"/> writes it (no leading zeros, no spaces, no escapes), as a
    /// number; false for anything else, so that the number and the text name the same client. Over bytes (a raw log
    /// field) or chars (a resolved address).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static bool TryParseCanonicalV4<T>(ReadOnlySpan<T> text, out uint value) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        value = 0;
        if (text.Length is < 7 or > 15) return false;
        int octets = 0, i = 0;
        while (true)
        {
            int start = i, octet = 0;
            while (i < text.Length && (uint)(int.CreateTruncating(text[i]) - '0') <= 9) octet = octet * 10 + (int.CreateTruncating(text[i++]) - '0');
            int digits = i - start;
            if (digits is 0 or > 3 || octet > 255 || (digits > 1 && int.CreateTruncating(text[start]) == '0')) return false;
            value = value << 8 | (uint)octet;
            if (++octets == 4) return i == text.Length;
            if (i == text.Length || int.CreateTruncating(text[i++]) != '.') return false;
        }
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
