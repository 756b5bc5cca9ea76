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
    public readonly Dictionary<int, long> Status = new();
    public readonly List<string> Agents = new(2);
    public long AgentsNotKept;
    public readonly List<string> Sample = new(4);
    public readonly HashSet<string> Paths = new(StringComparer.Ordinal);
    public bool PathsCapped;
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

    public void Add(in RequestFacts f, in PathTraits path, in AgentTraits agent, AddressSource source)
    {
        Requests++;
        if (source == AddressSource.ForwardedFor) ViaForwardedFor++;
        else if (source == AddressSource.CloudFront) ViaCloudFront++;
        else ViaOrigin++;
        long ticks = f.Timestamp.UtcTicks;
        if (ticks < FirstTicks) { FirstTicks = ticks; FirstOffset = f.Timestamp.Offset; }
        if (ticks > LastTicks) { LastTicks = ticks; LastOffset = f.Timestamp.Offset; }
        AllTimes.Add(ticks);
        Status[f.Status] = Status.GetValueOrDefault(f.Status) + 1;

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

        if (!PathsCapped)
        {
            if (Paths.Count < MaxDistinctPaths) Paths.Add(f.Path);
            else if (!Paths.Contains(f.Path)) PathsCapped = true;
        }
        if (Sample.Count < MaxSamplePaths && !Sample.Contains(f.Path)) Sample.Add(f.Path);
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

    public DateTimeOffset First => new DateTimeOffset(FirstTicks, TimeSpan.Zero).ToOffset(FirstOffset);
    public DateTimeOffset Last => new DateTimeOffset(LastTicks, TimeSpan.Zero).ToOffset(LastOffset);
}
