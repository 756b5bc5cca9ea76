using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// A set of 64-bit keys (any value but -1) in flat arrays with no references (a <see cref="MarkSet{T}"/> of the keys
/// + 1): 8 bytes a key at three quarters to three eighths full, and no array left behind as it grows to millions (the
/// store's client-path pairs on a month of CloudFront logs).
/// </summary>
internal sealed class SegmentedLongSet
{
    /// <summary>Keys of a full-size segment (64 KB: below the large object heap).</summary>
    private const int SegmentCapacity = 8192;

    private readonly MarkSet<long> _marks = new(SegmentCapacity);

    /// <summary>Keys held.</summary>
    public int Count => _marks.Count;

    /// <summary>Bytes of the arrays.</summary>
    public long Bytes => _marks.Bytes;

    /// <summary>Adds a key; false when it was there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Add(long key)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(key, -1L);
        return _marks.Add(key + 1);
    }

    /// <summary>True when the key was added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Contains(long key) => key != -1 && _marks.Contains(key + 1);

    // MurmurHash3's finaliser: every key bit moves every hash bit (the top bits choose the segment).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Mix(ulong key)
    {
        key ^= key >> 33;
        key *= 0xFF51AFD7ED558CCDUL;
        key ^= key >> 33;
        key *= 0xC4CEB9FE1A85EC53UL;
        key ^= key >> 33;
        return key;
    }
}
