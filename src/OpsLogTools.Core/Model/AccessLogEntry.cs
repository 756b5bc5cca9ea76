namespace OpsLogTools.Core.Model;

/// <summary>One request from an Apache/nginx access log or a CloudFront standard log.</summary>
public sealed class AccessLogEntry : LogEntry
{
    /// <summary>The address that connected (<c>%h</c>, <c>c-ip</c>). Behind a CDN this is the edge, not the visitor.</summary>
    public string ClientIp { get; init; } = "";

    /// <summary>HTTP method, e.g. GET.</summary>
    public string? Method { get; init; }

    /// <summary>The request path without the query string (URL-decoded for CloudFront).</summary>
    public string? Target { get; init; }

    /// <summary>The query string without the leading '?', or null.</summary>
    public string? Query { get; init; }

    /// <summary>Protocol, e.g. HTTP/1.1.</summary>
    public string? Protocol { get; init; }

    /// <summary>HTTP status; 0 when not logged.</summary>
    public int Status { get; init; }

    /// <summary>Response size in bytes; null for '-'.</summary>
    public long? Bytes { get; init; }

    /// <summary>Referer header, or null for '-'.</summary>
    public string? Referer { get; init; }

    /// <summary>User-Agent header, or null for '-'.</summary>
    public string? UserAgent { get; init; }

    /// <summary>X-Forwarded-For as logged (nginx main format, CloudFront <c>x-forwarded-for</c>), or null.</summary>
    public string? ForwardedFor { get; init; }

    /// <summary>Virtual host (<c>%v</c>, CloudFront <c>cs(Host)</c>), or null.</summary>
    public string? VirtualHost { get; init; }

    /// <summary>CloudFront <c>x-edge-location</c> (e.g. NRT57-P2), or null.</summary>
    public string? EdgeLocation { get; init; }

    /// <summary>CloudFront <c>x-edge-result-type</c> (Hit, Miss, Error, ...), or null.</summary>
    public string? ResultType { get; init; }

    /// <summary>Seconds taken to serve, when logged (CloudFront <c>time-taken</c>), else null.</summary>
    public double? TimeTaken { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Timestamp:yyyy-MM-dd HH:mm:ss zzz} {ClientIp} {Method} {Target} {Status}";
}
