using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// Reuses the string for bytes seen before (host names, program names): a file of a million lines names a
/// handful of hosts and a few dozen programs, so one string each instead of one per line. Direct-mapped and
/// bounded: a miss only costs a decode, never memory growth.
/// </summary>
internal sealed class Utf8StringPool
{
    private const int MaxKeyLength = 64;
    private readonly byte[]?[] _keys;
    private readonly string?[] _values;
    private readonly int _mask;

    /// <summary>Creates a pool with <paramref name="slots"/> entries (rounded up to a power of two).</summary>
    public Utf8StringPool(int slots)
    {
        int size = 1;
        while (size < slots) size <<= 1;
        _keys = new byte[]?[size];
        _values = new string?[size];
        _mask = size - 1;
    }

    /// <summary>The decoded string for <paramref name="bytes"/>, shared with earlier calls for the same bytes.</summary>
    public string Get(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return string.Empty;
        if (bytes.Length > MaxKeyLength) return Utf8Text.Decode(bytes);
        var hash = new HashCode();
        hash.AddBytes(bytes);
        int slot = hash.ToHashCode() & _mask;
        var key = _keys[slot];
        if (key is not null && bytes.SequenceEqual(key)) return _values[slot]!;
        string value = Utf8Text.Decode(bytes);
        _keys[slot] = bytes.ToArray();
        _values[slot] = value;
        return value;
    }
}
