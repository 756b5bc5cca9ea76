using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// The store's set of (client number, path number) pairs in 4 bytes a pair: 256 groups chosen by the client
/// number's low 8 bits, each a <see cref="MarkSet{T}"/> of the rest (the client number's next 11 bits and a 20-bit
/// path number), which grows without leaving arrays behind. A pair that does not fit (client 524,288 or more, path 1,048,576 or more)
/// goes to a <see cref="SegmentedLongSet"/> beside it, so the set holds any pair of non-negative numbers.
/// </summary>
internal sealed class PairSet
{
    private const int SegmentBits = 8;
    private const int SegmentCount = 1 << SegmentBits;
    private const int PathBits = 20;
    private const int HighClientBits = 31 - PathBits;
    /// <summary>Slots of a full-size segment of a group (32 KB: below the large object heap).</summary>
    private const int SegmentCapacity = 8192;

    private readonly MarkSet<uint>[] _groups = new MarkSet<uint>[SegmentCount];
    private readonly SegmentedLongSet _wide = new();

    public PairSet()
    {
        for (int g = 0; g < SegmentCount; g++) _groups[g] = new MarkSet<uint>(SegmentCapacity);
    }

    /// <summary>Pairs held.</summary>
    public int Count => _wide.Count + _groups.Sum(g => g.Count);

    /// <summary>Bytes of the arrays.</summary>
    public long Bytes => _wide.Bytes + _groups.Sum(g => g.Bytes);

    /// <summary>Adds the pair; false when it was there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Add(int client, int pathId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(client);
        ArgumentOutOfRangeException.ThrowIfNegative(pathId);
        if (!Fits(client, pathId)) return _wide.Add((long)client << 32 | (uint)pathId);
        return _groups[client & (SegmentCount - 1)].Add(Mark(client, pathId));
    }

    /// <summary>True when the pair was added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Contains(int client, int pathId)
    {
        if (client < 0 || pathId < 0) return false;
        if (!Fits(client, pathId)) return _wide.Contains((long)client << 32 | (uint)pathId);
        return _groups[client & (SegmentCount - 1)].Contains(Mark(client, pathId));
    }

    private static bool Fits(int client, int pathId) => pathId >> PathBits == 0 && client >> (SegmentBits + HighClientBits) == 0;

    private static uint Mark(int client, int pathId) => ((uint)(client >> SegmentBits) << PathBits | (uint)pathId) + 1;
}
