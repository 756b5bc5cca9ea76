using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// The detector's clients: an IPv6 address by its /64 network (<see cref="ClientKey"/>: addresses that rotate within
/// one network are one client, their number and a few kept), any other address by itself, and at most
/// <see cref="Limit"/> of them. A client with an address (not an edge, not text that is no address) starts light
/// (<see cref="LightClients"/>, a few dozen bytes) while its requests are few and ordinary, and becomes a
/// <see cref="ClientState"/> when it does more; other clients are a <see cref="ClientState"/> from the start. Past the
/// limit a new client is counted, not kept: its requests in <see cref="UntrackedRequests"/>, the clients themselves in
/// a 4 KB estimate, so memory stays bounded whatever the number of distinct addresses.
/// </summary>
internal sealed class ClientTable
{
    /// <summary>Requests a light client holds before it becomes a <see cref="ClientState"/>.</summary>
    internal const int LightRequests = 9;

    private readonly Dictionary<string, ClientState> _byAddress = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, ClientState> _byNetwork = new();
    private readonly ClientStore _store;
    private readonly DistinctEstimate _untracked = new();
    private int _nextId;

    /// <param name="store">Storage the clients share.</param>
    /// <param name="limit">The most clients kept.</param>
    /// <param name="lightRequests">Requests a light client holds (0: every client is a <see cref="ClientState"/>).</param>
    public ClientTable(ClientStore store, int limit, int lightRequests = LightRequests)
    {
        _store = store;
        Limit = Math.Max(1, limit);
        if (lightRequests > 0)
        {
            Light4 = new LightClients(lightRequests, withInterfaces: false);
            Light6 = new LightClients(lightRequests, withInterfaces: true);
        }
    }

    /// <summary>The most clients kept.</summary>
    public int Limit { get; }

    /// <summary>Light IPv4 clients, keyed by the address as a number; null when light clients are off.</summary>
    public LightClients? Light4 { get; }

    /// <summary>Light IPv6 clients, keyed by the /64 network; null when light clients are off.</summary>
    public LightClients? Light6 { get; }

    /// <summary>Clients kept, light or not.</summary>
    public int Count
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        get => _byAddress.Count + _byNetwork.Count + (Light4?.Count ?? 0) + (Light6?.Count ?? 0);
    }

    /// <summary>Clients kept as a <see cref="ClientState"/>.</summary>
    public int FullCount => _byAddress.Count + _byNetwork.Count;

    /// <summary>
    /// The tables of a detector's other shards and this one, when its clients are shared out (<see cref="ClientShard"/>):
    /// the limit is then on all of them together. Set before the first client comes.
    /// </summary>
    public ClientTable[]? Peers { get; set; }

    /// <summary>
    /// True when the detector knows that its shards together hold fewer clients than the limit whatever they add
    /// before it looks again (it hands out no more requests than there is room for): the tables then need not count.
    /// </summary>
    public bool RoomAssured { get; set; }

    /// <summary>True while a new client can be kept.</summary>
    public bool HasRoom
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        get => RoomAssured || (Peers is null ? Count : PeerCount()) < Limit;
    }

    /// <summary>Requests of clients that came after the table was full (counted, not classified).</summary>
    public long UntrackedRequests { get; private set; }

    /// <summary>About how many clients came after the table was full.</summary>
    public long UntrackedClients => UntrackedRequests == 0 ? 0 : Math.Max(1, _untracked.Estimate());

    /// <summary>About how many clients came after the limit in <paramref name="tables"/> together (the estimates merged).</summary>
    public static long UntrackedClientsOf(IReadOnlyList<ClientTable> tables)
    {
        if (tables.Count == 1) return tables[0].UntrackedClients;
        if (tables.All(t => t.UntrackedRequests == 0)) return 0;
        var all = new DistinctEstimate();
        foreach (var t in tables) all.Add(t._untracked);
        return Math.Max(1, all.Estimate());
    }

    /// <summary>Every client kept as a <see cref="ClientState"/> (light clients are never findings).</summary>
    public IEnumerable<ClientState> All => _byAddress.Values.Concat(_byNetwork.Values);

    /// <summary>
    /// The light table and key of a client that can be light: a plain IPv4 address written canonically, or an IPv6
    /// address kept by its /64 (with its interface identifier); false for edges and anything else.
    /// </summary>
    public bool TryLightKey(in ResolvedClient client, out LightClients table, out ulong key, out ulong interfaceId)
    {
        table = null!;
        key = interfaceId = 0;
        if (Light4 is null || client.IsCdnEdge) return false;
        if (IpAddressText.TryParseCanonicalV4(client.ClientIp.AsSpan(), out uint v4))
        {
            table = Light4;
            key = v4;
            return true;
        }
        if (!ClientKey.TryNetwork(client.ClientIp, out key, out interfaceId)) return false;
        table = Light6!;
        return true;
    }

    /// <summary>The state of the request's client (made on its first request), or null when the table is full and it is new.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ClientState? StateOf(in ResolvedClient client)
    {
        // An edge stands for whoever it forwarded: kept by its own address, as the warnings name it.
        if (!client.IsCdnEdge && ClientKey.TryNetwork(client.ClientIp, out ulong network, out ulong interfaceId))
        {
            if (_byNetwork.TryGetValue(network, out var known))
            {
                known.NoteAddress(interfaceId, client.ClientIp);
                return known;
            }
            if (!HasRoom)
            {
                Untracked(network);
                return null;
            }
            var state = new ClientState(client.ClientIp, false, _store, _nextId++, ClientKey.NetworkText(network), interfaceId);
            _byNetwork.Add(network, state);
            return state;
        }
        if (!HasRoom)
        {
            if (_byAddress.TryGetValue(client.ClientIp, out var kept)) return kept;
            Untracked(client.ClientIp);
            return null;
        }
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_byAddress, client.ClientIp, out _);
        return slot ??= new ClientState(client.ClientIp, client.IsCdnEdge, _store, _nextId++);
    }

    /// <summary>The <see cref="ClientState"/> of a keyed client whose slot is promoted.</summary>
    public ClientState FullOf(LightClients table, ulong key, string? text) =>
        table == Light4 ? _byAddress[text ?? IpAddressText.FormatV4((uint)key)] : _byNetwork[key];

    /// <summary>
    /// A new <see cref="ClientState"/> for a keyed client (no slot yet, or a light slot being promoted), kept by its
    /// address or network; an existing one is returned as it is.
    /// </summary>
    public ClientState AddFull(LightClients table, ulong key, ulong interfaceId, string? text)
    {
        if (table == Light4)
        {
            text ??= IpAddressText.FormatV4((uint)key);
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_byAddress, text, out _);
            return slot ??= new ClientState(text, false, _store, _nextId++);
        }
        ref var v6 = ref CollectionsMarshal.GetValueRefOrAddDefault(_byNetwork, key, out _);
        return v6 ??= new ClientState(text ?? AddressOf(key, interfaceId), false, _store, _nextId++, ClientKey.NetworkText(key), interfaceId);
    }

    /// <summary>A keyed client's text key, as <see cref="ClientState.Key"/> would be: its address, or its /64.</summary>
    public string KeyText(LightClients table, ulong key) =>
        table == Light4 ? IpAddressText.FormatV4((uint)key) : ClientKey.NetworkText(key);

    /// <summary>Counts a request of a new client the table has no room for.</summary>
    public void Untracked(string address)
    {
        _untracked.Add(address);
        UntrackedRequests++;
    }

    /// <summary>Counts a request of a new keyed client the table has no room for.</summary>
    public void Untracked(ulong key)
    {
        _untracked.Add(key);
        UntrackedRequests++;
    }

    private int PeerCount()
    {
        int n = 0;
        foreach (var t in Peers!) n += t.Count;
        return n;
    }

    private static string AddressOf(ulong network, ulong interfaceId)
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, network);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], interfaceId);
        return new IPAddress(bytes).ToString();
    }
}
