using System.Runtime.CompilerServices;
namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Storage one detector's clients share: request times in pages of ints and the set of (client, path) pairs, instead
/// of small growing arrays and hash sets per client. Tens of thousands of clients then cost a few large arrays without
/// references (nothing for the garbage collector to trace, no growth copies per client) and a request touches one
/// place in each, which keeps the single detector thread fast enough to keep up with the parsing threads.
/// </summary>
internal sealed class ClientStore
{
    private const int BlockShift = 4;
    private const int BlockInts = 1 << BlockShift;      // 15 values and the number of the next block
    private const int ValuesPerBlock = BlockInts - 1;
    private const int PageShift = 16;
    private const int PageInts = 1 << PageShift;        // 256 KB a page
    private readonly List<int[]> _pages = [];
    private int _blocks = 1;                            // block 0 is never handed out: 0 means "no next block"
    private long _epochSeconds = long.MinValue;

    // (client, path number) pairs.
    private readonly PairSet _pairs = new();

    /// <summary>Bytes of the store's arrays: time pages and the pair table.</summary>
    public long Bytes => (long)_pages.Count * PageInts * 4 + _pairs.Bytes;

    /// <summary>Distinct (client, path) pairs kept.</summary>
    public int PairCount => _pairs.Count;

    /// <summary>
    /// Seconds since the store's epoch (the first time it was given), the unit times are kept in: web logs stamp whole
    /// seconds, and an int covers ±68 years around the epoch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Seconds(long utcTicks)
    {
        long seconds = utcTicks / TimeSpan.TicksPerSecond;
        if (_epochSeconds == long.MinValue) _epochSeconds = seconds;
        return (int)Math.Clamp(seconds - _epochSeconds, int.MinValue, int.MaxValue);
    }

    /// <summary>UTC ticks of a value <see cref="Seconds"/> gave.</summary>
    public long TicksOf(int seconds) => (_epochSeconds + seconds) * TimeSpan.TicksPerSecond;

    /// <summary>Appends a value to a chain of blocks (a chain starts empty: head 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Append(ref Chain chain, int value)
    {
        int fill = chain.Count % ValuesPerBlock;
        if (chain.Head == 0)
        {
            chain.Head = chain.Tail = NewBlock();
        }
        else if (fill == 0)
        {
            int next = NewBlock();
            Slot(chain.Tail, ValuesPerBlock) = next;
            chain.Tail = next;
        }
        Slot(chain.Tail, fill) = value;
        chain.Count++;
    }

    /// <summary>Copies a chain's values, in the order appended, into <paramref name="target"/> (at least Count long).</summary>
    public void CopyTo(in Chain chain, Span<int> target)
    {
        int block = chain.Head, done = 0;
        while (done < chain.Count)
        {
            int n = Math.Min(ValuesPerBlock, chain.Count - done);
            var page = _pages[block >> (PageShift - BlockShift)];
            page.AsSpan((block << BlockShift) & (PageInts - 1), n).CopyTo(target[done..]);
            done += n;
            block = Slot(block, ValuesPerBlock);
        }
    }

    /// <summary>Adds the pair (client, path number); false when it was there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool AddPair(int client, int pathId) => _pairs.Add(client, pathId);

    /// <summary>True when the pair (client, path number) was added.</summary>
    public bool ContainsPair(int client, int pathId) => _pairs.Contains(client, pathId);

    private int NewBlock()
    {
        int block = _blocks++;
        if (block >> (PageShift - BlockShift) == _pages.Count) _pages.Add(new int[PageInts]);
        return block;
    }

    private ref int Slot(int block, int index) =>
        ref _pages[block >> (PageShift - BlockShift)][((block << BlockShift) & (PageInts - 1)) + index];

    /// <summary>A list of ints kept in the store's blocks: the first and last block, and how many values.</summary>
    internal struct Chain
    {
        public int Head;
        public int Tail;
        public int Count;
    }
}
