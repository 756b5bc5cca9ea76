using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// The detector's clients: an IPv6 address by its /64 network (<see cref="ClientKey"/>: addresses that rotate within
/// one network are one client, their number and a few kept), any other address by itself, and at most
/// <see cref="Limit"/> of them. Past the limit a new client is counted, not kept: its requests in
/// <see cref="UntrackedRequests"/>, the clients themselves in a 4 KB estimate, so memory stays bounded whatever
/// the number of distinct addresses.
/// </summary>
internal sealed class ClientTable
{
    private readonly Dictionary<string, ClientState> _byAddress = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, ClientState> _byNetwork = new();
    private readonly ClientStore _store;
    private readonly DistinctEstimate _untracked = new();
    private int _nextId;

    public ClientTable(ClientStore store, int limit)
    {
        _store = store;
        Limit = Math.Max(1, limit);
    }

    /// <summary>The most clients kept.</summary>
    public int Limit { get; }

    /// <summary>Clients kept.</summary>
    public int Count => _byAddress.Count + _byNetwork.Count;

    /// <summary>Requests of clients that came after the table was full (counted, not classified).</summary>
    public long UntrackedRequests { get; private set; }

    /// <summary>About how many clients came after the table was full.</summary>
    public long UntrackedClients => UntrackedRequests == 0 ? 0 : Math.Max(1, _untracked.Estimate());

    /// <summary>Every client kept.</summary>
    public IEnumerable<ClientState> All => _byAddress.Values.Concat(_byNetwork.Values);

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
            if (Count >= Limit)
            {
                Untracked(network);
                return null;
            }
            var state = new ClientState(client.ClientIp, false, _store, _nextId++, ClientKey.NetworkText(network), interfaceId);
            _byNetwork.Add(network, state);
            return state;
        }
        if (Count >= Limit)
        {
            if (_byAddress.TryGetValue(client.ClientIp, out var kept)) return kept;
            _untracked.Add(client.ClientIp);
            UntrackedRequests++;
            return null;
        }
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_byAddress, client.ClientIp, out _);
        return slot ??= new ClientState(client.ClientIp, client.IsCdnEdge, _store, _nextId++);
    }

    private void Untracked(ulong network)
    {
        _untracked.Add(network);
        UntrackedRequests++;
    }
}
