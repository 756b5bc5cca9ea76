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
    private readonly SegmentDirectory<Segment> _directory;

    /// <param name="segmentCapacity">Slots of a full-size segment.</param>
    /// <param name="maxDepth">How deep the directory may go (tests make it shallow, to reach it).</param>
    public MarkSet(int segmentCapacity, int maxDepth = DeepestDirectory)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDepth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDepth, DeepestDirectory);
        _maxDepth = maxDepth;
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentCapacity, 4);
        _segmentCapacity = segmentCapacity;
        _directory = new SegmentDirectory<Segment>(new Segment(Math.Min(InitialCapacity, segmentCapacity)), () => new Segment(segmentCapacity));
    }

    /// <summary>Marks held.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes of the arrays.</summary>
    public long Bytes
    {
        get
        {
            long slots = _directory.Spare?.Slots.Length ?? 0;
            foreach (var (_, s) in _directory.Segments()) slots += s.Slots.Length;
            return slots * Unsafe.SizeOf<T>() + (long)_directory.Entries.Length * IntPtr.Size;
        }
    }

    /// <summary>Adds a mark (not zero); false when it was there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Add(T mark)
    {
        if (mark == T.Zero) throw new ArgumentOutOfRangeException(nameof(mark), "Zero marks an empty slot.");
        ulong h = Hash(mark);
        var s = _directory.Entries[_directory.IndexOf(h)];
        if (4 * (s.Used + 1) > 3 * s.Slots.Length)
        {
            // Room first, whether or not the mark is there: the set grows as if it were not.
            do
            {
                // The first segment grows to full size; one as deep as the directory may go grows on (its one entry).
                if (s.Slots.Length < _segmentCapacity) _directory.Entries[0] = s.Grown(Math.Min(s.Slots.Length + s.Slots.Length / 2, _segmentCapacity));
                else if (s.Depth < _maxDepth) Split(s);
                else _directory.Entries[_directory.IndexOf(h)] = s.Grown(s.Slots.Length + s.Slots.Length / 2);
                s = _directory.Entries[_directory.IndexOf(h)];
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
        var slots = _directory.Entries[_directory.IndexOf(h)].Slots;
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

    // The slot where a probe starts in a segment of any capacity: the low 32 bits of the hash scaled, no mask.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Start(ulong h, int capacity) => (int)(((h & uint.MaxValue) * (ulong)capacity) >> 32);

    // Moves a full-size segment's marks to the two halves its hash bits choose.
    private void Split(Segment full)
    {
        var (low, high) = _directory.Open(full);
        foreach (T mark in full.Slots)
        {
            if (mark == T.Zero) continue;
            ulong h = Hash(mark);
            (SegmentDirectory<Segment>.High(h, low.Depth) ? high : low).Put(h, mark);
        }
        _directory.Close(full, low, high);
    }

    private sealed class Segment(int capacity) : IDirectorySegment
    {
        public readonly T[] Slots = new T[capacity];
        public int Used;

        public int Depth { get; set; }

        public void Clear()
        {
            Array.Clear(Slots);
            Used = 0;
        }

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
            var grown = new Segment(capacity) { Depth = Depth };
            foreach (T mark in Slots)
            {
                if (mark != T.Zero) grown.Put(Hash(mark), mark);
            }
            return grown;
        }
    }
}
