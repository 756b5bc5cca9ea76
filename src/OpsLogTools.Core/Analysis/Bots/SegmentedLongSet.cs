using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// A set of 64-bit keys (any value but -1) in flat arrays with no references: 32 segments
/// chosen by the key's hash, each an open-addressing table with linear probes that grows by half on its own when
/// three quarters full. Memory follows the number of keys (8 bytes a key at three quarters to half full, 11 to 16
/// bytes), and a growth copies one segment, not the whole set: no transient of the old and a doubled array side by
/// side when the set holds millions (the store's client-path pairs on a month of CloudFront logs).
/// </summary>
internal sealed class SegmentedLongSet
{
    private const int SegmentBits = 5;
    private const int SegmentCount = 1 << SegmentBits;
    private const int InitialCapacity = 64;

    // Each segment's slots hold key + 1, so that 0 is empty: -1 is the one key that cannot be held.
    private readonly long[][] _slots = new long[SegmentCount][];
    private readonly int[] _used = new int[SegmentCount];

    public SegmentedLongSet()
    {
        for (int s = 0; s < SegmentCount; s++) _slots[s] = new long[InitialCapacity];
    }

    /// <summary>Keys held.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes of the arrays.</summary>
    public long Bytes
    {
        get
        {
            long n = 0;
            foreach (var s in _slots) n += s.LongLength * 8;
            return n;
        }
    }

    /// <summary>Adds a key; false when it was there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Add(long key)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(key, -1L);
        ulong h = Mix((ulong)key);
        int seg = (int)(h >> (64 - SegmentBits));
        var slots = _slots[seg];
        if (4 * (_used[seg] + 1) > 3 * slots.Length) _slots[seg] = slots = Grown(slots, slots.Length + slots.Length / 2);
        long mark = key + 1;
        int capacity = slots.Length;
        for (int i = Start(h, capacity); ; )
        {
            long s = slots[i];
            if (s == mark) return false;
            if (s == 0)
            {
                slots[i] = mark;
                _used[seg]++;
                Count++;
                return true;
            }
            if (++i == capacity) i = 0;
        }
    }

    /// <summary>True when the key was added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Contains(long key)
    {
        if (key == -1) return false;
        ulong h = Mix((ulong)key);
        var slots = _slots[(int)(h >> (64 - SegmentBits))];
        long mark = key + 1;
        int capacity = slots.Length;
        for (int i = Start(h, capacity); ; )
        {
            long s = slots[i];
            if (s == mark) return true;
            if (s == 0) return false;
            if (++i == capacity) i = 0;
        }
    }

    private static long[] Grown(long[] old, int capacity)
    {
        var slots = new long[capacity];
        foreach (long s in old)
        {
            if (s == 0) continue;
            int i = Start(Mix((ulong)(s - 1)), capacity);
            while (slots[i] != 0)
            {
                if (++i == capacity) i = 0;
            }
            slots[i] = s;
        }
        return slots;
    }

    // The slot where a probe starts in a segment of any capacity: the low 32 bits of the hash scaled, no mask.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Start(ulong h, int capacity) => (int)(((h & uint.MaxValue) * (ulong)capacity) >> 32);

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
