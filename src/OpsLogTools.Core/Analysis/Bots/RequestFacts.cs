using System.Runtime.CompilerServices;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// The fields of one request that bot detection needs, as a struct: a fast reader can fill it from parsed field
/// values and feed <see cref="BotDetector.Add(in RequestFacts)"/> without building an <see cref="AccessLogEntry"/>.
/// </summary>
public readonly struct RequestFacts
{
    /// <summary>When the request was logged.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>
    /// The address that connected: CloudFront <c>c-ip</c>, Apache <c>%h</c>. Null only in the fast reader's lean facts,
    /// where <see cref="ConnectingIpv4"/> carries it.
    /// </summary>
    public string ConnectingIp { get; init; }

    /// <summary>X-Forwarded-For (or CloudFront-Viewer-Address) as logged, or null.</summary>
    public string? ForwardedFor { get; init; }

    /// <summary>HTTP method.</summary>
    public string? Method { get; init; }

    /// <summary>Request path without the query.</summary>
    public string Path { get; init; }

    /// <summary>Query without '?', or null.</summary>
    public string? Query { get; init; }

    /// <summary>HTTP status (0 when not logged).</summary>
    public int Status { get; init; }

    /// <summary>
    /// Response size in bytes as logged (Apache <c>%b</c>, CloudFront <c>sc-bytes</c>), -1 when not logged. Facts made
    /// without it say 0: no body, so nothing is learned from their size.
    /// </summary>
    public long Bytes { get; init; }

    /// <summary>User-Agent, or null.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Referer, or null.</summary>
    public string? Referer { get; init; }

    /// <summary>True for a CloudFront standard-log line; false for an origin access log.</summary>
    public bool IsCloudFront { get; init; }

    /// <summary>CloudFront <c>x-edge-result-type</c> (Hit, Miss, Error, ...), or null.</summary>
    public string? ResultType { get; init; }

    /// <summary>CloudFront <c>time-taken</c> in seconds, or null.</summary>
    public double? TimeTaken { get; init; }

    /// <summary>
    /// The connecting address as a number when a fast reader found it written as a canonical IPv4 address, else 0: the
    /// detector finds a known client by it without hashing or comparing text.
    /// </summary>
    internal uint ConnectingIpv4 { get; init; }

    /// <summary>
    /// <see cref="Path"/>'s hash code, taken where the facts are made (a fast reader's worker thread) so the detector's
    /// thread does not hash the text for each request; 0 when not taken. Only a cache's slot depends on it: the
    /// detector finds a path by its text.
    /// </summary>
    internal int PathHash { get; init; }

    /// <summary>The facts of a parsed access-log entry.</summary>
    public static RequestFacts From(AccessLogEntry entry) => Create(entry.Timestamp, entry.ClientIp, entry.ForwardedFor, entry.Method,
        entry.Target, entry.Query, entry.Status, entry.UserAgent, entry.Referer, entry.Format == LogFormat.CloudFront, entry.ResultType, entry.TimeTaken,
        entry.Bytes ?? -1);

    /// <summary>
    /// The facts from field values as a parser decodes them. The one place a target is split: a '?' left in the target
    /// (CloudFront writes an encoded one in <c>cs-uri-stem</c>) starts the query, so every reader agrees.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static RequestFacts Create(DateTimeOffset timestamp, string clientIp, string? forwardedFor, string? method, string? target,
        string? query, int status, string? userAgent, string? referer, bool isCloudFront, string? resultType, double? timeTaken, long bytes = -1)
    {
        string path = target ?? "";
        int q = path.IndexOf('?');
        if (q >= 0)
        {
            query ??= path[(q + 1)..];
            path = path[..q];
        }
        return new RequestFacts
        {
            Timestamp = timestamp,
            ConnectingIp = clientIp,
            ForwardedFor = forwardedFor,
            Method = method,
            Path = path,
            PathHash = path.GetHashCode(),
            Query = query,
            Status = status,
            Bytes = bytes,
            UserAgent = userAgent,
            Referer = referer,
            IsCloudFront = isCloudFront,
            ResultType = resultType,
            TimeTaken = timeTaken,
        };
    }
}
