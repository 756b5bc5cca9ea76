using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// One share of a <see cref="BotDetector"/>'s clients, with everything their aggregation needs: the client table
/// (light slots and full states), the store, path and agent numbers, and what the site learns from their requests.
/// The detector hands each request to the shard that owns its client (<see cref="ShardRoute"/>), in the order it would
/// have counted them itself, so every client sees its requests in the same order whatever the number of shards; a
/// shard is used by one thread at a time. What spans clients (the site's path table, its probe-like paths, the front
/// page's sizes) is merged at the end (<see cref="SiteKnowledge.Merge"/>): each request carries the detector's
/// sequence number so that "first" means the same as with one shard.
/// </summary>
internal sealed partial class ClientShard
{
    private const int TraitCacheLimit = 100_000;
    private const int ViewerCacheLimit = 200_000;
    private static readonly string[] AssetExtensions =
        [".css", ".js", ".mjs", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".webp", ".avif", ".woff", ".woff2", ".ttf", ".map"];

    // What a request of a client the table could not keep counts for on the site: one key for all of them.
    private const string UntrackedClient = "\0untracked";

    private readonly BotDetectorOptions _options;
    private readonly ClientResolver _resolver;
    private readonly ClientTable _clients;
    private readonly SiteKnowledge _site = new();
    private readonly ClientStore _store = new();
    private readonly Dictionary<string, PathTraits> _pathTraits = new(StringComparer.Ordinal);
    private readonly PathSlot[] _pathSlots = new PathSlot[1 << 14];
    private readonly Dictionary<string, int> _pathIds = new(StringComparer.Ordinal);
    private readonly List<string> _pathNames = [];
    private readonly Dictionary<string, AgentTraits> _agentTraits = new(StringComparer.Ordinal);
    // A CloudFront line without X-Forwarded-For has its c-ip as the client whatever else is configured: its state is
    // found by the address as written, in one lookup instead of resolving it again. Only saves work, so bounded.
    private readonly Dictionary<string, ClientState> _viewers = new(StringComparer.Ordinal);
    private readonly ViewerTable _viewersV4 = new();
    private readonly int _pathIdLimit;

    /// <param name="options">The detector's settings.</param>
    /// <param name="lightRequests">Requests a light client holds (0: none are light).</param>
    /// <param name="pathIdLimit">Distinct paths numbered.</param>
    public ClientShard(BotDetectorOptions options, int lightRequests, int pathIdLimit)
    {
        _options = options;
        _resolver = new ClientResolver(options.CdnRanges, options.TrustedProxies, options.TrustInternalProxies);
        _clients = new ClientTable(_store, options.MaxClients, lightRequests);
        _pathIdLimit = pathIdLimit;
    }

    /// <summary>The shard's clients.</summary>
    public ClientTable Clients => _clients;

    /// <summary>What the shard's requests taught about the site.</summary>
    public SiteKnowledge Site => _site;

    /// <summary>The shard's path numbers, for <see cref="BotClassifier.Evaluate"/>.</summary>
    public IReadOnlyList<string> PathNames => _pathNames;

    /// <summary>Requests counted here.</summary>
    public long Requests { get; private set; }

    /// <summary>The detector's sequence number of the request being counted (see <see cref="SiteKnowledge.Sequence"/>).</summary>
    public long Sequence
    {
        set => _site.Sequence = value;
    }

    /// <summary>Counts a batch of requests handed over by <see cref="ShardFeed"/>, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Process(ShardItem[] items, int count)
    {
        for (int i = 0; i < count; i++)
        {
            ref readonly var item = ref items[i];
            _site.Sequence = item.Sequence;
            switch (item.Kind)
            {
                case ShardItemKind.ViewerV4: CountViewerV4(item.Facts, item.Facts.ConnectingIpv4); break;
                case ShardItemKind.ViewerText: CountViewerText(item.Facts, item.Text!); break;
                case ShardItemKind.OriginV4: CountOriginV4(item.Facts); break;
                default: CountClient(item.Facts, item.Client); break;
            }
        }
    }

    /// <summary>A CloudFront line with no x-forwarded-for whose c-ip is the plain IPv4 address <paramref name="v4"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CountViewerV4(in RequestFacts facts, uint v4)
    {
        if (_viewersV4.Get(v4) is { } known)
        {
            Count(facts, known, AddressSource.CloudFront);
            return;
        }
        // A viewer that is no edge (and no proxy is configured) is its own address: found, light or not, without its text.
        var state = _clients.Light4 is { } light && _resolver.IsPlainCloudFrontViewer(v4)
            ? CountKeyed(facts, light, v4, 0, null, AddressSource.CloudFront)
            : CountClient(facts, _resolver.ResolveCloudFrontViewer(v4, BotDetector.ConnectingText(facts))
                ?? _resolver.Resolve(BotDetector.ConnectingText(facts), facts.ForwardedFor, isCloudFront: true));
        if (state is not null)
        {
            // Not bounded apart: it holds full states only, as many as the client limit lets be.
            _viewersV4.Set(v4, state);
        }
    }

    /// <summary>A CloudFront line with no x-forwarded-for whose c-ip is text (IPv6, or no plain IPv4 address).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CountViewerText(in RequestFacts facts, string connecting)
    {
        if (_viewers.TryGetValue(connecting, out var viewer))
        {
            Count(facts, viewer, AddressSource.CloudFront);
            return;
        }
        if (TryCountLightV6(facts, connecting)) return;
        viewer = CountClient(facts, _resolver.Resolve(connecting, facts.ForwardedFor, isCloudFront: true));
        // A client the table could not keep, or a light one, is found again each time, not remembered.
        if (viewer is not null)
        {
            if (_viewers.Count >= ViewerCacheLimit) _viewers.Clear();
            _viewers[connecting] = viewer;
        }
    }

    /// <summary>An origin line whose connecting public IPv4 address is its client (light clients on).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CountOriginV4(in RequestFacts facts) =>
        CountKeyed(facts, _clients.Light4!, facts.ConnectingIpv4, 0, facts.ConnectingIp, AddressSource.Origin);

    // state: null for a client the table could not keep (counted in the table, and here in the requests and the site).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Count(in RequestFacts f, ClientState? state, AddressSource source)
    {
        Requests++;
        string path = f.Path ?? "";
        ref var slot = ref SlotOf(f);
        var pathTraits = slot.Traits;
        if (state is null)
        {
            if (!slot.SiteSeveral || !SiteKnowledge.IsSuccess(f.Status)) slot.SiteSeveral |= _site.Record(path, f.Status, UntrackedClient);
            return;
        }
        // Most clients keep one agent: the same string as last time has the same traits.
        string? ua = f.UserAgent;
        if (ua is null || !ReferenceEquals(ua, state.LastAgent))
        {
            state.LastAgentTraits = AgentTraitsOf(ua);
            state.LastAgent = ua;
        }
        state.Add(f, pathTraits, slot.Id, state.LastAgentTraits, source);
        _site.Note(path, f, pathTraits, state);
        // Once a path has answered several clients, recording another success changes nothing.
        if (!slot.SiteSeveral || !SiteKnowledge.IsSuccess(f.Status)) slot.SiteSeveral |= _site.Record(path, f.Status, state.Key);
    }

    // A direct-mapped cache of the path tables by the path's text: one hash of a short string and (the readers share
    // one string per distinct path) mostly a reference compare. Keyed by the text, not the string's identity: an
    // identity hash took microseconds a request when the runtime had to give the string one (issue 19's profile).
    // The path of f, by the hash taken where the facts were made (on a fast reader's worker thread), else hashed here.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref PathSlot SlotOf(in RequestFacts f)
    {
        string path = f.Path ?? "";
        return ref SlotOf(path, f.PathHash != 0 ? f.PathHash : path.GetHashCode());
    }

    // Any hash finds the path: a slot is taken only by text (a wrong hash costs a miss, never a wrong answer).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref PathSlot SlotOf(string path, int hash)
    {
        ref var slot = ref _pathSlots[hash & (_pathSlots.Length - 1)];
        if (!ReferenceEquals(slot.Path, path) && !string.Equals(slot.Path, path, StringComparison.Ordinal))
            slot = new PathSlot { Path = path, Traits = PathTraitsOf(path), Id = PathIdOf(path) };
        return ref slot;
    }

    private struct PathSlot
    {
        public string? Path;
        public PathTraits Traits;
        public bool SiteSeveral;
        public int Id;
    }

    // Numbers paths for the clients' path sets. Numbers are never taken back, so a path has the same number for the
    // whole run, or (once the table is full) none for the whole run: clients keep such paths by text.
    private int PathIdOf(string path) => NumberOf(_pathIds, _pathNames, _pathIdLimit, path);

    // The number of a text in a table of at most limit texts (names[number] is the text), added when new and there is
    // room; -1 when the table is full and the text is not in it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int NumberOf(Dictionary<string, int> ids, List<string> names, int limit, string text)
    {
        if (ids.Count >= limit) return ids.TryGetValue(text, out int known) ? known : -1;
        ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(ids, text, out bool exists);
        if (!exists)
        {
            id = names.Count;
            names.Add(text);
        }
        return id;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private PathTraits PathTraitsOf(string path)
    {
        if (_pathTraits.TryGetValue(path, out var t)) return t;
        var sig = _options.Signatures;
        bool asset = false;
        foreach (var ext in AssetExtensions)
        {
            if (path.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) { asset = true; break; }
        }
        t = new PathTraits(sig.MatchCms(path), sig.MatchSensitive(path), sig.MatchLogin(path), asset);
        if (_pathTraits.Count >= TraitCacheLimit) _pathTraits.Clear();
        _pathTraits[path] = t;
        return t;
    }

    // What the signatures say of a request's agent: nothing for a request without one, else from the agent cache.
    private AgentTraits AgentTraitsOf(string? userAgent) => IsAgent(userAgent) ? AgentSlotOf(userAgent).Traits : default;

    // A user agent as logged, not an empty or "-" field.
    private static bool IsAgent([NotNullWhen(true)] string? userAgent) => !string.IsNullOrEmpty(userAgent) && userAgent != "-";

    // What the signatures say of an agent past the numbered ones (a bounded cache; see AgentSlotOf).
    private AgentTraits UnnumberedAgentTraits(string userAgent)
    {
        if (_agentTraits.TryGetValue(userAgent, out var t)) return t;
        t = SignatureTraits(userAgent);
        if (_agentTraits.Count >= TraitCacheLimit) _agentTraits.Clear();
        _agentTraits[userAgent] = t;
        return t;
    }

    private AgentTraits SignatureTraits(string userAgent)
    {
        var sig = _options.Signatures;
        return new AgentTraits(sig.MatchScanner(userAgent), sig.MatchCrawler(userAgent));
    }
}
