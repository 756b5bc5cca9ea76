using System.Numerics;
using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// A set of non-zero integers ("marks") in flat arrays with no references, for the detector's sets of millions
/// (<see cref="SegmentedLongSet"/>, <see cref="PairSet"/>). The marks are in segments found through a directory by the
/// mark's hash (extendible hashing), each an open-addressing table with linear probes. The first segment grows by half
/// until it reaches a fixed size; from then on a segment three quarters full splits in two by one more bit of the hash,
/// and the segment it leaves is kept for the next split. So the set never leaves arrays behind as it grows (segments
/// that each grew by half left a trail of arrays larger than any hole the collector could fill), and memory follows
/// the number of marks: three quarters to three eighths full.
/// </summary>
internal sealed class MarkSet<T> where T : unmanaged, IBinaryInteger<T>
{
    private const int InitialCapacity = 16;
    private const int DeepestDirectory = 26;

    private readonly int _segmentCapacity;
    // How deep the directory may go; past it a segment grows by half as the first one did.
    private readonly int _maxDepth;
    // Directory: 2^_depth entries, a segment of local depth d in 2^(_depth - d) consecutive ones.
    private Segment[] _directory;
    private int _depth;
    // A segment left by a split, emptied, for the next one.
    private Segment? _spare;

    /// <param name="segmentCapacity">Slots of a full-size segment.</param>
    /// <param name="maxDepth">How deep the directory may go (tests make it shallow, to reach it).</param>
    public MarkSet(int segmentCapacity, int maxDepth = DeepestDirectory)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDepth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDepth, DeepestDirectory);
        _maxDepth = maxDepth;
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentCapacity, 4);
        _segmentCapacity = segmentCapacity;
        _directory = [new Segment(Math.Min(InitialCapacity, segmentCapacity), 0)];
    }

    /// <summary>Marks held.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes of the arrays.</summary>
    public long Bytes
    {
        get
        {
            long slots = _spare?.Slots.Length ?? 0;
            for (int j = 0; j < _directory.Length; j += 1 << (_depth - _directory[j].Depth)) slots += _directory[j].Slots.Length;
            return slots * Unsafe.SizeOf<T>() + (long)_directory.Length * IntPtr.Size;
        }
    }

    /// <summary>Adds a mark (not zero); false when it was there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Add(T mark)
    {
        if (mark == T.Zero) throw new ArgumentOutOfRangeException(nameof(mark), "Zero marks an empty slot.");
        ulong h = Hash(mark);
        var s = _directory[Index(h)];
        if (4 * (s.Used + 1) > 3 * s.Slots.Length)
        {
            // Room first, whether or not the mark is there: the set grows as if it were not.
            do
            {
                // The first segment grows to full size; one as deep as the directory may go grows on (its one entry).
                if (s.Slots.Length < _segmentCapacity) _directory[0] = s.Grown(Math.Min(s.Slots.Length + s.Slots.Length / 2, _segmentCapacity));
                else if (s.Depth < _maxDepth) Split(s);
                else _directory[Index(h)] = s.Grown(s.Slots.Length + s.Slots.Length / 2);
                s = _directory[Index(h)];
            }
            while (4 * (s.Used + 1) > 3 * s.Slots.Length);
        }
        var slots = s.Slots;
        int capacity = slots.Length;
        for (int i = Start(h, capacity); ; )
        {
            T at = slots[i];
            if (at == mark) return false;
            if (at == T.Zero)
            {
                slots[i] = mark;
                s.Used++;
                Count++;
                return true;
            }
            if (++i == capacity) i = 0;
        }
    }

    /// <summary>True when the mark was added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Contains(T mark)
    {
        if (mark == T.Zero) return false;
        ulong h = Hash(mark);
        var slots = _directory[Index(h)].Slots;
        int capacity = slots.Length;
        for (int i = Start(h, capacity); ; )
        {
            T at = slots[i];
            if (at == mark) return true;
            if (at == T.Zero) return false;
            if (++i == capacity) i = 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hash(T mark) => SegmentedLongSet.Mix(ulong.CreateTruncating(mark));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Index(ulong h) => (int)(h >> 1 >> (63 - _depth));

    // The slot where a probe starts in a segment of any capacity: the low 32 bits of the hash scaled, no mask.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Start(ulong h, int capacity) => (int)(((h & uint.MaxValue) * (ulong)capacity) >> 32);

    // Splits a full-size segment by the next bit of the hash into two (the spare and a new one, or two new ones); the
    // directory doubles first when the segment is as deep as the directory. The segment left is emptied as the spare.
    private void Split(Segment full)
    {
        if (full.Depth == _depth)
        {
            var doubled = new Segment[_directory.Length * 2];
            for (int j = 0; j < _directory.Length; j++) doubled[2 * j] = doubled[2 * j + 1] = _directory[j];
            _directory = doubled;
            _depth++;
        }
        int depth = full.Depth + 1;
        var low = Take(depth);
        var high = Take(depth);
        foreach (T mark in full.Slots)
        {
            if (mark == T.Zero) continue;
            ulong h = Hash(mark);
            // The bit after the depth - 1 that the full segment's marks share.
            (h << (depth - 1) >> 63 == 0 ? low : high).Put(h, mark);
        }
        // The full segment's entries are 2^(_depth - depth + 1) in a row: the first half goes to low, the rest to high.
        int span = 1 << (_depth - depth + 1);
        int first = 0;
        while (!ReferenceEquals(_directory[first], full)) first += span;
        for (int j = 0; j < span; j++) _directory[first + j] = j < span / 2 ? low : high;
        Array.Clear(full.Slots);
        full.Used = 0;
        _spare = full;
    }

    private Segment Take(int depth)
    {
        var s = _spare ?? new Segment(_segmentCapacity, depth);
        _spare = null;
        s.Depth = depth;
        return s;
    }

    private sealed class Segment(int capacity, int depth)
    {
        public readonly T[] Slots = new T[capacity];
        public int Used;
        // Bits of the hash its marks share.
        public int Depth = depth;

        // A mark not in the segment, where its probe finds room.
        public void Put(ulong h, T mark)
        {
            int capacity = Slots.Length;
            int i = Start(h, capacity);
            while (Slots[i] != T.Zero)
            {
                if (++i == capacity) i = 0;
            }
            Slots[i] = mark;
            Used++;
        }

        public Segment Grown(int capacity)
        {
            var grown = new Segment(capacity, Depth);
            foreach (T mark in Slots)
            {
                if (mark != T.Zero) grown.Put(Hash(mark), mark);
            }
            return grown;
        }
    }
}
