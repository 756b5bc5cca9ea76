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
    private const int DefaultPathIdLimit = 1 << 20;

    private readonly BotDetectorOptions _options;
    private readonly IReadDiagnostics _diagnostics;
    private readonly ClientResolver _resolver;
    private readonly int _lightRequests;
    private readonly TwinMatcher _twins;
    private readonly Dictionary<long, (RequestFacts Facts, ResolvedClient Client)> _pendingOrigin = new();
    private readonly List<(long Ordinal, bool Matched)> _settled = new();
    private readonly HashSet<long> _matched = new();
    private readonly HashSet<string> _edges = new(StringComparer.Ordinal);
    private long _duplicates;
    private long _edgeAttributed;
    private ClientShard[]? _shards;
    private ShardFeed? _feed;
    // Requests that may still be handed to the shards before the detector looks at how many clients they hold.
    private long _budget;
    private long _sequence;
    private long _ordinal;
    private long _cloudFrontLines;
    private long _originLines;
    private readonly HostOffsets _hostOffsets = new();
    private bool _finished;
    private bool _settleAsFed;

    /// <summary>Creates a detector.</summary>
    public BotDetector(BotDetectorOptions? options = null, IReadDiagnostics? diagnostics = null)
    {
        _options = options ?? new BotDetectorOptions();
        _diagnostics = diagnostics ?? NullDiagnostics.Instance;
        _resolver = new ClientResolver(_options.CdnRanges, _options.TrustedProxies, _options.TrustInternalProxies);
        _twins = new TwinMatcher(_options.TwinWindow);
        // A light client holds fewer requests than any finding needs, so that it can never be one.
        _lightRequests = Math.Clamp(Math.Min(_options.LightClientRequests, _options.ScannerMinMissingPaths - 1), 0, BotClassifier.NotHttpMinRequests - 1);
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

    /// <summary>
    /// How many <see cref="ClientShard"/>s share the clients (by a hash of their address or network): with more than
    /// one, they count requests on the thread pool while the calling thread reads on, and the report is the same.
    /// </summary>
    internal int Shards { get; init; } = 1;

    /// <summary>
    /// The room under the client limit below which shards stop counting in parallel and the calling thread counts for
    /// all of them, so that which clients the limit keeps out is decided in request order, as with one shard.
    /// </summary>
    internal int MinParallelRoom { get; init; } = 1 << 16;

    /// <summary>The client resolver in use (the same rules <see cref="SelectRequests(IEnumerable{AccessLogEntry}, BotReport, BotDetectorOptions?, bool)"/> applies).</summary>
    public ClientResolver Resolver => _resolver;

    /// <summary>Adds one parsed request.</summary>
    public void Add(AccessLogEntry entry) => Add(RequestFacts.From(entry));

    /// <summary>Adds one request from field values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(in RequestFacts facts)
    {
        if (_finished) throw new InvalidOperationException("Finish was already called on this detector.");
        _shards ??= CreateShards();
        long ordinal = _ordinal++;
        if (facts.IsCloudFront)
        {
            if (!CloudFrontLinesExpected) throw new InvalidOperationException("A CloudFront line came to a detector told that none would.");
            _cloudFrontLines++;
            if (!IsNone(facts.ForwardedFor)) CountResolved(facts, _resolver.Resolve(ConnectingText(facts), facts.ForwardedFor, isCloudFront: true));
            else if (facts.ConnectingIpv4 != 0) CountViewerV4(facts);
            else CountViewerText(facts, ConnectingText(facts));
            if (OriginLinesExpected)
            {
                _twins.AddCloudFront(facts);
                if (SettleTwinsAsFed) SettleTwins();
            }
            return;
        }
        if (!OriginLinesExpected) throw new InvalidOperationException("An origin line came to a detector told that none would.");
        if (facts.ConnectingIpv4 != 0 && _lightRequests > 0 && _resolver.IsPlainOriginClient(facts.ConnectingIpv4))
        {
            // A public IPv4 address that connected is the client (no hop to look behind): found without resolving text.
            _originLines++;
            _hostOffsets.Note(facts.Timestamp);
            if (SettleTwinsAsFed)
            {
                _twins.NoteOrigin(facts.Timestamp.UtcTicks);
                SettleTwins();
            }
            CountOriginV4(facts);
            return;
        }
        var client = _resolver.Resolve(ConnectingText(facts), facts.ForwardedFor, isCloudFront: false);
        _originLines++;
        _hostOffsets.Note(facts.Timestamp);
        if (client.ConnectingIsEdge && !CloudFrontLinesExpected)
        {
            CountResolved(facts, client);
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
        CountResolved(facts, client);
    }

    private ClientShard[] CreateShards()
    {
        var shards = new ClientShard[Math.Max(1, Shards)];
        for (int i = 0; i < shards.Length; i++) shards[i] = new ClientShard(_options, _lightRequests, PathIdLimit);
        if (shards.Length > 1)
        {
            // The client limit is one for the whole detector: every table counts its peers' clients too.
            var tables = shards.Select(s => s.Clients).ToArray();
            foreach (var t in tables) t.Peers = tables;
            _budget = tables[0].Limit;
            if (_budget >= MinParallelRoom)
            {
                foreach (var t in tables) t.RoomAssured = true;
                _feed = new ShardFeed(shards);
            }
        }
        return shards;
    }

    // True when the next request may go to its shard to be counted in parallel: while fewer requests have been handed
    // out since the last checkpoint than there was room for then, no shard can reach the limit. Else a checkpoint: wait
    // until the shards have counted everything, count their clients, and go on in parallel with the room left, or,
    // when little is left, count on this thread from now on (the tables then ask each other, in request order).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool InParallel()
    {
        if (_budget > 0)
        {
            _budget--;
            return true;
        }
        _feed!.Complete();
        var tables = _shards!.Select(s => s.Clients).ToArray();
        long room = tables[0].Limit - tables.Sum(t => (long)t.Count);
        if (room >= MinParallelRoom)
        {
            _budget = room - 1;
            return true;
        }
        foreach (var t in tables) t.RoomAssured = false;
        _feed = null;
        return false;
    }

    // The shard that counts on this thread: the only one, or the client's once the shards stopped counting in parallel.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ClientShard Here(int route) => _shards!.Length == 1 ? _shards[0] : _shards[route];

    // The four ways a request reaches its client's shard: counted here with one shard, handed over with several.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CountViewerV4(in RequestFacts facts)
    {
        if (_feed is null || !InParallel())
        {
            var shard = Here(ShardRoute.OfV4(facts.ConnectingIpv4, _shards!.Length));
            shard.Sequence = _sequence++;
            shard.CountViewerV4(facts, facts.ConnectingIpv4);
            return;
        }
        ref var item = ref _feed!.Next(ShardRoute.OfV4(facts.ConnectingIpv4, _shards!.Length));
        item.Facts = facts;
        item.Sequence = _sequence++;
        item.Kind = ShardItemKind.ViewerV4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CountViewerText(in RequestFacts facts, string connecting)
    {
        if (_feed is null || !InParallel())
        {
            var shard = Here(_shards!.Length == 1 ? 0 : ShardRoute.OfViewer(connecting, _shards.Length));
            shard.Sequence = _sequence++;
            shard.CountViewerText(facts, connecting);
            return;
        }
        ref var item = ref _feed!.Next(ShardRoute.OfViewer(connecting, _shards!.Length));
        item.Facts = facts;
        item.Sequence = _sequence++;
        item.Text = connecting;
        item.Kind = ShardItemKind.ViewerText;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CountOriginV4(in RequestFacts facts)
    {
        if (_feed is null || !InParallel())
        {
            var shard = Here(ShardRoute.OfV4(facts.ConnectingIpv4, _shards!.Length));
            shard.Sequence = _sequence++;
            shard.CountOriginV4(facts);
            return;
        }
        ref var item = ref _feed!.Next(ShardRoute.OfV4(facts.ConnectingIpv4, _shards!.Length));
        item.Facts = facts;
        item.Sequence = _sequence++;
        item.Kind = ShardItemKind.OriginV4;
    }

    private void CountResolved(in RequestFacts facts, in ResolvedClient client)
    {
        if (_feed is null || !InParallel())
        {
            var shard = Here(ShardRoute.Of(client.ClientIp, _shards!.Length));
            shard.Sequence = _sequence++;
            shard.CountClient(facts, client);
            return;
        }
        ref var item = ref _feed!.Next(ShardRoute.Of(client.ClientIp, _shards!.Length));
        item.Facts = facts;
        item.Sequence = _sequence++;
        item.Client = client;
        item.Kind = ShardItemKind.Resolved;
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
            CountResolved(pending.Facts, pending.Client);
            if (pending.Client.IsCdnEdge) { _edgeAttributed++; _edges.Add(pending.Client.ClientIp); }
        }
        _settled.Clear();
    }

    // The connecting address as text: lean facts carry a plain IPv4 address only as its number.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static string ConnectingText(in RequestFacts facts) =>
        facts.ConnectingIp ?? (facts.ConnectingIpv4 != 0 ? IpAddressText.FormatV4(facts.ConnectingIpv4) : "");

    // The resolver's rule for "no X-Forwarded-For to follow".
    private static bool IsNone(string? forwardedFor) => string.IsNullOrWhiteSpace(forwardedFor) || forwardedFor == "-";

    /// <summary>Matches the duplicates, classifies every client and returns the findings.</summary>
    public BotReport Finish()
    {
        if (_finished) throw new InvalidOperationException("Finish was already called on this detector.");
        _finished = true;
        SettleTwins(all: true);
        var shards = _shards ??= CreateShards();
        _feed?.Complete();
        _diagnostics.Verbose("Bot detector: " + DescribeMemory());
        long edgeAttributed = _edgeAttributed;
        var edges = _edges;
        var site = shards.Length == 1 ? shards[0].Site : SiteKnowledge.Merge(shards.Select(s => s.Site).ToList());
        long untrackedRequests = shards.Sum(s => s.Clients.UntrackedRequests);
        long untrackedClients = ClientTable.UntrackedClientsOf(shards.Select(s => s.Clients).ToList());
        int limit = shards[0].Clients.Limit;

        var warnings = new List<string>();
        if (untrackedRequests > 0)
        {
            string msg = $"More than {limit:N0} distinct clients (an IPv6 /64 counts once): {untrackedRequests:N0} request(s) of about {untrackedClients:N0} client(s) first seen after that were counted but not classified. "
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
        foreach (var shard in shards)
        {
            foreach (var state in shard.Clients.All)
            {
                if (BotClassifier.Evaluate(state, site, _options, shard.PathNames, _hostOffsets) is not { } activity) continue;
                if (activity.Intent == BotIntent.Benign && activity.Requests < _options.MinCrawlerRequests) crawlersLeftOut++;
                else activities.Add(activity);
            }
        }
        activities.Sort((a, b) => b.Intent != a.Intent ? b.Intent.CompareTo(a.Intent)
            : b.Requests != a.Requests ? b.Requests.CompareTo(a.Requests)
            : string.CompareOrdinal(a.ClientIp, b.ClientIp));
        return new BotReport(activities, warnings, _matched)
        {
            Requests = shards.Sum(s => s.Requests),
            CloudFrontLines = _cloudFrontLines,
            OriginLines = _originLines,
            DuplicatesMatched = _duplicates,
            EdgeAttributedRequests = edgeAttributed,
            DistinctClients = shards.Sum(s => s.Clients.Count),
            CrawlersLeftOut = crawlersLeftOut,
            UntrackedClients = untrackedClients,
            UntrackedRequests = untrackedRequests,
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

    /// <summary>
    /// For tests, after <see cref="Finish"/>: every client's aggregate in words, one line each in key order, light
    /// clients promoted first, so that two detectors can be compared client by client.
    /// </summary>
    internal IReadOnlyList<string> DescribeClients() =>
        (_shards ?? []).SelectMany(s => s.DescribeClients()).Order(StringComparer.Ordinal).ToList();

    /// <summary>Where the detector's memory is, for the benchmark: light tables, full states, the store, the site (summed over shards).</summary>
    internal string DescribeMemory()
    {
        var m = (_shards ?? []).Select(s => s.Memory()).ToList();
        string shards = m.Count > 1 ? $" ({m.Count} shards)" : "";
        return $"light v4 {m.Sum(x => x.Light4):N0} clients in {m.Sum(x => x.Light4Bytes) / 1048576} MB, light v6 {m.Sum(x => x.Light6):N0} in {m.Sum(x => x.Light6Bytes) / 1048576} MB; "
            + $"full states {m.Sum(x => x.Full):N0}; store {m.Sum(x => x.StoreBytes) / 1048576} MB ({m.Sum(x => x.Pairs):N0} client-path pairs); paths {m.Sum(x => x.Paths):N0}, agents {m.Sum(x => x.Agents):N0}{shards}";
    }
}
