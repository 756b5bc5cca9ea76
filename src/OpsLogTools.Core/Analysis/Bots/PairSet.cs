using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// The store's set of (client number, path number) pairs in 4 bytes a pair: 256 segments chosen by the client
/// number's low 8 bits, each an open-addressing table of the rest (the client number's next 11 bits and a 20-bit path
/// number) that grows by half on its own. A pair that does not fit (client 524,288 or more, path 1,048,576 or more)
/// goes to a <see cref="SegmentedLongSet"/> beside it, so the set holds any pair of non-negative numbers.
/// </summary>
internal sealed class PairSet
{
    private const int SegmentBits = 8;
    private const int SegmentCount = 1 << SegmentBits;
    private const int PathBits = 20;
    private const int HighClientBits = 31 - PathBits;
    private const int InitialCapacity = 16;

    // Each slot holds the packed pair + 1, so that 0 is empty.
    private readonly uint[][] _slots = new uint[SegmentCount][];
    private readonly int[] _used = new int[SegmentCount];
    private readonly SegmentedLongSet _wide = new();
    private int _narrow;

    public PairSet()
    {
        for (int s = 0; s < SegmentCount; s++) _slots[s] = new uint[InitialCapacity];
    }

    /// <summary>Pairs held.</summary>
    public int Count => _narrow + _wide.Count;

    /// <summary>Bytes of the arrays.</summary>
    public long Bytes
    {
        get
        {
            long n = _wide.Bytes;
            foreach (var s in _slots) n += s.LongLength * 4;
            return n;
        }
    }

    /// <summary>Adds the pair; false when it was there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Add(int client, int pathId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(client);
        ArgumentOutOfRangeException.ThrowIfNegative(pathId);
        if (!Fits(client, pathId)) return _wide.Add((long)client << 32 | (uint)pathId);
        int seg = client & (SegmentCount - 1);
        var slots = _slots[seg];
        if (4 * (_used[seg] + 1) > 3 * slots.Length) _slots[seg] = slots = Grown(slots, slots.Length + slots.Length / 2);
        uint mark = Mark(client, pathId);
        int capacity = slots.Length;
        for (int i = Start(mark, capacity); ; )
        {
            uint s = slots[i];
            if (s == mark) return false;
            if (s == 0)
            {
                slots[i] = mark;
                _used[seg]++;
                _narrow++;
                return true;
            }
            if (++i == capacity) i = 0;
        }
    }

    /// <summary>True when the pair was added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Contains(int client, int pathId)
    {
        if (client < 0 || pathId < 0) return false;
        if (!Fits(client, pathId)) return _wide.Contains((long)client << 32 | (uint)pathId);
        var slots = _slots[client & (SegmentCount - 1)];
        uint mark = Mark(client, pathId);
        int capacity = slots.Length;
        for (int i = Start(mark, capacity); ; )
        {
            uint s = slots[i];
            if (s == mark) return true;
            if (s == 0) return false;
            if (++i == capacity) i = 0;
        }
    }

    private static bool Fits(int client, int pathId) => pathId >> PathBits == 0 && client >> (SegmentBits + HighClientBits) == 0;

    private static uint Mark(int client, int pathId) => ((uint)(client >> SegmentBits) << PathBits | (uint)pathId) + 1;

    private static uint[] Grown(uint[] old, int capacity)
    {
        var slots = new uint[capacity];
        foreach (uint s in old)
        {
            if (s == 0) continue;
            int i = Start(s, capacity);
            while (slots[i] != 0)
            {
                if (++i == capacity) i = 0;
            }
            slots[i] = s;
        }
        return slots;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Start(uint mark, int capacity) => (int)(((SegmentedLongSet.Mix(mark) & uint.MaxValue) * (ulong)capacity) >> 32);
}
