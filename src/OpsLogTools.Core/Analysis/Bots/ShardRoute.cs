using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Which <see cref="ClientShard"/> owns a client: a function of what the client table keys it by, so that all the
/// requests of one client go to one shard. A canonical IPv4 address by its number (as the light table and the
/// full table's text both name it), anything that parses as IPv6 by its /64 network (a network client, or an edge kept
/// by its address: one text, one network), any other text by itself.
/// </summary>
internal static class ShardRoute
{
    // An IPv6 network and an IPv4 address with the same number are different clients: spread them apart.
    private const ulong V6Salt = 0x6A09E667F3BCC909UL;

    /// <summary>The shard of a plain IPv4 client.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int OfV4(uint address, int shards) => Pick(address, shards);

    /// <summary>The shard of a resolved client, by its address text.</summary>
    public static int Of(string clientIp, int shards)
    {
        if (shards == 1) return 0;
        if (IpAddressText.TryParseCanonicalV4(clientIp.AsSpan(), out uint v4)) return Pick(v4, shards);
        if (ClientKey.TryNetwork(clientIp, out ulong network, out _)) return Pick(network ^ V6Salt, shards);
        return Pick((ulong)(uint)StringComparer.Ordinal.GetHashCode(clientIp) << 16, shards);
    }

    /// <summary>
    /// The shard of a CloudFront viewer with no x-forwarded-for, whose client is its c-ip as the resolver writes it
    /// (canonical when it parses): the same shard as <see cref="Of"/> of that text, found with one parse and no text made.
    /// </summary>
    public static int OfViewer(string connecting, int shards)
    {
        if (!IpAddressText.TryParse(connecting, out var ip)) return Of(connecting, shards);
        Span<byte> bytes = stackalloc byte[16];
        if (!ip.TryWriteBytes(bytes, out int written)) return Of(ip.ToString(), shards);
        if (written == 4) return Pick(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes), shards);
        ulong network = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
        ulong interfaceId = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        return ClientKey.EmbedsIpv4(network, interfaceId) ? Of(ip.ToString(), shards) : Pick(network ^ V6Salt, shards);
    }

    // SplitMix64's finaliser: unlike the tables' own multiplicative spread, so a shard's keys still spread in its tables.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Pick(ulong key, int shards)
    {
        ulong z = (key ^ (key >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)((z >> 32) % (uint)shards);
    }
}
