using System.Net;
using System.Net.Sockets;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// A CIDR prefix as the interval of addresses it holds: IPv4 in the low 32 bits of <see cref="UInt128"/>, so both
/// families share one arithmetic and overlap is two comparisons (ranges of different families never overlap).
/// </summary>
internal readonly record struct AddressRange(bool IsV6, UInt128 First, UInt128 Last, int PrefixLength)
{
    /// <summary>32 or 128.</summary>
    public int MaxLength => IsV6 ? 128 : 32;

    /// <summary>True when the two intervals share at least one address.</summary>
    public bool Overlaps(AddressRange other) => IsV6 == other.IsV6 && First <= other.Last && other.First <= Last;

    /// <summary>True when <paramref name="other"/> lies wholly inside this range.</summary>
    public bool Covers(AddressRange other) => IsV6 == other.IsV6 && First <= other.First && other.Last <= Last;

    /// <summary>The bits a prefix of <paramref name="length"/> leaves to hosts, as a mask.</summary>
    public static UInt128 HostMask(int length, bool isV6)
    {
        int bits = (isV6 ? 128 : 32) - length;
        return bits == 0 ? UInt128.Zero : bits == 128 ? UInt128.MaxValue : (UInt128.One << bits) - UInt128.One;
    }

    /// <summary>The prefix of <paramref name="length"/> bits that holds <paramref name="value"/> (host bits cleared).</summary>
    public static AddressRange Prefix(UInt128 value, int length, bool isV6)
    {
        var host = HostMask(length, isV6);
        var first = value & ~host;
        if (!isV6) first &= uint.MaxValue;
        return new AddressRange(isV6, first, first | host, length);
    }

    /// <summary>The range of a network.</summary>
    public static AddressRange Of(IPNetwork network)
    {
        bool v6 = network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6;
        var value = v6 ? IpAddressText.ToUInt128(network.BaseAddress) : IpAddressText.ToUInt32(network.BaseAddress);
        return Prefix(value, network.PrefixLength, v6);
    }

    /// <summary>Parses canonical CIDR text from the project's own tables (throws on a typo there).</summary>
    public static AddressRange Parse(string cidr)
    {
        int slash = cidr.IndexOf('/');
        if (slash < 0 || !AddressTextParser.TryParse(cidr.AsSpan(0, slash), out var value, out bool v6)
            || !AddressTextParser.TryParsePrefixLength(cidr.AsSpan(slash + 1), v6 ? 128 : 32, out int length)
            || (value & HostMask(length, v6)) != UInt128.Zero)
            throw new FormatException($"'{cidr}' is not a canonical CIDR prefix.");
        return Prefix(value, length, v6);
    }

    /// <summary>The first address as an <see cref="IPAddress"/>.</summary>
    public IPAddress FirstAddress => ToAddress(First, IsV6);

    /// <summary>The range as a network.</summary>
    public IPNetwork ToNetwork() => new(FirstAddress, PrefixLength);

    /// <summary>CIDR text, <c>205.251.192.0/19</c>.</summary>
    public override string ToString() => $"{FirstAddress}/{PrefixLength}";

    /// <summary>An address from its number.</summary>
    public static IPAddress ToAddress(UInt128 value, bool isV6)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!isV6)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)value);
            return new IPAddress(bytes[..4]);
        }
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
