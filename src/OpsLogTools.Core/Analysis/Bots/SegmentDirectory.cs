using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>A segment of a table kept by <see cref="SegmentDirectory{TSegment}"/>.</summary>
internal interface IDirectorySegment
{
    /// <summary>Bits of the hash its keys share: 0 for the first segment, one more at each split.</summary>
    int Depth { get; set; }

    /// <summary>Empties the segment, for reuse by a later split.</summary>
    void Clear();
}

/// <summary>
/// The directory of an extendible hash table (<see cref="LightClients"/>, <see cref="MarkSet{T}"/>): 2^<see cref="Depth"/>
/// entries chosen by the top bits of a key's hash, a segment of local depth d in 2^(Depth − d) consecutive ones. A
/// full segment splits in two by the next bit of the hash; the segment it leaves is kept, emptied, for the next split,
/// so that a table of same-size segments grows without leaving arrays behind. The tables move the keys themselves
/// (<see cref="Open"/>, then <see cref="Close"/>): only they know what a slot holds.
/// </summary>
internal sealed class SegmentDirectory<TSegment> where TSegment : class, IDirectorySegment
{
    private readonly Func<TSegment> _create;
    // A segment left by a split, emptied, for the next one.
    private TSegment? _spare;

    /// <param name="first">The one segment of an empty table (depth 0).</param>
    /// <param name="create">Makes a full-size segment for a split.</param>
    public SegmentDirectory(TSegment first, Func<TSegment> create)
    {
        first.Depth = 0;
        Entries = [first];
        _create = create;
    }

    /// <summary>The entries, by <see cref="IndexOf"/>.</summary>
    public TSegment[] Entries { get; private set; }

    /// <summary>Bits of the hash that choose an entry.</summary>
    public int Depth { get; private set; }

    /// <summary>The segment kept for the next split, if any.</summary>
    public TSegment? Spare => _spare;

    /// <summary>The entry of a hash: its top <see cref="Depth"/> bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOf(ulong hash) => (int)(hash >> 1 >> (63 - Depth));

    /// <summary>The first of the entries that lead to <paramref name="segment"/> (<paramref name="index"/> is one of them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int FirstIndex(int index, TSegment segment) => index >> (Depth - segment.Depth) << (Depth - segment.Depth);

    /// <summary>True when a hash goes to the high half of a split that makes segments of <paramref name="depth"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool High(ulong hash, int depth) => hash << (depth - 1) >> 63 != 0;

    /// <summary>
    /// Starts splitting <paramref name="full"/>: doubles the directory when the segment is as deep as it, and returns
    /// the two empty segments (one level deeper) its keys go to, by <see cref="High"/>.
    /// </summary>
    public (TSegment Low, TSegment High) Open(TSegment full)
    {
        if (full.Depth == Depth)
        {
            var doubled = new TSegment[Entries.Length * 2];
            for (int j = 0; j < Entries.Length; j++) doubled[2 * j] = doubled[2 * j + 1] = Entries[j];
            Entries = doubled;
            Depth++;
        }
        return (Take(full.Depth + 1), Take(full.Depth + 1));
    }

    /// <summary>Ends a split: the entries of <paramref name="full"/> lead to its halves, and it is emptied as the spare.</summary>
    public void Close(TSegment full, TSegment low, TSegment high)
    {
        // The full segment's entries are in a row: the first half goes to low, the rest to high.
        int span = 1 << (Depth - full.Depth);
        int first = 0;
        while (!ReferenceEquals(Entries[first], full)) first += span;
        for (int j = 0; j < span; j++) Entries[first + j] = j < span / 2 ? low : high;
        full.Clear();
        _spare = full;
    }

    /// <summary>Each segment once, with the first entry that leads to it.</summary>
    public IEnumerable<(int Index, TSegment Segment)> Segments()
    {
        for (int j = 0; j < Entries.Length; j += 1 << (Depth - Entries[j].Depth)) yield return (j, Entries[j]);
    }

    private TSegment Take(int depth)
    {
        var s = _spare ?? _create();
        _spare = null;
        s.Depth = depth;
        return s;
    }
}
