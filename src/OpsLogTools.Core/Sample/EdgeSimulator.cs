namespace OpsLogTools.Core.Sample;

/// <summary>
/// CloudFront between the viewers and httpd: a cache per edge location, forwarding misses (and everything
/// that is not GET/HEAD) to the origin from the edge's own addresses, and answering 502/504 itself when the
/// origin fails. Decides what each request got and whether (and when) the origin logged it.
/// </summary>
internal sealed class EdgeSimulator
{
    private readonly GeneratorContext _ctx;
    private readonly SiteMap _site;
    private readonly DateTimeOffset? _maxRequestWorkers;
    private readonly Random _rng;
    private readonly Dictionary<string, (int Status, long Size, string Type, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _edgeAddresses = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedAddresses = new(StringComparer.Ordinal);

    public EdgeSimulator(GeneratorContext ctx, SiteMap site, DateTimeOffset? maxRequestWorkers)
    {
        _ctx = ctx;
        _site = site;
        _maxRequestWorkers = maxRequestWorkers;
        _rng = ctx.Rng(51);
        var addressRng = ctx.Rng(52);
        foreach (var edge in EdgeNetwork.JapanEdges.Concat(EdgeNetwork.EuropeEdges).Concat(EdgeNetwork.AmericaEdges))
        {
            var addresses = new string[3];
            var prefix = EdgeNetwork.OriginFacingPrefixes[addressRng.Next(EdgeNetwork.OriginFacingPrefixes.Count)];
            var (network, size) = Ipv4Block.Parse(prefix);
            for (int i = 0; i < addresses.Length; i++)
            {
                string a;
                do a = Ipv4Block.Format(network + (uint)addressRng.NextInt64(1, size - 1));
                while (!_usedAddresses.Add(a) || a.EndsWith(".0", StringComparison.Ordinal) || a.EndsWith(".255", StringComparison.Ordinal));
                addresses[i] = a;
            }
            _edgeAddresses[edge] = addresses;
        }
    }

    /// <summary>Requests CloudFront answered with an error of its own (origin unreachable or too slow).</summary>
    public int EdgeErrors { get; private set; }

    public void Run(IEnumerable<ViewerRequest> requests)
    {
        var idBytes = new byte[40];
        foreach (var r in requests)
        {
            _rng.NextBytes(idBytes);
            r.RequestId = Convert.ToBase64String(idBytes).Replace('+', '-').Replace('/', '_');
            r.ClientPort = _rng.Next(1024, 65535);
            r.RequestBytes = 180 + r.UserAgent.Length + (r.Referer?.Length ?? 0) + _rng.Next(0, 300);
            Answer(r);
            r.HeaderBytes = r.Status == 304 ? _rng.Next(180, 260) : _rng.Next(320, 520);
        }
    }

    private void Answer(ViewerRequest r)
    {
        string key = r.Edge + " " + r.Path + "?" + r.Query;
        bool cacheable = r.Method is "GET" or "HEAD";
        bool cached = _cache.TryGetValue(key, out var entry);
        if (cacheable && cached && entry.Expires > r.At && r.ForceOriginStatus is null)
        {
            bool notModified = r.Conditional && entry.Status == 200;
            SetEdge(r, notModified ? 304 : entry.Status, entry.Status >= 400 ? "Error" : "Hit", entry.Status >= 400 ? "Error" : "Hit",
                notModified ? 0 : entry.Size, entry.Type, 0.001 + _rng.Next(0, 5) / 1000.0);
            return;
        }

        var outage = OriginTrouble(r);
        if (outage is { } trouble)
        {
            EdgeErrors++;
            // CloudFront's own error page.
            SetEdge(r, trouble.Status, "Error", trouble.Detail, 915, "text/html", trouble.Taken);
            return;
        }

        var resource = _site.Find(r.Path);
        int originStatus = r.ForceOriginStatus ?? (ServerErrorNow(r.At) ? 500 : _site.OriginStatus(r.Path));
        // An expired copy is revalidated: the origin answers 304 and the edge serves its copy (RefreshHit).
        bool revalidate = cacheable && cached && entry.Status == 200 && originStatus == 200;
        if (revalidate) originStatus = 304;
        long originBody = originStatus == 200 ? resource!.Size : SiteMap.ErrorBodySize(originStatus);

        r.OriginLogged = true;
        r.OriginAt = r.At + TimeSpan.FromMilliseconds(_rng.Next(3, 40));
        r.OriginStatus = originStatus;
        r.OriginBytes = originBody;
        var addresses = _edgeAddresses[r.Edge];
        r.EdgeAddress = addresses[_rng.Next(addresses.Length)];

        int viewerStatus = revalidate ? (r.Conditional ? 304 : 200) : originStatus;
        long viewerBody = viewerStatus == 200 ? (revalidate ? entry.Size : originBody) : viewerStatus == 304 ? 0 : originBody;
        string type = resource is not null ? resource.ContentType : "text/html; charset=iso-8859-1";
        string result = viewerStatus >= 400 ? "Error" : revalidate ? "RefreshHit" : "Miss";
        double taken = 0.02 + _rng.Next(0, 250) / 1000.0;
        SetEdge(r, viewerStatus, result, result, viewerBody, type, taken);

        if (cacheable)
        {
            var ttl = originStatus >= 400 ? TimeSpan.FromSeconds(10) : resource!.Ttl;
            _cache[key] = (originStatus == 304 ? 200 : originStatus, resource?.Size ?? originBody, type, r.At + ttl);
        }
    }

    /// <summary>While httpd is dead CloudFront cannot connect (502); once workers run out some requests time out (504).</summary>
    private (int Status, string Detail, double Taken)? OriginTrouble(ViewerRequest r)
    {
        if (_ctx.Down is not { } down || _ctx.Up is not { } up) return null;
        if (r.At >= down && r.At < up) return (502, "OriginConnectError", 0.2 + _rng.Next(0, 1200) / 1000.0);
        if (r.ForceOriginStatus is null && _maxRequestWorkers is { } mrw && r.At >= mrw && r.At < down && _rng.NextDouble() < 0.3)
            return (504, "OriginCommError", 30 + _rng.Next(0, 900) / 1000.0);
        return null;
    }

    /// <summary>From the incident start until httpd dies, a growing share of requests end in 500.</summary>
    private bool ServerErrorNow(DateTimeOffset t)
    {
        if (_ctx.Down is not { } down || t < _ctx.IncidentStart || t >= down) return false;
        double progress = (t - _ctx.IncidentStart) / (down - _ctx.IncidentStart);
        return _rng.NextDouble() < 0.08 + 0.87 * progress;
    }

    private static void SetEdge(ViewerRequest r, int status, string result, string detail, long body, string type, double taken)
    {
        r.Status = status;
        r.ResultType = result;
        r.DetailedResultType = detail;
        r.BodyBytes = body;
        r.ContentType = type;
        r.TimeTaken = Math.Round(taken, 3);
    }

    /// <summary>The edge addresses that actually reached the origin.</summary>
    public static IEnumerable<string> UsedEdgeAddresses(IEnumerable<ViewerRequest> requests) =>
        requests.Where(r => r.OriginLogged).Select(r => r.EdgeAddress).Distinct().Order(StringComparer.Ordinal);
}
