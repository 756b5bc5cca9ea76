using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Reports;

/// <summary>
/// Per client, the minutes it asked in and its first and last line, gathered in the same pass as bot detection (which
/// keeps no timeline). A request CloudFront forwarded shows in both CloudFront's log and the origin's: when CloudFront
/// logs were read, origin lines that came through an edge are left out of the series (the detector counts such a twin
/// once too); without them, they are the only record and count. Clients are kept as the detector keeps them (an IPv6
/// address by its /64, see <see cref="ClientKey"/>), and at most as many as it keeps.
/// </summary>
internal sealed class BotTracks
{
    private readonly ClientResolver _resolver;
    private readonly int _limit;
    private readonly Dictionary<string, Track> _clients = new(StringComparer.Ordinal);
    private readonly List<string> _paths = new();
    private readonly Dictionary<string, int> _pathIndex = new(StringComparer.Ordinal);
    private bool _sawCloudFront;

    /// <summary>The most clients tracked whatever the detector keeps: a track costs a few hundred bytes, where most of the detector's clients cost a few dozen.</summary>
    public const int MaxTracked = 500_000;

    public BotTracks(ClientResolver resolver, int limit = MaxTracked)
    {
        _resolver = resolver;
        _limit = Math.Min(limit, MaxTracked);
    }

    /// <summary>Clients tracked.</summary>
    public int Count => _clients.Count;

    public void Add(AccessLogEntry entry)
    {
        bool cloudFront = entry.Format == LogFormat.CloudFront;
        var client = _resolver.Resolve(entry.ClientIp, entry.ForwardedFor, cloudFront);
        _sawCloudFront |= cloudFront;
        string key = client.IsCdnEdge ? client.ClientIp : ClientKey.Of(client.ClientIp);
        if (!_clients.TryGetValue(key, out var track))
        {
            // Past the detector's limit its clients are not classified, so no finding will ask for their minutes.
            if (_clients.Count >= _limit) return;
            _clients[key] = track = new Track();
        }
        long minute = entry.Timestamp.UtcTicks / TimeSpan.TicksPerMinute;
        var series = cloudFront || !client.ConnectingIsEdge ? track.Direct : track.ViaEdge;
        if (series.Count > 0 && series[^1].Minute == minute) series[^1] = (minute, series[^1].Count + 1);
        else series.Add((minute, 1));

        int path = PathIndex(entry.Path);
        if (track.FirstPath < 0 || entry.Timestamp < track.FirstTime) (track.FirstPath, track.FirstLine, track.FirstTime) = (path, entry.LineNumber, entry.Timestamp);
        if (track.LastPath < 0 || entry.Timestamp >= track.LastTime) (track.LastPath, track.LastLine, track.LastTime) = (path, entry.LineNumber, entry.Timestamp);
    }

    public IReadOnlyList<BotMinute> Minutes(string clientIp)
    {
        if (Find(clientIp) is not { } track) return [];
        var sum = new SortedDictionary<long, long>();
        foreach (var (m, c) in track.Direct) sum[m] = sum.GetValueOrDefault(m) + c;
        if (!_sawCloudFront)
        {
            foreach (var (m, c) in track.ViaEdge) sum[m] = sum.GetValueOrDefault(m) + c;
        }
        return sum.Select(kv => new BotMinute(new DateTimeOffset(kv.Key * TimeSpan.TicksPerMinute, TimeSpan.Zero), kv.Value)).ToList();
    }

    // A finding names an edge or an IPv4 client by its address, an IPv6 client by its address or its /64.
    private Track? Find(string clientIp) => _clients.GetValueOrDefault(clientIp) ?? _clients.GetValueOrDefault(ClientKey.Of(clientIp));

    public (string? First, string? Last) Lines(string clientIp) =>
        Find(clientIp) is { } t && t.FirstPath >= 0
            ? ($"{_paths[t.FirstPath]}:{t.FirstLine}", $"{_paths[t.LastPath]}:{t.LastLine}")
            : (null, null);

    private int PathIndex(string path)
    {
        if (!_pathIndex.TryGetValue(path, out int i))
        {
            i = _paths.Count;
            _paths.Add(path);
            _pathIndex[path] = i;
        }
        return i;
    }

    private sealed class Track
    {
        public readonly List<(long Minute, long Count)> Direct = new();
        public readonly List<(long Minute, long Count)> ViaEdge = new();
        public int FirstPath = -1, LastPath = -1;
        public long FirstLine, LastLine;
        public DateTimeOffset FirstTime, LastTime;
    }
}
