using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Bots;

// Light clients (ClientTable, LightClients): a client with an address starts as a slot of a few dozen bytes while its
// requests are few and ordinary, and becomes a ClientState, its kept requests taken in as if it had been one from the
// start, when it does more. The report is the same as with every client a ClientState (BotLightClientTests).
internal sealed partial class ClientShard
{
    private const int AgentIdLimit = 1 << 18;
    private readonly Dictionary<string, int> _agentIds = new(StringComparer.Ordinal);
    private readonly List<string> _agentNames = [];
    // The traits of each numbered agent (index: its number), taken once when it is numbered.
    private readonly List<AgentTraits> _agentTraitsById = [];
    private const int AgentSlots = 256;
    private readonly AgentSlot[] _agentSlots = new AgentSlot[AgentSlots];

    /// <summary>
    /// Counts a request of a resolved client and returns its <see cref="ClientState"/>, or null while it is light (or
    /// not kept).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ClientState? CountClient(in RequestFacts f, in ResolvedClient client)
    {
        if (_clients.TryLightKey(client, out var table, out ulong key, out ulong interfaceId))
            return CountKeyed(f, table, key, interfaceId, client.ClientIp, client.Source);
        var state = _clients.StateOf(client);
        Count(f, state, client.Source);
        return state;
    }

    /// <summary>As <see cref="CountClient"/>, for a client that can be light: its table, key and (IPv6) interface; its address text if known.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ClientState? CountKeyed(in RequestFacts f, LightClients table, ulong key, ulong interfaceId, string? text, AddressSource source)
    {
        int slot = table.Find(key);
        if (slot >= 0 && table.IsPromoted(slot))
        {
            var full = _clients.FullOf(table, key, text);
            if (table == _clients.Light6) full.NoteAddress(interfaceId, text ?? full.Address);
            Count(f, full, source);
            return full;
        }
        bool plain = TryLight(f, source, out var request) && (slot < 0 || table.InterfaceOf(slot) == interfaceId);
        if (slot >= 0)
        {
            if (plain && table.TryAppend(slot, request))
            {
                CountLight(f, table, key);
                return null;
            }
            var promoted = Promote(table, slot, key, text);
            if (table == _clients.Light6) promoted.NoteAddress(interfaceId, text ?? promoted.Address);
            Count(f, promoted, source);
            return promoted;
        }
        if (!_clients.HasRoom)
        {
            // Estimated under the same key as a client that was never light: its address, or its /64.
            if (table == _clients.Light4) _clients.Untracked(text ?? IpAddressText.FormatV4((uint)key));
            else _clients.Untracked(key);
            Count(f, null, source);
            return null;
        }
        if (plain)
        {
            table.Add(key, interfaceId, request);
            CountLight(f, table, key);
            return null;
        }
        var state = _clients.AddFull(table, key, interfaceId, text);
        table.AddPromoted(key);
        Count(f, state, source);
        return state;
    }

    /// <summary>
    /// Counts a CloudFront viewer written as an IPv6 address (no x-forwarded-for) when it is kept by its /64 and the
    /// request leaves it light, without resolving the text (no <see cref="System.Net.IPAddress"/>, no canonical text, no
    /// resolver cache): what <see cref="CountClient"/> does for it then. False, with nothing counted, otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryCountLightV6(in RequestFacts f, string connecting)
    {
        if (_clients.Light6 is not { } table || !_resolver.TryPlainCloudFrontViewerV6(connecting, out ulong network, out ulong interfaceId)) return false;
        int slot = table.Find(network);
        if (slot >= 0 ? table.IsPromoted(slot) || table.InterfaceOf(slot) != interfaceId : !_clients.HasRoom) return false;
        if (!TryLight(f, AddressSource.CloudFront, out var request)) return false;
        if (slot >= 0)
        {
            if (!table.TryAppend(slot, request)) return false;
        }
        else
        {
            table.Add(network, interfaceId, request);
        }
        CountLight(f, table, network);
        return true;
    }

    /// <summary>
    /// The request as a light record when it is ordinary: a numbered path that is no probe, secret or login target
    /// of a POST, an agent that names no scanner or crawler, a stamp in whole seconds at a quarter-hour offset.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryLight(in RequestFacts f, AddressSource source, out LightRequest request)
    {
        request = default;
        ref var path = ref SlotOf(f);
        var traits = path.Traits;
        if (path.Id < 0 || traits.Cms is not null || traits.Sensitive is not null) return false;
        if (traits.Login is not null && string.Equals(f.Method, "POST", StringComparison.OrdinalIgnoreCase)) return false;
        long ticks = f.Timestamp.UtcTicks;
        long offsetTicks = f.Timestamp.Offset.Ticks;
        if (ticks % TimeSpan.TicksPerSecond != 0 || offsetTicks % (15 * TimeSpan.TicksPerMinute) != 0) return false;
        int seconds = _store.Seconds(ticks);
        if (seconds is int.MinValue or int.MaxValue) return false;
        int agentId = -1;
        string? ua = f.UserAgent;
        if (IsAgent(ua))
        {
            // The readers share one string per distinct agent: the last one seen answers most requests.
            ref var agent = ref AgentSlotOf(ua);
            if (agent.Id < 0 || agent.Traits.Scanner is not null || agent.Traits.Crawler is not null) return false;
            agentId = agent.Id;
        }
        return LightRequest.TryCreate(seconds, path.Id, agentId, f.Status, (int)(offsetTicks / (15 * TimeSpan.TicksPerMinute)), source,
            !string.IsNullOrEmpty(f.Referer) && f.Referer != "-", out request);
    }

    /// <summary>What a light client's request tells about the site and the totals (its own facts are in its slot).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CountLight(in RequestFacts f, LightClients table, ulong key)
    {
        Requests++;
        string path = f.Path ?? "";
        ref var slot = ref SlotOf(f);
        _site.NoteOrdinary(path, f, slot.Traits);
        // The client's key as text only when the site table may keep it (a path not yet known to answer several).
        if (!slot.SiteSeveral && SiteKnowledge.IsSuccess(f.Status)) slot.SiteSeveral |= _site.Record(path, f.Status, _clients.KeyText(table, key));
    }

    /// <summary>Makes a light client a <see cref="ClientState"/> that has taken in its kept requests, in order.</summary>
    private ClientState Promote(LightClients table, int slot, ulong key, string? text)
    {
        var state = _clients.AddFull(table, key, table.InterfaceOf(slot), table == _clients.Light4 ? text : null);
        Span<LightRequest> kept = stackalloc LightRequest[table.MaxRequests];
        int n = table.Requests(slot);
        table.CopyTo(slot, kept);
        foreach (ref readonly var r in kept[..n])
        {
            var offset = TimeSpan.FromMinutes(15 * r.OffsetQuarters);
            long utc = _store.TicksOf(r.Seconds);
            string path = _pathNames[r.PathId];
            string? ua = r.AgentId >= 0 ? _agentNames[r.AgentId] : null;
            var facts = new RequestFacts
            {
                Timestamp = new DateTimeOffset(utc + offset.Ticks, offset),
                ConnectingIp = state.Address,
                Method = "GET",
                Path = path,
                Status = r.Status,
                UserAgent = ua,
                Referer = r.HasReferer ? "+" : null,
            };
            state.LastAgent = ua;
            state.LastAgentTraits = default;
            state.Add(facts, PathTraitsOf(path), r.PathId, default, r.Source);
        }
        table.MarkPromoted(slot);
        return state;
    }

    /// <summary>
    /// For tests, after the detector's Finish: every client's aggregate in words, one line each, light clients
    /// promoted first, so that two detectors can be compared client by client.
    /// </summary>
    internal IEnumerable<string> DescribeClients()
    {
        foreach (var table in new[] { _clients.Light4, _clients.Light6 })
        {
            if (table is null) continue;
            foreach (var (slot, key) in table.Held().ToList()) Promote(table, slot, key, null);
        }
        return _clients.All.Select(c => string.Join(" | ", c.Key, c.Address, c.Requests, c.First.ToString("O"), c.Last.ToString("O"), c.DistinctPaths,
                string.Join(",", c.Sample(_pathNames)), string.Join(",", c.StatusCounts().Select(kv => $"{kv.Key}={kv.Value}")),
                string.Join(",", c.UserAgents()), c.Source, c.AssetRequests, c.WithReferer, c.NotFoundRequests,
                string.Join(",", (c.NotFound ?? []).Order(StringComparer.Ordinal)), c.NoAgentRequests, c.FetchedRobots, c.Cadence()?.ToString() ?? "-",
                c.AddressesSeen, c.IsCdnEdge)).ToList();
    }

    /// <summary>Where the shard's memory is, for the benchmark: light clients and bytes (v4, v6), full states, store bytes and pairs, paths, agents.</summary>
    internal (long Light4, long Light4Bytes, long Light6, long Light6Bytes, long Full, long StoreBytes, long Pairs, long Paths, long Agents) Memory() =>
        (_clients.Light4?.Count ?? 0, _clients.Light4?.Bytes ?? 0, _clients.Light6?.Count ?? 0, _clients.Light6?.Bytes ?? 0, _clients.FullCount,
            _store.Bytes, _store.PairCount, _pathNames.Count, _agentNames.Count);

    // A direct-mapped cache of agents' traits and numbers by the text's length and two of its characters: the readers
    // share one string per distinct agent, so a reference compare answers most requests, with no hash of a hundred
    // characters. A miss costs one lookup of the agent's number (its traits are kept by number).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref AgentSlot AgentSlotOf(string ua)
    {
        int n = ua.Length;
        uint mix = (uint)n * 2654435761u ^ (uint)ua[n >> 1] * 40503u ^ (uint)ua[n - 1 - (n >> 2)] * 9973u;
        ref var slot = ref _agentSlots[mix >> 24];
        if (ReferenceEquals(slot.Agent, ua)) return ref slot;
        if (string.Equals(slot.Agent, ua, StringComparison.Ordinal)) slot.Agent = ua;
        else Fill(ref slot, ua);
        return ref slot;
    }

    private void Fill(ref AgentSlot slot, string ua)
    {
        int id = AgentIdOf(ua);
        AgentTraits traits;
        if (id < 0) traits = UnnumberedAgentTraits(ua);
        else
        {
            if (id == _agentTraitsById.Count) _agentTraitsById.Add(SignatureTraits(ua));
            traits = _agentTraitsById[id];
        }
        slot = new AgentSlot { Agent = ua, Traits = traits, Id = id };
    }

    private int AgentIdOf(string ua) => NumberOf(_agentIds, _agentNames, AgentIdLimit, ua);

    private struct AgentSlot
    {
        public string? Agent;
        public AgentTraits Traits;
        public int Id;
    }
}
