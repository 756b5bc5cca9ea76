using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Find-BotRequest's engine. Feed it requests (<see cref="Add(AccessLogEntry)"/> or, from a fast reader,
/// <see cref="Add(in RequestFacts)"/>) from origin access logs and CloudFront logs in any order, then call
/// <see cref="Finish"/>. It aggregates per real client in bounded memory (counters and small samples per client),
/// counts a request seen by both CloudFront and the origin once, learns which paths exist on the site, and
/// classifies by behaviour over the whole input. Not thread-safe: one detector per enumeration.
/// </summary>
public sealed partial class BotDetector
{
    private const int TraitCacheLimit = 100_000;
    private const int ViewerCacheLimit = 200_000;
    private const int DefaultPathIdLimit = 1 << 20;
    private static readonly string[] AssetExtensions =
        [".css", ".js", ".mjs", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".webp", ".avif", ".woff", ".woff2", ".ttf", ".map"];

    private readonly BotDetectorOptions _options;
    private readonly IReadDiagnostics _diagnostics;
    private readonly ClientResolver _resolver;
    private readonly ClientTable _clients;
    private readonly SiteKnowledge _site = new();
    private readonly TwinMatcher _twins;
    private readonly Dictionary<long, (RequestFacts Facts, ResolvedClient Client)> _pendingOrigin = new();
    private readonly List<(long Ordinal, bool Matched)> _settled = new();
    private readonly HashSet<long> _matched = new();
    private readonly HashSet<string> _edges = new(StringComparer.Ordinal);
    private long _duplicates;
    private long _edgeAttributed;
    private readonly Dictionary<string, PathTraits> _pathTraits = new(StringComparer.Ordinal);
    private readonly PathSlot[] _pathSlots = new PathSlot[1 << 14];
    private readonly Dictionary<string, int> _pathIds = new(StringComparer.Ordinal);
    private readonly List<string> _pathNames = [];
    private readonly ClientStore _store = new();
    // What a request of a client the table could not keep counts for on the site: one key for all of them.
    private const string UntrackedClient = "\0untracked";
    private readonly Dictionary<string, AgentTraits> _agentTraits = new(StringComparer.Ordinal);
    // A CloudFront line without X-Forwarded-For has its c-ip as the client whatever else is configured: its state is
    // found by the address as written, in one lookup instead of resolving it again. Only saves work, so bounded.
    private readonly Dictionary<string, ClientState> _viewers = new(StringComparer.Ordinal);
    private readonly ViewerTable _viewersV4 = new();
    private long _ordinal;
    private long _cloudFrontLines;
    private long _originLines;
    private readonly HostOffsets _hostOffsets = new();
    private long _requests;
    private bool _finished;
    private bool _settleAsFed;

    /// <summary>Creates a detector.</summary>
    public BotDetector(BotDetectorOptions? options = null, IReadDiagnostics? diagnostics = null)
    {
        _options = options ?? new BotDetectorOptions();
        _diagnostics = diagnostics ?? NullDiagnostics.Instance;
        _resolver = new ClientResolver(_options.CdnRanges, _options.TrustedProxies, _options.TrustInternalProxies);
        _twins = new TwinMatcher(_options.TwinWindow);
        _clients = new ClientTable(_store, _options.MaxClients,
            // A light client holds fewer requests than any finding needs, so that it can never be one.
            Math.Clamp(Math.Min(_options.LightClientRequests, _options.ScannerMinMissingPaths - 1), 0, BotClassifier.NotHttpMinRequests - 1));
    }

    /// <summary>
    /// False when the caller knows that no origin access line will follow (the fast path reading CloudFront files
    /// only): CloudFront lines then leave no twin record behind, so memory stays bounded by the number of clients.
    /// </summary>
    internal bool OriginLinesExpected { get; init; } = true;

    /// <summary>
    /// False when the caller knows that no CloudFront line will come (origin logs only): an origin line from an edge
    /// then has no twin to wait for and is counted at once, so nothing is held per request.
    /// </summary>
    internal bool CloudFrontLinesExpected { get; init; } = true;

    /// <summary>
    /// True when the caller feeds the lines in time order, late by at most <see cref="TwinLateness"/> (log sets read
    /// side by side, each in its own time order, merged by time): origin lines from an edge are then decided (twin or counted) as soon as no CloudFront
    /// line still to come can be their twin, and CloudFront records are let go once no origin line still to come can
    /// match them, so the twin records held cover a bounded time span instead of the whole input. The counts are the
    /// same as deciding at the end; lines later than that are counted in <see cref="TwinLateLines"/> and reported.
    /// </summary>
    internal bool SettleTwinsAsFed
    {
        get => _settleAsFed;
        init => _twins.OneTimeline = _settleAsFed = value;
    }

    /// <summary>How far behind the latest line of its kind a line may come when <see cref="SettleTwinsAsFed"/> is on.</summary>
    internal TimeSpan TwinLateness
    {
        get => _twins.Lateness;
        init => _twins.Lateness = value;
    }

    /// <summary>The most twin records (forwarded CloudFront lines and undecided origin lines) held at once.</summary>
    internal long TwinRecordsHighWater => _twins.HeldHighWater;

    /// <summary>Lines that came later than <see cref="TwinLateness"/> behind the latest of their kind.</summary>
    internal long TwinLateLines => _twins.LateLines;

    /// <summary>False when no one will ask which origin lines were twins (<see cref="BotReport.MatchedTwinOrdinals"/> stays empty).</summary>
    internal bool KeepTwinOrdinals { get; init; } = true;

    /// <summary>How many distinct paths get a number (bounds memory against a flood of random paths); later ones are kept by text.</summary>
    internal int PathIdLimit { get; init; } = DefaultPathIdLimit;

    /// <summary>The client resolver in use (the same rules <see cref="SelectRequests(IEnumerable{AccessLogEntry}, BotReport, BotDetectorOptions?, bool)"/> applies).</summary>
    public ClientResolver Resolver => _resolver;

    /// <summary>Adds one parsed request.</summary>
    public void Add(AccessLogEntry entry) => Add(RequestFacts.From(entry));

    /// <summary>Adds one request from field values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(in RequestFacts facts)
    {
        if (_finished) throw new InvalidOperationException("Finish was already called on this detector.");
        long ordinal = _ordinal++;
        if (facts.IsCloudFront)
        {
            if (!CloudFrontLinesExpected) throw new InvalidOperationException("A CloudFront line came to a detector told that none would.");
            _cloudFrontLines++;
            bool direct = IsNone(facts.ForwardedFor);
            if (direct && facts.ConnectingIpv4 != 0)
            {
                uint v4 = facts.ConnectingIpv4;
                if (_viewersV4.Get(v4) is { } known)
                {
                    Count(facts, known, AddressSource.CloudFront);
                }
                else
                {
                    // A viewer that is no edge (and no proxy is configured) is its own address: found, light or not,
                    // without its text.
                    var state = _clients.Light4 is { } light && _resolver.IsPlainCloudFrontViewer(v4)
                        ? CountKeyed(facts, light, v4, 0, null, AddressSource.CloudFront)
                        : CountClient(facts, _resolver.ResolveCloudFrontViewer(v4, ConnectingText(facts))
                            ?? _resolver.Resolve(ConnectingText(facts), facts.ForwardedFor, isCloudFront: true));
                    if (state is not null)
                    {
                        if (_viewersV4.Count >= ViewerCacheLimit) _viewersV4.Clear();
                        _viewersV4.Set(v4, state);
                    }
                }
            }
            else if (!direct || !_viewers.TryGetValue(ConnectingText(facts), out var viewer))
            {
                string connecting = ConnectingText(facts);
                var resolved = _resolver.Resolve(connecting, facts.ForwardedFor, isCloudFront: true);
                viewer = CountClient(facts, resolved);
                // A client the table could not keep, or a light one, is found again each time, not remembered.
                if (direct && viewer is not null)
                {
                    if (_viewers.Count >= ViewerCacheLimit) _viewers.Clear();
                    _viewers[connecting] = viewer;
                }
            }
            else
            {
                Count(facts, viewer, AddressSource.CloudFront);
            }
            if (OriginLinesExpected)
            {
                _twins.AddCloudFront(facts);
                if (SettleTwinsAsFed) SettleTwins();
            }
            return;
        }
        if (!OriginLinesExpected) throw new InvalidOperationException("An origin line came to a detector told that none would.");
        if (facts.ConnectingIpv4 != 0 && _clients.Light4 is { } light4 && _resolver.IsPlainOriginClient(facts.ConnectingIpv4))
        {
            // A public IPv4 address that connected is the client (no hop to look behind): found without resolving text.
            _originLines++;
            _hostOffsets.Note(facts.Timestamp);
            if (SettleTwinsAsFed)
            {
                _twins.NoteOrigin(facts.Timestamp.UtcTicks);
                SettleTwins();
            }
            CountKeyed(facts, light4, facts.ConnectingIpv4, 0, facts.ConnectingIp, AddressSource.Origin);
            return;
        }
        var client = _resolver.Resolve(ConnectingText(facts), facts.ForwardedFor, isCloudFront: false);
        _originLines++;
        _hostOffsets.Note(facts.Timestamp);
        if (client.ConnectingIsEdge && !CloudFrontLinesExpected)
        {
            CountClient(facts, client);
            if (client.IsCdnEdge) { _edgeAttributed++; _edges.Add(client.ClientIp); }
            return;
        }
        if (client.ConnectingIsEdge)
        {
            // It went through CloudFront: if CloudFront's own line is in the input too, this is the same request.
            // Decided once no CloudFront line still to come can be its twin (in Finish unless fed in time order).
            _pendingOrigin.Add(ordinal, (facts, client));
            _twins.AddOrigin(facts, ordinal);
            if (SettleTwinsAsFed) SettleTwins();
            return;
        }
        if (SettleTwinsAsFed)
        {
            _twins.NoteOrigin(facts.Timestamp.UtcTicks);
            SettleTwins();
        }
        CountClient(facts, client);
    }

    private void SettleTwins(bool all = false)
    {
        _twins.Settle(_settled, all);
        if (_settled.Count == 0) return;
        // At the end, count what is left in the order it came, as when every line waited for the end.
        if (all) _settled.Sort((a, b) => a.Ordinal.CompareTo(b.Ordinal));
        foreach (var (ordinal, matched) in _settled)
        {
            _pendingOrigin.Remove(ordinal, out var pending);
            if (matched)
            {
                _duplicates++;
                if (KeepTwinOrdinals) _matched.Add(ordinal);
                continue;
            }
            CountClient(pending.Facts, pending.Client);
            if (pending.Client.IsCdnEdge) { _edgeAttributed++; _edges.Add(pending.Client.ClientIp); }
        }
        _settled.Clear();
    }

    // The connecting address as text: lean facts carry a plain IPv4 address only as its number.
    private static string ConnectingText(in RequestFacts facts) =>
        facts.ConnectingIp ?? (facts.ConnectingIpv4 != 0 ? IpAddressText.FormatV4(facts.ConnectingIpv4) : "");

    // The resolver's rule for "no X-Forwarded-For to follow".
    private static bool IsNone(string? forwardedFor) => string.IsNullOrWhiteSpace(forwardedFor) || forwardedFor == "-";

    /// <summary>Matches the duplicates, classifies every client and returns the findings.</summary>
    public BotReport Finish()
    {
        if (_finished) throw new InvalidOperationException("Finish was already called on this detector.");
        _finished = true;
        SettleTwins(all: true);
        _diagnostics.Verbose("Bot detector: " + DescribeMemory());
        long edgeAttributed = _edgeAttributed;
        var edges = _edges;

        var warnings = new List<string>();
        if (_clients.UntrackedRequests > 0)
        {
            string msg = $"More than {_clients.Limit:N0} distinct clients (an IPv6 /64 counts once): {_clients.UntrackedRequests:N0} request(s) of about {_clients.UntrackedClients:N0} client(s) first seen after that were counted but not classified. "
                + "-MaxClients raises the limit (a client seen a few times with ordinary requests costs a few dozen bytes, one that does more about a kilobyte).";
            warnings.Add(msg);
            _diagnostics.Warning("", 0, msg);
        }
        if (SettleTwinsAsFed && _twins.LateLines > 0)
        {
            string msg = $"{_twins.LateLines} web log lines came more than {_twins.Lateness} behind later lines of their kind: a request forwarded by CloudFront among them may be counted twice or under an edge address.";
            warnings.Add(msg);
            _diagnostics.Warning("", 0, msg);
        }
        if (edgeAttributed > 0)
        {
            string msg = _cloudFrontLines == 0
                ? $"{edgeAttributed} of {_originLines} origin requests came from {edges.Count} CloudFront edge address(es) with no usable X-Forwarded-For, and no CloudFront log was given: they are counted and classified under the edge addresses (IsCdnEdge), which stand for every visitor routed through them and must never be blocked. Add the CloudFront logs, or log X-Forwarded-For at the origin, to see the real clients."
                : $"{edgeAttributed} origin requests from {edges.Count} CloudFront edge address(es) have no twin in the CloudFront logs given (those logs may not cover the same hours): they are counted under the edge addresses (IsCdnEdge).";
            warnings.Add(msg);
            _diagnostics.Warning("", 0, msg);
        }

        var activities = new List<BotActivity>();
        int crawlersLeftOut = 0;
        foreach (var state in _clients.All)
        {
            if (BotClassifier.Evaluate(state, _site, _options, _pathNames, _hostOffsets) is not { } activity) continue;
            if (activity.Intent == BotIntent.Benign && activity.Requests < _options.MinCrawlerRequests) crawlersLeftOut++;
            else activities.Add(activity);
        }
        activities.Sort((a, b) => b.Intent != a.Intent ? b.Intent.CompareTo(a.Intent)
            : b.Requests != a.Requests ? b.Requests.CompareTo(a.Requests)
            : string.CompareOrdinal(a.ClientIp, b.ClientIp));
        return new BotReport(activities, warnings, _matched)
        {
            Requests = _requests,
            CloudFrontLines = _cloudFrontLines,
            OriginLines = _originLines,
            DuplicatesMatched = _duplicates,
            EdgeAttributedRequests = edgeAttributed,
            DistinctClients = _clients.Count,
            CrawlersLeftOut = crawlersLeftOut,
            UntrackedClients = _clients.UntrackedClients,
            UntrackedRequests = _clients.UntrackedRequests,
            CdnRanges = _options.CdnRanges.Describe(),
        };
    }

    /// <summary>Runs a detector over a sequence of entries.</summary>
    public static BotReport Analyze(IEnumerable<AccessLogEntry> entries, BotDetectorOptions? options = null, IReadDiagnostics? diagnostics = null)
    {
        var detector = new BotDetector(options, diagnostics);
        foreach (var e in entries) detector.Add(e);
        return detector.Finish();
    }

    /// <summary>
    /// -AsRequest: classifies in a first pass over <paramref name="source"/>, then enumerates it again and yields the
    /// entries of the reported clients (Benign ones only with <paramref name="includeBenign"/>). The factory must
    /// yield the same entries in the same order both times. An origin line that is the twin of a CloudFront line is
    /// left out, so each client yields exactly <see cref="BotActivity.Requests"/> entries.
    /// </summary>
    public static IEnumerable<AccessLogEntry> SelectRequests(Func<IEnumerable<AccessLogEntry>> source, BotDetectorOptions? options = null,
        IReadDiagnostics? diagnostics = null, bool includeBenign = false) =>
        SelectRequests(source, new BotDetector(options, diagnostics), options, includeBenign);

    /// <summary>As above, with the first pass fed to a detector set up by the caller (who knows how the source is ordered).</summary>
    internal static IEnumerable<AccessLogEntry> SelectRequests(Func<IEnumerable<AccessLogEntry>> source, BotDetector detector, BotDetectorOptions? options,
        bool includeBenign)
    {
        foreach (var e in source()) detector.Add(e);
        var report = detector.Finish();
        return SelectRequests(source(), report, options, includeBenign);
    }

    /// <summary>The second pass of -AsRequest, given the report of a first pass over the same entries in the same order.</summary>
    public static IEnumerable<AccessLogEntry> SelectRequests(IEnumerable<AccessLogEntry> entries, BotReport report, BotDetectorOptions? options = null, bool includeBenign = false)
    {
        options ??= new BotDetectorOptions();
        var resolver = new ClientResolver(options.CdnRanges, options.TrustedProxies, options.TrustInternalProxies);
        long ordinal = 0;
        foreach (var entry in entries)
        {
            long i = ordinal++;
            bool isCloudFront = entry.Format == LogFormat.CloudFront;
            var client = resolver.Resolve(entry.ClientIp, entry.ForwardedFor, isCloudFront);
            if (!isCloudFront && client.ConnectingIsEdge && report.MatchedTwinOrdinals.Contains(i)) continue;
            if (report.Find(client.ClientIp) is { } found && (includeBenign || found.Intent != BotIntent.Benign)) yield return entry;
        }
    }

    // state: null for a client the table could not keep (counted in the table, and here in the requests and the site).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Count(in RequestFacts f, ClientState? state, AddressSource source)
    {
        _requests++;
        string path = f.Path ?? "";
        ref var slot = ref SlotOf(path);
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref PathSlot SlotOf(string path)
    {
        ref var slot = ref _pathSlots[path.GetHashCode() & (_pathSlots.Length - 1)];
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int PathIdOf(string path)
    {
        if (_pathIds.Count >= PathIdLimit) return _pathIds.TryGetValue(path, out int known) ? known : -1;
        ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(_pathIds, path, out bool exists);
        if (!exists)
        {
            id = _pathIds.Count - 1;
            _pathNames.Add(path);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private AgentTraits AgentTraitsOf(string? userAgent)
    {
        if (string.IsNullOrEmpty(userAgent) || userAgent == "-") return default;
        if (_agentTraits.TryGetValue(userAgent, out var t)) return t;
        var sig = _options.Signatures;
        t = new AgentTraits(sig.MatchScanner(userAgent), sig.MatchCrawler(userAgent));
        if (_agentTraits.Count >= TraitCacheLimit) _agentTraits.Clear();
        _agentTraits[userAgent] = t;
        return t;
    }
}
