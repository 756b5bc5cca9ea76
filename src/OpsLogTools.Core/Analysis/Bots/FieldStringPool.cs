using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Reuses the decoded string of raw field bytes seen before, for the bot engine's fast readers: a busy site's
/// millions of lines name a few thousand paths, agents and clients, so most fields cost a hash and a compare instead
/// of a decode and an allocation. Direct-mapped and bounded: a miss costs a decode, never growth. One per thread.
/// </summary>
internal sealed class FieldStringPool
{
    private const int MaxKeyLength = 512;
    private readonly byte[]?[] _keys;
    private readonly string?[] _values;
    private readonly int _mask;

    public FieldStringPool(int slots = 1 << 14)
    {
        int size = 1;
        while (size < slots) size <<= 1;
        _keys = new byte[]?[size];
        _values = new string?[size];
        _mask = size - 1;
    }

    /// <summary>Lookups that had to decode (for tuning the sizes).</summary>
    public long Misses { get; private set; }

    /// <summary>How a field is decoded.</summary>
    public enum Decoding
    {
        /// <summary>UTF-8 as is (<see cref="Utf8Text.Decode"/>).</summary>
        Plain,
        /// <summary>CloudFront's URL encoding (<see cref="PercentDecoding"/>).</summary>
        Percent,
        /// <summary>Apache/nginx backslash escapes (<see cref="ApacheEscapes"/>).</summary>
        Escaped,
    }

    /// <summary>The decoded string for <paramref name="raw"/>, shared with earlier calls for the same bytes and decoding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Get(ReadOnlySpan<byte> raw, Decoding decoding)
    {
        if (raw.IsEmpty) return string.Empty;
        if (raw.Length > MaxKeyLength) return Decode(raw, decoding);
        // The decoding is part of the key: the same bytes decode differently as a CloudFront and an Apache field.
        int slot = (int)(Hash(raw) + (ulong)decoding * 0x9E3779B97F4A7C15UL >> 40) & _mask;
        var key = _keys[slot];
        if (key is not null && _values[slot] is { } hit && key.Length == raw.Length + 1 && key[0] == (byte)decoding && raw.SequenceEqual(key.AsSpan(1)))
            return hit;
        Misses++;
        string value = Decode(raw, decoding);
        var stored = new byte[raw.Length + 1];
        stored[0] = (byte)decoding;
        raw.CopyTo(stored.AsSpan(1));
        _keys[slot] = stored;
        _values[slot] = value;
        return value;
    }

    // A cache slot only has to spread well: the bytes at both ends and the middle (where agents and paths differ),
    // mixed by multiplication, cost a fraction of hashing every byte. A collision costs a decode, nothing more.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong Hash(ReadOnlySpan<byte> raw)
    {
        const ulong K = 0x9E3779B97F4A7C15UL;
        ulong h = (ulong)raw.Length * K;
        if (raw.Length >= 8)
        {
            int mid = raw.Length / 2 - 4;
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(raw)) * K;
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(raw[mid..])) * K;
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(raw[^8..])) * K;
            if (raw.Length >= 32)
            {
                h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(raw[(raw.Length / 4)..])) * K;
                h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(raw[(raw.Length * 3 / 4 - 8)..])) * K;
            }
        }
        else
        {
            foreach (byte b in raw) h = (h ^ b) * K;
        }
        return h ^ (h >> 29);
    }

    private static string Decode(ReadOnlySpan<byte> raw, Decoding decoding) => decoding switch
    {
        Decoding.Percent => PercentDecoding.Decode(raw),
        Decoding.Escaped => ApacheEscapes.Text(raw, mayHaveEscapes: true),
        _ => Utf8Text.Decode(raw),
    };
}
