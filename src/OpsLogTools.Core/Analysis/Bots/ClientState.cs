using System.Runtime.CompilerServices;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Everything kept about one client while streaming: counters and small bounded samples, so memory grows with the
/// number of distinct clients, not with the number of requests.
/// </summary>
internal sealed class ClientState
{
    internal const int MaxDistinctPaths = 2048;
    internal const int MaxFlaggedPaths = 1024;
    internal const int MaxNotFoundPaths = 512;
    internal const int MaxAgents = 5;
    internal const int MaxSamplePaths = 10;
    // Distinct paths kept in the object itself before the store's pairs are used: an ordinary reader asks for a few
    // dozen pages and assets, so most clients never reach the shared table.
    internal const int InlinePaths = 32;
    // Interface identifiers told apart in a /64 before the count becomes a lower bound, and addresses kept as samples.
    internal const int MaxAddresses = 1024;
    internal const int MaxSampleAddresses = 5;

    public ClientState(string address, bool isCdnEdge, ClientStore store, int id)
    {
        Address = Key = address;
        IsCdnEdge = isCdnEdge;
        _store = store;
        _id = id;
    }

    /// <summary>An IPv6 client kept by its /64 (<paramref name="network"/>, its text), first seen at <paramref name="address"/>.</summary>
    public ClientState(string address, bool isCdnEdge, ClientStore store, int id, string network, ulong interfaceId)
        : this(address, isCdnEdge, store, id)
    {
        Key = network;
        _firstInterface = interfaceId;
    }

    private readonly ClientStore _store;
    private readonly int _id;
    private readonly ulong _firstInterface;

    /// <summary>The client as reported: its address, or its /64 network once a second address of the network was seen.</summary>
    public string Address { get; private set; }

    /// <summary>What the client is kept under, the same from its first request to its last (its address, or its /64 network).</summary>
    public string Key { get; }

    public bool IsCdnEdge { get; }

    /// <summary>True when the client is a /64 network in which more than one address was seen (<see cref="Address"/> is the network).</summary>
    public bool IsNetwork => _x?.Interfaces is not null;

    /// <summary>Distinct addresses seen (a lower bound when <see cref="AddressesCapped"/>).</summary>
    public int AddressesSeen => _x?.Interfaces?.Count ?? 1;

    /// <summary>True when more than <see cref="MaxAddresses"/> addresses were seen and <see cref="AddressesSeen"/> is a lower bound.</summary>
    public bool AddressesCapped => _x?.AddressesCapped ?? false;

    /// <summary>Up to <see cref="MaxSampleAddresses"/> of the addresses, in the order first seen.</summary>
    public IReadOnlyList<string> SampleAddresses => _x?.SampleAddresses ?? (IReadOnlyList<string>)[Address];

    /// <summary>
    /// Notes the address of a request of a client kept by its /64: the first address costs nothing; a second makes the
    /// client the network (as reported) and keeps the interface identifiers, up to <see cref="MaxAddresses"/>, and a few
    /// addresses as samples.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void NoteAddress(ulong interfaceId, string address)
    {
        if (interfaceId == _firstInterface && _x?.Interfaces is null) return;
        var x = Extras;
        if (x.Interfaces is null)
        {
            x.Interfaces = [_firstInterface];
            x.SampleAddresses = [Address];
            Address = Key;
        }
        if (x.Interfaces.Count < MaxAddresses)
        {
            if (x.Interfaces.Add(interfaceId) && x.SampleAddresses!.Count < MaxSampleAddresses) x.SampleAddresses.Add(address);
        }
        else if (!x.AddressesCapped && !x.Interfaces.Contains(interfaceId))
        {
            x.AddressesCapped = true;
        }
    }

    /// <summary>Where most of this client's requests took its address from.</summary>
    public AddressSource Source =>
        ViaForwardedFor >= ViaCloudFront && ViaForwardedFor >= ViaOrigin && ViaForwardedFor > 0 ? AddressSource.ForwardedFor
        : ViaCloudFront >= ViaOrigin ? AddressSource.CloudFront : AddressSource.Origin;

    public long Requests;
    public long FirstTicks = long.MaxValue;
    public long LastTicks = long.MinValue;
    public TimeSpan FirstOffset;
    public TimeSpan LastOffset;
    // The first agent in a field (most clients keep one); more agents, like everything else few clients need, live
    // in an extras object made only for clients that need it, so an ordinary visitor costs one small object.
    private string? _agent;
    public bool PathsCapped;
    // The first distinct paths in order (the sample, and the whole path set while it is small) by the detector's path
    // number, in the object itself; past that, paths go to the store's (client, path) pairs. A path the detector could
    // not number (its table full) is kept by text.
    private FirstPathIds _firstPathIds;
    private int _firstPathCount;
    private int _distinctPaths;
    private bool _pastSample;
    // The first two statuses in fields (most clients see one or two), more in the extras.
    private int _status0, _status1;
    private long _statusCount0, _statusCount1;
    private int _statusKinds;
    private ClientExtras? _x;

    /// <summary>The user agent of the last request and what the signatures said of it (most clients keep one agent).</summary>
    public string? LastAgent;
    public AgentTraits LastAgentTraits;
    public TimeSample AllTimes;
    public HashSet<string>? NotFound;
    public long NotFoundRequests;
    public long AssetRequests;
    public long WithReferer;
    public long ViaForwardedFor;
    public long ViaCloudFront;
    public long ViaOrigin;
    public long NoAgentRequests;
    public bool FetchedRobots;

    public Dictionary<string, FlaggedPath>? Flagged => _x?.Flagged;
    public long LoginPosts => _x?.LoginPosts ?? 0;
    public List<string>? LoginPathsSeen => _x?.LoginPathsSeen;
    public AgentSignature? StrongScanner => _x?.StrongScanner;
    public long StrongScannerRequests => _x?.StrongScannerRequests ?? 0;
    public AgentSignature? WeakScanner => _x?.WeakScanner;
    public long WeakScannerRequests => _x?.WeakScannerRequests ?? 0;
    public AgentSignature? Crawler => _x?.Crawler;
    public long CrawlerRequests => _x?.CrawlerRequests ?? 0;

    /// <summary>Cadence of all requests, or null with fewer than two.</summary>
    public Cadence? Cadence() => AllTimes.Measure(_store);

    /// <summary>Cadence of the requests for CMS or sensitive paths, or null with fewer than two.</summary>
    public Cadence? FlaggedCadence() => _x?.FlaggedTimes.Measure(_store);

    private ClientExtras Extras => _x ??= new ClientExtras();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(in RequestFacts f, in PathTraits path, int pathId, in AgentTraits agent, AddressSource source)
    {
        Requests++;
        if (source == AddressSource.ForwardedFor) ViaForwardedFor++;
        else if (source == AddressSource.CloudFront) ViaCloudFront++;
        else ViaOrigin++;
        long ticks = f.Timestamp.UtcTicks;
        if (ticks < FirstTicks) { FirstTicks = ticks; FirstOffset = f.Timestamp.Offset; }
        if (ticks > LastTicks) { LastTicks = ticks; LastOffset = f.Timestamp.Offset; }
        AllTimes.Add(_store, ticks);
        CountStatus(f.Status);

        string ua = f.UserAgent ?? "";
        if (ua.Length == 0 || ua == "-") NoAgentRequests++;
        else if (!ReferenceEquals(ua, _agent)) AddAgent(ua);
        if (agent.Scanner is { } sc)
        {
            var x = Extras;
            if (sc.Weak) { x.WeakScanner ??= sc; x.WeakScannerRequests++; }
            else { x.StrongScanner ??= sc; x.StrongScannerRequests++; }
        }
        if (agent.Crawler is { } cr)
        {
            var x = Extras;
            x.Crawler ??= cr;
            x.CrawlerRequests++;
        }

        AddPath(f.Path, pathId);
        if (f.Path.Equals("/robots.txt", StringComparison.OrdinalIgnoreCase)) FetchedRobots = true;
        if (path.IsAsset) AssetRequests++;
        if (!string.IsNullOrEmpty(f.Referer) && f.Referer != "-") WithReferer++;

        if (f.Status == 404)
        {
            NotFoundRequests++;
            NotFound ??= new HashSet<string>(StringComparer.Ordinal);
            if (NotFound.Count < MaxNotFoundPaths) NotFound.Add(f.Path);
        }
        if (path.Login is not null && string.Equals(f.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            var x = Extras;
            x.LoginPosts++;
            x.LoginPathsSeen ??= new List<string>(1);
            if (x.LoginPathsSeen.Count < 5 && !x.LoginPathsSeen.Contains(f.Path)) x.LoginPathsSeen.Add(f.Path);
        }
        if (path.Cms is not null || path.Sensitive is not null)
        {
            var x = Extras;
            x.FlaggedTimes.Add(_store, ticks);
            var flagged = x.Flagged ??= new Dictionary<string, FlaggedPath>(StringComparer.Ordinal);
            if (!flagged.TryGetValue(f.Path, out var fp))
            {
                if (flagged.Count >= MaxFlaggedPaths) return;
                flagged[f.Path] = fp = new FlaggedPath(path.Cms, path.Sensitive);
            }
            fp.Count++;
            if (SiteKnowledge.IsSuccess(f.Status)) fp.Ok++;
            else if (f.Status == 404) fp.NotFound++;
            else fp.Other++;
        }
    }

    /// <summary>Distinct paths seen (up to <see cref="MaxDistinctPaths"/>).</summary>
    public int DistinctPaths => _distinctPaths;

    /// <summary>The user agents kept, in the order first seen.</summary>
    public string[] UserAgents() =>
        _agent is null ? [] : _x?.MoreAgents is not { } more ? [_agent] : [_agent, .. more];

    /// <summary>The first <see cref="MaxSamplePaths"/> distinct paths, in the order first asked; numbers are the detector's <paramref name="pathNames"/>.</summary>
    public IEnumerable<string> Sample(IReadOnlyList<string> pathNames)
    {
        for (int i = 0; i < Math.Min(_firstPathCount, MaxSamplePaths); i++)
            yield return _firstPathIds[i] >= 0 ? pathNames[_firstPathIds[i]] : _x!.FirstUnnumbered![i]!;
    }

    /// <summary>Requests per status.</summary>
    public SortedDictionary<int, long> StatusCounts()
    {
        var result = new SortedDictionary<int, long>();
        if (_statusKinds > 0) result[_status0] = _statusCount0;
        if (_statusKinds > 1) result[_status1] = _statusCount1;
        for (int i = 2; i < _statusKinds; i++) result[_x!.MoreStatusCodes![i - 2]] = _x.MoreStatusCounts![i - 2];
        return result;
    }

    private void AddAgent(string ua)
    {
        if (_agent is null) { _agent = ua; return; }
        if (string.Equals(ua, _agent, StringComparison.Ordinal)) return;
        var x = Extras;
        x.MoreAgents ??= new List<string>(MaxAgents - 1);
        foreach (var known in x.MoreAgents)
        {
            if (ReferenceEquals(known, ua) || string.Equals(known, ua, StringComparison.Ordinal)) return;
        }
        if (x.MoreAgents.Count < MaxAgents - 1) x.MoreAgents.Add(ua);
    }

    private void CountStatus(int status)
    {
        if (_statusKinds > 0 && _status0 == status) { _statusCount0++; return; }
        if (_statusKinds > 1 && _status1 == status) { _statusCount1++; return; }
        var x = _x;
        for (int i = 2; i < _statusKinds; i++)
        {
            if (x!.MoreStatusCodes![i - 2] == status) { x.MoreStatusCounts![i - 2]++; return; }
        }
        switch (_statusKinds)
        {
            case 0: _status0 = status; _statusCount0 = 1; break;
            case 1: _status1 = status; _statusCount1 = 1; break;
            default:
                x = Extras;
                int k = _statusKinds - 2;
                if (x.MoreStatusCodes is null || k == x.MoreStatusCodes.Length)
                {
                    Array.Resize(ref x.MoreStatusCodes, Math.Max(2, k * 2));
                    Array.Resize(ref x.MoreStatusCounts, Math.Max(2, k * 2));
                }
                x.MoreStatusCodes[k] = status;
                x.MoreStatusCounts![k] = 1;
                break;
        }
        _statusKinds++;
    }

    // pathId: the detector's number for the path, the same for every request of that path, or -1 for every request
    // of a path it could not number.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddPath(string path, int pathId)
    {
        if (PathsCapped) return;
        if (!_pastSample)
        {
            var known = ((ReadOnlySpan<int>)_firstPathIds)[.._firstPathCount];
            if (pathId >= 0)
            {
                if (known.Contains(pathId)) return;
            }
            else
            {
                for (int i = 0; i < known.Length; i++)
                {
                    if (known[i] < 0 && string.Equals(_x!.FirstUnnumbered![i], path, StringComparison.Ordinal)) return;
                }
            }
            if (_firstPathCount < InlinePaths)
            {
                _firstPathIds[_firstPathCount] = pathId;
                if (pathId < 0) (Extras.FirstUnnumbered ??= new string?[InlinePaths])[_firstPathCount] = path;
                _firstPathCount++;
                _distinctPaths++;
                return;
            }
            _pastSample = true;
            for (int i = 0; i < _firstPathCount; i++) Remember(_x?.FirstUnnumbered?[i] ?? "", _firstPathIds[i]);
        }
        if (_distinctPaths < MaxDistinctPaths)
        {
            if (Remember(path, pathId)) _distinctPaths++;
        }
        else if (!(pathId >= 0 ? _store.ContainsPair(_id, pathId) : _x?.MoreUnnumbered?.Contains(path) == true)) PathsCapped = true;
    }

    private bool Remember(string path, int pathId) =>
        pathId >= 0 ? _store.AddPair(_id, pathId) : (Extras.MoreUnnumbered ??= new HashSet<string>(StringComparer.Ordinal)).Add(path);

    /// <summary>What few clients need: scanner and crawler agents, logins, flagged paths, more agents and statuses.</summary>
    private sealed class ClientExtras
    {
        public TimeSample FlaggedTimes;
        public Dictionary<string, FlaggedPath>? Flagged;
        public long LoginPosts;
        public List<string>? LoginPathsSeen;
        public AgentSignature? StrongScanner;
        public long StrongScannerRequests;
        public AgentSignature? WeakScanner;
        public long WeakScannerRequests;
        public AgentSignature? Crawler;
        public long CrawlerRequests;
        public List<string>? MoreAgents;
        public string?[]? FirstUnnumbered;
        public HashSet<string>? MoreUnnumbered;
        public int[]? MoreStatusCodes;
        public long[]? MoreStatusCounts;
        public HashSet<ulong>? Interfaces;
        public List<string>? SampleAddresses;
        public bool AddressesCapped;
    }

    [System.Runtime.CompilerServices.InlineArray(InlinePaths)]
    private struct FirstPathIds
    {
        private int _element;
    }

    public DateTimeOffset First => new DateTimeOffset(FirstTicks, TimeSpan.Zero).ToOffset(FirstOffset);
    public DateTimeOffset Last => new DateTimeOffset(LastTicks, TimeSpan.Zero).ToOffset(LastOffset);
}
