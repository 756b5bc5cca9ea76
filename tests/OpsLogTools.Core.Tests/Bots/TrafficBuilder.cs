using System.Net;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Tests.Bots;

/// <summary>
/// Builds the two logs a site behind CloudFront writes for the same traffic, hand-made after the formats' documentation:
/// CloudFront standard-log entries (UTC, c-ip = viewer, x-edge-result-type) and origin access-log entries (host zone,
/// connecting address = an edge, optional X-Forwarded-For). A cache miss appears in both; a hit only in CloudFront's.
/// Keeps the ground truth: how many requests each client made.
/// </summary>
internal sealed class TrafficBuilder
{
    public static readonly TimeSpan HostZone = TimeSpan.FromHours(9);
    public const string Browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/103.0.0.0 Safari/537.36";

    private readonly Random _rng;
    private readonly string[] _edges;
    public readonly List<AccessLogEntry> CloudFront = new();
    public readonly List<AccessLogEntry> Origin = new();
    public readonly Dictionary<string, long> Truth = new(StringComparer.Ordinal);

    public TrafficBuilder(int seed)
    {
        _rng = new Random(seed);
        // Edge addresses inside the shipped CloudFront ranges (130.176.0.0/17, 64.252.64.0/18, 15.158.0.0/16).
        _edges = [$"130.176.{_rng.Next(0, 128)}.{_rng.Next(1, 255)}", $"64.252.{_rng.Next(64, 128)}.{_rng.Next(1, 255)}", $"15.158.{_rng.Next(0, 256)}.{_rng.Next(1, 255)}"];
    }

    public Random Rng => _rng;
    public IReadOnlyList<string> Edges => _edges;

    /// <summary>The origin logs X-Forwarded-For (Apache LogFormat with %{X-Forwarded-For}i).</summary>
    public bool OriginLogsForwardedFor { get; set; } = true;

    /// <summary>A random public IPv4 (or IPv6) address outside CloudFront and special-purpose space.</summary>
    public string PublicAddress(bool v6 = false)
    {
        while (true)
        {
            string text;
            if (v6)
            {
                text = $"2a0{_rng.Next(1, 10)}:{_rng.Next(0x100, 0xffff):x}:{_rng.Next(0, 0xffff):x}::{_rng.Next(1, 0xffff):x}";
            }
            else
            {
                text = $"{_rng.Next(1, 224)}.{_rng.Next(0, 256)}.{_rng.Next(0, 256)}.{_rng.Next(1, 255)}";
            }
            if (IpClassifier.Classify(text, CdnRangeSet.Default) == AddressClass.Public && IPAddress.TryParse(text, out _)) return text;
        }
    }

    /// <summary>One request by <paramref name="client"/> at <paramref name="utc"/> (second resolution, as both logs write).</summary>
    public void Request(string client, DateTimeOffset utc, string method, string path, int status, string? userAgent,
        bool cacheHit = false, string? query = null, string? referer = null, string? resultType = null)
    {
        utc = new DateTimeOffset(utc.UtcTicks - utc.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        Truth[client] = Truth.GetValueOrDefault(client) + 1;
        string edge = _edges[_rng.Next(_edges.Length)];
        CloudFront.Add(new AccessLogEntry
        {
            Format = LogFormat.CloudFront,
            Timestamp = utc,
            ClientIp = client,
            Method = method,
            Target = path,
            Query = query,
            Status = status,
            UserAgent = userAgent,
            Referer = referer,
            EdgeLocation = "NRT57-P2",
            ResultType = resultType ?? (cacheHit ? "Hit" : status >= 500 ? "Error" : "Miss"),
            TimeTaken = 0.2,
        });
        if (cacheHit) return;
        // The origin stamps the arrival of the request, slightly before CloudFront finished answering.
        var originTime = utc.AddSeconds(-_rng.Next(0, 2)).ToOffset(HostZone);
        Origin.Add(new AccessLogEntry
        {
            Format = LogFormat.ApacheCombined,
            Timestamp = originTime,
            ClientIp = edge,
            Method = method,
            Target = path,
            Query = query,
            Status = status,
            UserAgent = userAgent,
            Referer = referer,
            ForwardedFor = OriginLogsForwardedFor ? client : null,
        });
    }

    /// <summary>Both logs, CloudFront first (as a directory listing might give them).</summary>
    public IEnumerable<AccessLogEntry> Both() => CloudFront.Concat(Origin);

    /// <summary>Ordinary readers: pages with their assets, referers, browser user agent, all 200 (some cache hits).</summary>
    public List<string> Readers(int count, DateTimeOffset start, string[] pages)
    {
        var readers = new List<string>();
        for (int i = 0; i < count; i++)
        {
            string ip = PublicAddress(v6: _rng.Next(4) == 0);
            readers.Add(ip);
            var t = start.AddMinutes(_rng.Next(0, 600));
            int pagesRead = _rng.Next(1, 5);
            for (int p = 0; p < pagesRead; p++)
            {
                string page = pages[_rng.Next(pages.Length)];
                Request(ip, t, "GET", page, 200, Browser, cacheHit: _rng.Next(3) == 0, referer: "https://www.google.com/");
                foreach (var asset in new[] { "/css/site.css", "/js/site.js", "/img/logo.png" })
                    Request(ip, t.AddSeconds(1), "GET", asset, 200, Browser, cacheHit: _rng.Next(2) == 0, referer: "https://example.jp" + page);
                t = t.AddSeconds(_rng.Next(20, 300));
            }
        }
        return readers;
    }
}
