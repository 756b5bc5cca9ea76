using System.Globalization;
using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// The one strict reader of address text, with the rules of POSIX <c>inet_pton</c> (what mod_remoteip, nginx and the
/// kernel's tools use), not those of <see cref="System.Net.IPAddress.TryParse(string, out System.Net.IPAddress)"/> or
/// <c>inet_aton</c>: IPv4 is exactly four decimal octets without leading zeros (<c>010.0.0.1</c> is octal 8.0.0.1 to
/// some tools and decimal 10.0.0.1 to others; <c>127.1</c>, <c>0x7f.0.0.1</c> and <c>2130706433</c> are refused);
/// IPv6 is RFC 4291 §2.2 text (one to four hex digits a group, one <c>::</c> at most, an optional strict dotted quad
/// at the end), with no zone, no brackets and no port. Values are numbers: IPv4 in the low 32 bits of the
/// <see cref="UInt128"/>.
/// </summary>
internal static class AddressTextParser
{
    /// <summary>Longest IPv6 text: eight groups of four hex digits and seven colons, or six groups and a dotted quad.</summary>
    public const int MaxAddressLength = 45;

    /// <summary>Parses one address (no prefix). False for anything else, including non-canonical IPv4 forms.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> text, out UInt128 value, out bool isV6)
    {
        value = UInt128.Zero;
        isV6 = text.Contains(':');
        if (isV6) return TryParseV6(text, out value);
        if (!TryParseV4(text, out uint v4)) return false;
        value = v4;
        return true;
    }

    /// <summary>Four decimal octets, each 0 or 1–255 without a leading zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseV4(ReadOnlySpan<char> text, out uint value)
    {
        value = 0;
        if (text.Length is < 7 or > 15) return false;
        int i = 0;
        for (int octet = 0; octet < 4; octet++)
        {
            if (octet > 0)
            {
                if (i >= text.Length || text[i] != '.') return false;
                i++;
            }
            int start = i, number = 0;
            while (i < text.Length && i - start < 4 && char.IsAsciiDigit(text[i])) number = number * 10 + (text[i++] - '0');
            int digits = i - start;
            if (digits is 0 or > 3 || number > 255 || (digits > 1 && text[start] == '0')) return false;
            value = value << 8 | (uint)number;
        }
        return i == text.Length;
    }

    /// <summary>RFC 4291 §2.2 text: hex groups, at most one <c>::</c>, optionally a strict dotted quad as the last 32 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseV6(ReadOnlySpan<char> text, out UInt128 value)
    {
        value = UInt128.Zero;
        if (text.Length is < 2 or > MaxAddressLength) return false;
        Span<ushort> groups = stackalloc ushort[9];
        int count = 0, gapAt = -1, i = 0;
        if (text[0] == ':')
        {
            if (text[1] != ':') return false;
            gapAt = 0;
            i = 2;
        }
        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && text[i] != ':') i++;
            var piece = text[start..i];
            bool last = i == text.Length;
            if (piece.IsEmpty || count >= 8) return false;
            if (piece.Contains('.'))
            {
                // A dotted quad is only the last 32 bits, and as strict as a plain IPv4 address.
                if (!last || count > 6 || !TryParseV4(piece, out uint v4)) return false;
                groups[count++] = (ushort)(v4 >> 16);
                groups[count++] = (ushort)v4;
                break;
            }
            if (piece.Length > 4 || !ushort.TryParse(piece, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort group)) return false;
            groups[count++] = group;
            if (last) break;
            i++;
            if (i == text.Length) return false; // a single trailing colon
            if (text[i] == ':')
            {
                if (gapAt >= 0) return false; // a second "::"
                gapAt = count;
                i++;
            }
        }
        if (gapAt >= 0 ? count > 7 : count != 8) return false;
        // Groups before the gap fill from the top; those after it end at the bottom.
        int tails = gapAt >= 0 ? count - gapAt : 0;
        for (int g = 0; g < count; g++)
        {
            int position = g < count - tails ? g : 8 - (count - g);
            value |= (UInt128)groups[g] << (112 - 16 * position);
        }
        return true;
    }

    /// <summary>A prefix length: <c>0</c> or digits without a leading zero, at most <paramref name="max"/>.</summary>
    public static bool TryParsePrefixLength(ReadOnlySpan<char> text, int max, out int length)
    {
        length = 0;
        if (text.IsEmpty || text.Length > 3 || (text.Length > 1 && text[0] == '0')) return false;
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
            length = length * 10 + (c - '0');
        }
        return length <= max;
    }
}
