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

    public ClientState(string address, bool isCdnEdge)
    {
        Address = address;
        IsCdnEdge = isCdnEdge;
    }

    public string Address { get; }
    public bool IsCdnEdge { get; }

    /// <summary>Where most of this client's requests took its address from.</summary>
    public AddressSource Source =>
        ViaForwardedFor >= ViaCloudFront && ViaForwardedFor >= ViaOrigin && ViaForwardedFor > 0 ? AddressSource.ForwardedFor
        : ViaCloudFront >= ViaOrigin ? AddressSource.CloudFront : AddressSource.Origin;

    public long Requests;
    public long FirstTicks = long.MaxValue;
    public long LastTicks = long.MinValue;
    public TimeSpan FirstOffset;
    public TimeSpan LastOffset;
    public readonly List<string> Agents = new(1);
    public long AgentsNotKept;
    public bool PathsCapped;
    // The first distinct paths in order (the sample, and the whole path set while it is small); a hash set only for
    // clients that ask for more: most clients ask for a handful of paths, so most never pay for one.
    private readonly string[] _firstPaths = new string[MaxSamplePaths];
    private readonly int[] _firstPathIds = new int[MaxSamplePaths];
    private int _firstPathCount;
    // Past the sample, paths by the detector's number; a path the detector could not number (its table full) by text.
    private PathIdSet? _morePaths;
    private HashSet<string>? _moreUnnumbered;
    // Statuses as parallel arrays: a client sees a handful, a linear scan beats a dictionary per client.
    private int[] _statusCodes = new int[2];
    private long[] _statusCounts = new long[2];
    private int _statusKinds;

    /// <summary>The user agent of the last request and what the signatures said of it (most clients keep one agent).</summary>
    public string? LastAgent;
    public AgentTraits LastAgentTraits;
    public readonly TimeSample AllTimes = new();
    public TimeSample? FlaggedTimes;
    public Dictionary<string, FlaggedPath>? Flagged;
    public long FlaggedNotKept;
    public HashSet<string>? NotFound;
    public long NotFoundRequests;
    public long LoginPosts;
    public List<string>? LoginPathsSeen;
    public long AssetRequests;
    public long WithReferer;
    public long ViaForwardedFor;
    public long ViaCloudFront;
    public long ViaOrigin;
    public AgentSignature? StrongScanner;
    public long StrongScannerRequests;
    public AgentSignature? WeakScanner;
    public long WeakScannerRequests;
    public long NoAgentRequests;
    public AgentSignature? Crawler;
    public long CrawlerRequests;
    public bool FetchedRobots;

    public void Add(in RequestFacts f, in PathTraits path, int pathId, in AgentTraits agent, AddressSource source)
    {
        Requests++;
        if (source == AddressSource.ForwardedFor) ViaForwardedFor++;
        else if (source == AddressSource.CloudFront) ViaCloudFront++;
        else ViaOrigin++;
        long ticks = f.Timestamp.UtcTicks;
        if (ticks < FirstTicks) { FirstTicks = ticks; FirstOffset = f.Timestamp.Offset; }
        if (ticks > LastTicks) { LastTicks = ticks; LastOffset = f.Timestamp.Offset; }
        AllTimes.Add(ticks);
        CountStatus(f.Status);

        string ua = f.UserAgent ?? "";
        if (ua.Length == 0 || ua == "-") NoAgentRequests++;
        else if (!Agents.Contains(ua))
        {
            if (Agents.Count < MaxAgents) Agents.Add(ua); else AgentsNotKept++;
        }
        if (agent.Scanner is { } sc)
        {
            if (sc.Weak) { WeakScanner ??= sc; WeakScannerRequests++; }
            else { StrongScanner ??= sc; StrongScannerRequests++; }
        }
        if (agent.Crawler is { } cr) { Crawler ??= cr; CrawlerRequests++; }

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
            LoginPosts++;
            LoginPathsSeen ??= new List<string>(1);
            if (LoginPathsSeen.Count < 5 && !LoginPathsSeen.Contains(f.Path)) LoginPathsSeen.Add(f.Path);
        }
        if (path.Cms is not null || path.Sensitive is not null)
        {
            (FlaggedTimes ??= new TimeSample()).Add(ticks);
            Flagged ??= new Dictionary<string, FlaggedPath>(StringComparer.Ordinal);
            if (!Flagged.TryGetValue(f.Path, out var fp))
            {
                if (Flagged.Count >= MaxFlaggedPaths) { FlaggedNotKept++; return; }
                Flagged[f.Path] = fp = new FlaggedPath(path.Cms, path.Sensitive);
            }
            fp.Count++;
            if (SiteKnowledge.IsSuccess(f.Status)) fp.Ok++;
            else if (f.Status == 404) fp.NotFound++;
            else fp.Other++;
        }
    }

    /// <summary>Distinct paths seen (up to <see cref="MaxDistinctPaths"/>).</summary>
    public int DistinctPaths => _morePaths is null ? _firstPathCount : _morePaths.Count + (_moreUnnumbered?.Count ?? 0);

    /// <summary>The first <see cref="MaxSamplePaths"/> distinct paths, in the order first asked.</summary>
    public IEnumerable<string> Sample => _firstPaths.Take(_firstPathCount);

    /// <summary>Requests per status.</summary>
    public SortedDictionary<int, long> StatusCounts()
    {
        var result = new SortedDictionary<int, long>();
        for (int i = 0; i < _statusKinds; i++) result[_statusCodes[i]] = _statusCounts[i];
        return result;
    }

    private void CountStatus(int status)
    {
        for (int i = 0; i < _statusKinds; i++)
        {
            if (_statusCodes[i] == status) { _statusCounts[i]++; return; }
        }
        if (_statusKinds == _statusCodes.Length)
        {
            Array.Resize(ref _statusCodes, _statusKinds * 2);
            Array.Resize(ref _statusCounts, _statusKinds * 2);
        }
        _statusCodes[_statusKinds] = status;
        _statusCounts[_statusKinds++] = 1;
    }

    // pathId: the detector's number for the path, the same for every request of that path, or -1 for every request
    // of a path it could not number.
    private void AddPath(string path, int pathId)
    {
        if (PathsCapped) return;
        if (_morePaths is null)
        {
            for (int i = 0; i < _firstPathCount; i++)
            {
                var known = _firstPaths[i];
                if (ReferenceEquals(known, path) || string.Equals(known, path, StringComparison.Ordinal)) return;
            }
            if (_firstPathCount < MaxSamplePaths)
            {
                _firstPathIds[_firstPathCount] = pathId;
                _firstPaths[_firstPathCount++] = path;
                return;
            }
            _morePaths = new PathIdSet();
            for (int i = 0; i < _firstPathCount; i++) Remember(_firstPaths[i], _firstPathIds[i]);
        }
        if (DistinctPaths < MaxDistinctPaths) Remember(path, pathId);
        else if (!(pathId >= 0 ? _morePaths.Contains(pathId) : _moreUnnumbered?.Contains(path) == true)) PathsCapped = true;
    }

    private void Remember(string path, int pathId)
    {
        if (pathId >= 0) _morePaths!.Add(pathId);
        else (_moreUnnumbered ??= new HashSet<string>(StringComparer.Ordinal)).Add(path);
    }

    public DateTimeOffset First => new DateTimeOffset(FirstTicks, TimeSpan.Zero).ToOffset(FirstOffset);
    public DateTimeOffset Last => new DateTimeOffset(LastTicks, TimeSpan.Zero).ToOffset(LastOffset);
}
