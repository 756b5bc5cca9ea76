using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Clients seen only a few times, each with ordinary requests (no probe or secret path, no scanner or crawler agent,
/// no login POST): most viewers of a public site. Each is a slot in flat arrays with no references (an address or
/// /64 network as a number, its first request in 16 bytes, up to <see cref="MaxRequests"/> − 1 more in a shared pool),
/// about 40 bytes instead of a <see cref="ClientState"/>'s kilobyte, and nothing for the garbage collector to trace.
/// Such a client can never be a finding (every finding needs a flagged path, a scanner or crawler agent, a login POST
/// or more requests than a slot holds), so it is only counted. When it does more, the detector promotes it: a
/// <see cref="ClientState"/> takes in its kept requests in order, as if it had been one from the start, and the slot
/// stays behind marked promoted, so that "no slot" means "never seen" for the addresses this table keys.
/// </summary>
internal sealed class LightClients
{
    private const byte Empty = 0;
    /// <summary>The count a slot holds once its client became a <see cref="ClientState"/>.</summary>
    private const byte PromotedMark = byte.MaxValue;
    private const int PoolPageShift = 14;
    private const int PoolPageSize = 1 << PoolPageShift;

    // Requests past the first go to the pool in two blocks: the first few (most clients that come back come back once
    // or twice), then the rest, so that a client of two requests does not hold room for nine.
    private const int FirstBlock = 3;

    private readonly bool _withInterfaces;
    private readonly int _firstBlock;
    private readonly int _secondBlock;
    private ulong[] _keys;
    private byte[] _counts;
    private LightRequest[] _first;
    private int[] _more;
    private int[] _more2;
    private ulong[]? _interfaces;
    private readonly List<LightRequest[]> _pool = [];
    private int _poolUsed;

    /// <param name="maxRequests">Requests a slot holds (1 to 16).</param>
    /// <param name="withInterfaces">Keep each client's first IPv6 interface identifier (a table keyed by /64 network).</param>
    public LightClients(int maxRequests, bool withInterfaces)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRequests, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRequests, 16);
        MaxRequests = maxRequests;
        _firstBlock = Math.Min(FirstBlock, maxRequests - 1);
        _secondBlock = maxRequests - 1 - _firstBlock;
        _withInterfaces = withInterfaces;
        Allocate(1 << 10, out _keys, out _counts, out _first, out _more, out _more2, out _interfaces);
    }

    /// <summary>Requests a slot holds; one more makes the client a <see cref="ClientState"/>.</summary>
    public int MaxRequests { get; }

    /// <summary>Clients held here (not promoted).</summary>
    public int Count { get; private set; }

    /// <summary>Slots in use, promoted ones included.</summary>
    public int Slots { get; private set; }

    /// <summary>Bytes the table's arrays take.</summary>
    public long Bytes => _keys.LongLength * (8 + 1 + 16 + 4 + 4 + (_withInterfaces ? 8 : 0)) + (long)_pool.Count * PoolPageSize * 16;

    /// <summary>The slot of <paramref name="key"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Find(ulong key)
    {
        int mask = _keys.Length - 1;
        for (int i = Spread(key) & mask; ; i = (i + 1) & mask)
        {
            if (_counts[i] == Empty) return -1;
            if (_keys[i] == key) return i;
        }
    }

    /// <summary>A new slot for <paramref name="key"/> (not in the table) holding <paramref name="request"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Add(ulong key, ulong interfaceId, in LightRequest request)
    {
        int slot = Insert(key, interfaceId);
        _counts[slot] = 1;
        _first[slot] = request;
        Count++;
        return slot;
    }

    /// <summary>A slot for a client that is a <see cref="ClientState"/> from its first request.</summary>
    public void AddPromoted(ulong key)
    {
        int slot = Insert(key, 0);
        _counts[slot] = PromotedMark;
    }

    /// <summary>True when the slot's client was promoted.</summary>
    public bool IsPromoted(int slot) => _counts[slot] == PromotedMark;

    /// <summary>Requests held in the slot.</summary>
    public int Requests(int slot) => _counts[slot] == PromotedMark ? 0 : _counts[slot];

    /// <summary>The first IPv6 interface identifier the slot's client used (0 in a table without them).</summary>
    public ulong InterfaceOf(int slot) => _interfaces?[slot] ?? 0;

    /// <summary>Adds a request to the slot; false when it is full (the caller promotes the client).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryAppend(int slot, in LightRequest request)
    {
        int n = _counts[slot];
        if (n >= MaxRequests) return false;
        int k = n - 1;
        if (k < _firstBlock)
        {
            if (k == 0) _more[slot] = Reserve(_firstBlock);
            At(_more[slot] + k) = request;
        }
        else
        {
            if (k == _firstBlock) _more2[slot] = Reserve(_secondBlock);
            At(_more2[slot] + k - _firstBlock) = request;
        }
        _counts[slot] = (byte)(n + 1);
        return true;
    }

    /// <summary>The slot's requests in the order they came (<see cref="Requests"/> of them).</summary>
    public void CopyTo(int slot, Span<LightRequest> target)
    {
        int n = Requests(slot);
        if (n == 0) return;
        target[0] = _first[slot];
        for (int k = 0; k < n - 1; k++) target[k + 1] = k < _firstBlock ? At(_more[slot] + k) : At(_more2[slot] + k - _firstBlock);
    }

    // Room for a block of requests in the pool, within one page.
    private int Reserve(int size)
    {
        if (_poolUsed + size > _pool.Count * PoolPageSize)
        {
            if (_pool.Count > 0) _poolUsed = _pool.Count * PoolPageSize;
            _pool.Add(new LightRequest[PoolPageSize]);
        }
        int at = _poolUsed;
        _poolUsed += size;
        return at;
    }

    /// <summary>Marks the slot's client promoted (its pool entries are not reused: a client is promoted once).</summary>
    public void MarkPromoted(int slot)
    {
        _counts[slot] = PromotedMark;
        Count--;
    }

    /// <summary>The slots of the clients held here (not promoted) and their keys.</summary>
    public IEnumerable<(int Slot, ulong Key)> Held()
    {
        for (int i = 0; i < _keys.Length; i++)
        {
            if (_counts[i] is not Empty and not PromotedMark) yield return (i, _keys[i]);
        }
    }

    private ref LightRequest At(int index) => ref _pool[index >> PoolPageShift][index & (PoolPageSize - 1)];

    private int Insert(ulong key, ulong interfaceId)
    {
        // At most three quarters full: probes stay short, and the arrays stay a few tens of bytes a client.
        if (4 * (Slots + 1) > 3 * _keys.Length) Grow();
        int mask = _keys.Length - 1;
        int i = Spread(key) & mask;
        while (_counts[i] != Empty) i = (i + 1) & mask;
        _keys[i] = key;
        if (_interfaces is not null) _interfaces[i] = interfaceId;
        Slots++;
        return i;
    }

    private void Grow()
    {
        var (keys, counts, first, more, more2, interfaces) = (_keys, _counts, _first, _more, _more2, _interfaces);
        Allocate(keys.Length * 2, out _keys, out _counts, out _first, out _more, out _more2, out _interfaces);
        int mask = _keys.Length - 1;
        for (int k = 0; k < keys.Length; k++)
        {
            if (counts[k] == Empty) continue;
            int i = Spread(keys[k]) & mask;
            while (_counts[i] != Empty) i = (i + 1) & mask;
            _keys[i] = keys[k];
            _counts[i] = counts[k];
            _first[i] = first[k];
            _more[i] = more[k];
            _more2[i] = more2[k];
            if (interfaces is not null) _interfaces![i] = interfaces[k];
        }
    }

    private void Allocate(int capacity, out ulong[] keys, out byte[] counts, out LightRequest[] first, out int[] more, out int[] more2, out ulong[]? interfaces)
    {
        more2 = new int[capacity];
        keys = new ulong[capacity];
        counts = new byte[capacity];
        first = new LightRequest[capacity];
        more = new int[capacity];
        interfaces = _withInterfaces ? new ulong[capacity] : null;
    }

    // Addresses of one network differ in the low bits: mix every bit into the slot number.
    private static int Spread(ulong key)
    {
        ulong h = key * 0x9E3779B97F4A7C15UL;
        return (int)(h >> 33);
    }
}
