using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Clients seen only a few times, each with ordinary requests (no probe or secret path, no scanner or crawler agent,
/// no login POST): most viewers of a public site. Each is a slot in flat arrays with no references (an IPv4 address
/// in 4 bytes or an IPv6 /64 network in 8, its first request in 12 (<see cref="LightRequest"/>), up to
/// <see cref="MaxRequests"/> − 1 more in a shared pool), about 21 bytes a slot for IPv4 instead of a
/// <see cref="ClientState"/>'s kilobyte, and nothing for the garbage collector to trace.
/// Such a client can never be a finding (every finding needs a flagged path, a scanner or crawler agent, a login POST
/// or more requests than a slot holds), so it is only counted. When it does more, the detector promotes it: a
/// <see cref="ClientState"/> takes in its kept requests in order, as if it had been one from the start, and the slot
/// stays behind marked promoted, so that "no slot" means "never seen" for the addresses this table keys; its pool
/// block is given back for other clients.
/// The slots are in segments found through a directory by the key's hash (extendible hashing), each an
/// open-addressing table. The first grows by half until it reaches a fixed size; from then on a segment three quarters
/// full splits in two by one more bit of the hash, and the segment it leaves is kept for the next split. So the table
/// never makes garbage as it grows: every large array is the same size and is reused, where segments that each grew by
/// half left a trail of arrays larger than any hole the collector could fill (on a month of CloudFront logs a tenth of
/// the process's memory). Memory follows the number of clients (three quarters to three eighths full).
/// </summary>
internal sealed class LightClients
{
    private const byte Empty = 0;
    /// <summary>The count a slot holds once its client became a <see cref="ClientState"/>.</summary>
    private const byte PromotedMark = byte.MaxValue;
    // A slot number is the directory index in the bits above IndexBits and the index in the segment below.
    private const int IndexBits = 15;
    private const int IndexMask = (1 << IndexBits) - 1;
    private const int DeepestDirectory = 31 - IndexBits;
    /// <summary>Slots of a segment once the first one has grown to its full size (at most <see cref="IndexMask"/> + 1).</summary>
    internal const int SegmentCapacity = 8192;
    private const int InitialCapacity = 32;
    private const int PoolPageShift = 14;
    private const int PoolPageSize = 1 << PoolPageShift;

    // Requests past the first go to the pool: a block of a few first (most clients that come back come back once or
    // twice), moved to a block of all the rest when it is full, so that a client of two requests does not hold room for nine.
    private const int FirstBlock = 3;

    private readonly bool _v6;
    private readonly int _firstBlock;
    private readonly int _segmentCapacity;
    // How deep the directory may go; past it a segment grows as far as slot numbers allow.
    private readonly int _maxDepth;
    private readonly SegmentDirectory<Segment> _directory;
    private readonly List<LightRequest[]> _pool = [];
    private int _poolUsed;
    // Blocks given back (a promoted client's, a first block whose requests moved on), one list per block size: the
    // next free block's index is kept in the first entry's seconds. -1: none.
    private int _freeFirst = -1;
    private int _freeRest = -1;

    /// <param name="maxRequests">Requests a slot holds (1 to 16).</param>
    /// <param name="withInterfaces">
    /// A table of IPv6 clients: keys are 64-bit /64 networks, and each client's first interface identifier is kept.
    /// Otherwise keys are IPv4 addresses (32 bits).
    /// </param>
    /// <param name="segmentCapacity">Slots of a full-size segment (tests make it small, to split often).</param>
    /// <param name="maxDepth">How deep the directory may go (tests make it shallow, to reach it).</param>
    public LightClients(int maxRequests, bool withInterfaces, int segmentCapacity = SegmentCapacity, int maxDepth = DeepestDirectory)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDepth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDepth, DeepestDirectory);
        _maxDepth = maxDepth;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRequests, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRequests, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentCapacity, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(segmentCapacity, (IndexMask + 1) / 2);
        MaxRequests = maxRequests;
        _firstBlock = Math.Min(FirstBlock, maxRequests - 1);
        _v6 = withInterfaces;
        _segmentCapacity = segmentCapacity;
        _directory = new SegmentDirectory<Segment>(new Segment(Math.Min(InitialCapacity, segmentCapacity), withInterfaces), () => new Segment(segmentCapacity, withInterfaces));
    }

    /// <summary>Requests a slot holds; one more makes the client a <see cref="ClientState"/>.</summary>
    public int MaxRequests { get; }

    /// <summary>Clients held here (not promoted).</summary>
    public int Count { get; private set; }

    /// <summary>Slots in use, promoted ones included.</summary>
    public int Slots { get; private set; }

    /// <summary>Bytes the table's arrays take.</summary>
    public long Bytes
    {
        get
        {
            long slots = _directory.Spare?.Counts.Length ?? 0;
            foreach (var (_, s) in _directory.Segments()) slots += s.Counts.Length;
            return slots * ((_v6 ? 8 + 8 : 4) + 1 + Unsafe.SizeOf<LightRequest>() + 4) + (long)_pool.Count * PoolPageSize * Unsafe.SizeOf<LightRequest>();
        }
    }

    /// <summary>The slot of <paramref name="key"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Find(ulong key)
    {
        ulong h = Mix(key);
        var directory = _directory;
        int seg = directory.IndexOf(h);
        var s = directory.Entries[seg];
        seg = directory.FirstIndex(seg, s);
        var counts = s.Counts;
        int capacity = counts.Length;
        int i = Start(h, capacity);
        if (_v6)
        {
            var keys = s.Keys6!;
            while (true)
            {
                if (counts[i] == Empty) return -1;
                if (keys[i] == key) return seg << IndexBits | i;
                if (++i == capacity) i = 0;
            }
        }
        else
        {
            var keys = s.Keys4!;
            uint k4 = (uint)key;
            while (true)
            {
                if (counts[i] == Empty) return -1;
                if (keys[i] == k4) return seg << IndexBits | i;
                if (++i == capacity) i = 0;
            }
        }
    }

    /// <summary>A new slot for <paramref name="key"/> (not in the table) holding <paramref name="request"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Add(ulong key, ulong interfaceId, in LightRequest request)
    {
        int slot = Insert(key, interfaceId, 1);
        var s = _directory.Entries[slot >> IndexBits];
        s.First[slot & IndexMask] = request;
        Count++;
        return slot;
    }

    /// <summary>A slot for a client that is a <see cref="ClientState"/> from its first request.</summary>
    public void AddPromoted(ulong key) => Insert(key, 0, PromotedMark);

    /// <summary>True when the slot's client was promoted.</summary>
    public bool IsPromoted(int slot) => CountOf(slot) == PromotedMark;

    /// <summary>Requests held in the slot.</summary>
    public int Requests(int slot) => CountOf(slot) is var n && n == PromotedMark ? 0 : n;

    /// <summary>The first IPv6 interface identifier the slot's client used (0 in a table without them).</summary>
    public ulong InterfaceOf(int slot) => _directory.Entries[slot >> IndexBits].Interfaces?[slot & IndexMask] ?? 0;

    /// <summary>Adds a request to the slot; false when it is full (the caller promotes the client).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryAppend(int slot, in LightRequest request)
    {
        var s = _directory.Entries[slot >> IndexBits];
        int i = slot & IndexMask;
        int n = s.Counts[i];
        if (n >= MaxRequests) return false;
        int k = n - 1;
        if (k == 0)
        {
            s.More[i] = Reserve(ref _freeFirst, _firstBlock);
        }
        else if (k == _firstBlock)
        {
            // The first block is full: all the requests past the first move to one block that holds the rest.
            int block = Reserve(ref _freeRest, MaxRequests - 1);
            for (int j = 0; j < _firstBlock; j++) At(block + j) = At(s.More[i] + j);
            Free(ref _freeFirst, s.More[i]);
            s.More[i] = block;
        }
        At(s.More[i] + k) = request;
        s.Counts[i] = (byte)(n + 1);
        return true;
    }

    /// <summary>The slot's requests in the order they came (<see cref="Requests"/> of them).</summary>
    public void CopyTo(int slot, Span<LightRequest> target)
    {
        int n = Requests(slot);
        if (n == 0) return;
        var s = _directory.Entries[slot >> IndexBits];
        int i = slot & IndexMask;
        target[0] = s.First[i];
        for (int k = 0; k < n - 1; k++) target[k + 1] = At(s.More[i] + k);
    }

    /// <summary>Marks the slot's client promoted (its pool entries are not reused: a client is promoted once).</summary>
    public void MarkPromoted(int slot)
    {
        var s = _directory.Entries[slot >> IndexBits];
        int i = slot & IndexMask;
        int n = s.Counts[i];
        // Its requests were taken in: the pool block they were in serves another client.
        if (n - 1 > _firstBlock) Free(ref _freeRest, s.More[i]);
        else if (n > 1) Free(ref _freeFirst, s.More[i]);
        s.Counts[i] = PromotedMark;
        Count--;
    }

    /// <summary>The slots of the clients held here (not promoted) and their keys.</summary>
    public IEnumerable<(int Slot, ulong Key)> Held()
    {
        foreach (var (seg, s) in _directory.Segments())
        {
            for (int i = 0; i < s.Counts.Length; i++)
            {
                if (s.Counts[i] is not Empty and not PromotedMark) yield return (seg << IndexBits | i, s.KeyAt(i));
            }
        }
    }

    private byte CountOf(int slot) => _directory.Entries[slot >> IndexBits].Counts[slot & IndexMask];

    // Room for a block of requests in the pool, within one page: a block given back, or a new one.
    private int Reserve(ref int free, int size)
    {
        if (free >= 0)
        {
            int block = free;
            free = At(block).Seconds;
            return block;
        }
        if (_poolUsed + size > _pool.Count * PoolPageSize)
        {
            if (_pool.Count > 0) _poolUsed = _pool.Count * PoolPageSize;
            _pool.Add(new LightRequest[PoolPageSize]);
        }
        int at = _poolUsed;
        _poolUsed += size;
        return at;
    }

    private void Free(ref int free, int block)
    {
        LightRequest.TryCreate(free, 0, -1, 0, 0, default, false, out At(block));
        free = block;
    }

    private ref LightRequest At(int index) => ref _pool[index >> PoolPageShift][index & (PoolPageSize - 1)];

    private int Insert(ulong key, ulong interfaceId, byte count)
    {
        ulong h = Mix(key);
        var entries = _directory.Entries;
        int seg = _directory.IndexOf(h);
        var s = entries[seg];
        // At most three quarters full: probes stay short. The first segment grows by half up to the full size; a
        // full-size segment splits, and the key goes to the half its hash chooses (split again if that is still full).
        while (4 * (s.Used + 1) > 3 * s.Counts.Length)
        {
            if (s.Counts.Length < _segmentCapacity) entries[seg] = s.Grown(Math.Min(s.Counts.Length + s.Counts.Length / 2, _segmentCapacity));
            else if (s.Depth < _maxDepth) Split(s);
            else if (s.Counts.Length <= IndexMask) entries[seg] = s.Grown(Math.Min(s.Counts.Length + s.Counts.Length / 2, IndexMask + 1));
            // A directory as deep as slot numbers allow: its one entry for s grew it as far as they allow too.
            else throw new InvalidOperationException("A light client table cannot grow further.");
            entries = _directory.Entries;
            seg = _directory.IndexOf(h);
            s = entries[seg];
        }
        int i = s.Place(h, key);
        s.Counts[i] = count;
        if (s.Interfaces is not null) s.Interfaces[i] = interfaceId;
        s.Used++;
        Slots++;
        return _directory.FirstIndex(seg, s) << IndexBits | i;
    }

    // Moves a full-size segment's clients to the two halves its hash bits choose.
    private void Split(Segment full)
    {
        var (low, high) = _directory.Open(full);
        for (int k = 0; k < full.Counts.Length; k++)
        {
            if (full.Counts[k] == Empty) continue;
            ulong key = full.KeyAt(k);
            ulong h = Mix(key);
            var to = SegmentDirectory<Segment>.High(h, low.Depth) ? high : low;
            to.Take(full, k, to.Place(h, key));
        }
        _directory.Close(full, low, high);
    }

    // The slot where a probe for hash h starts in a segment of the given capacity (any capacity: a multiply, no mask).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Start(ulong h, int capacity) => (int)(((h & uint.MaxValue) * (ulong)capacity) >> 32);

    // Addresses of one network differ in the low bits: every bit of the key moves every bit of the hash. The top
    // bits choose the segment, the low 32 the slot in it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong key) => SegmentedLongSet.Mix(key);

    private sealed class Segment : IDirectorySegment
    {
        public readonly uint[]? Keys4;
        public readonly ulong[]? Keys6;
        public readonly byte[] Counts;
        public readonly LightRequest[] First;
        public readonly int[] More;
        public readonly ulong[]? Interfaces;
        public int Used;

        public Segment(int capacity, bool v6)
        {
            if (v6)
            {
                Keys6 = new ulong[capacity];
                Interfaces = new ulong[capacity];
            }
            else
            {
                Keys4 = new uint[capacity];
            }
            Counts = new byte[capacity];
            First = new LightRequest[capacity];
            More = new int[capacity];
        }

        public int Depth { get; set; }

        public void Clear()
        {
            Array.Clear(Counts);
            Used = 0;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong KeyAt(int i) => Keys6 is not null ? Keys6[i] : Keys4![i];

        // A free slot for a key not in the segment (its count still Empty; the caller fills it).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int Place(ulong h, ulong key)
        {
            int capacity = Counts.Length;
            int i = Start(h, capacity);
            while (Counts[i] != Empty)
            {
                if (++i == capacity) i = 0;
            }
            if (Keys6 is not null) Keys6[i] = key;
            else Keys4![i] = (uint)key;
            return i;
        }

        public Segment Grown(int capacity)
        {
            var grown = new Segment(capacity, Keys6 is not null) { Depth = Depth };
            for (int k = 0; k < Counts.Length; k++)
            {
                if (Counts[k] == Empty) continue;
                ulong key = KeyAt(k);
                grown.Take(this, k, grown.Place(Mix(key), key));
            }
            return grown;
        }

        // Moves the slot k of another segment to slot i here (its key already placed).
        public void Take(Segment from, int k, int i)
        {
            Counts[i] = from.Counts[k];
            First[i] = from.First[k];
            More[i] = from.More[k];
            if (Interfaces is not null) Interfaces[i] = from.Interfaces![k];
            Used++;
        }
    }
}
