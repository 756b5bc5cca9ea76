namespace OpsLogTools.Core.Sample;

/// <summary>Who sent a viewer request (for the truth; never written).</summary>
internal enum Actor
{
    Visitor,
    Reader,
    NotFoundBurst,
    Prober,
    Scanner,
    Crawler,
}

/// <summary>One request a viewer sends to CloudFront, and what became of it at the edge and the origin.</summary>
internal sealed class ViewerRequest
{
    public required DateTimeOffset At { get; init; }
    public required string ClientIp { get; init; }
    public required string Edge { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }
    public string? Query { get; init; }
    public required string Protocol { get; init; }
    public string? Referer { get; init; }
    public required string UserAgent { get; init; }
    public required Actor Actor { get; init; }
    /// <summary>The browser holds a copy and asks If-Modified-Since.</summary>
    public bool Conditional { get; init; }
    /// <summary>The origin answers this status whatever the path (the outage's first 500).</summary>
    public int? ForceOriginStatus { get; init; }
    public long Seq { get; set; }

    // What the edge did.
    public string ResultType { get; set; } = "";
    public string DetailedResultType { get; set; } = "";
    public int Status { get; set; }
    public long BodyBytes { get; set; }
    public string ContentType { get; set; } = "-";
    public double TimeTaken { get; set; }
    public int ClientPort { get; set; }
    public string RequestId { get; set; } = "";
    public long HeaderBytes { get; set; }
    public long RequestBytes { get; set; }
    /// <summary>CloudFront's date/time field: when the edge finished answering, UTC, whole seconds.</summary>
    public DateTimeOffset LogTime
    {
        get
        {
            long end = At.UtcTicks + (long)(TimeTaken * TimeSpan.TicksPerSecond);
            return new DateTimeOffset(end - end % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        }
    }

    // What the origin logged, when it did.
    public bool OriginLogged { get; set; }
    public DateTimeOffset OriginAt { get; set; }
    public int OriginStatus { get; set; }
    public long OriginBytes { get; set; }
    public string EdgeAddress { get; set; } = "";

    // Where they were written.
    public string? CloudFrontPath { get; set; }
    public long CloudFrontLine { get; set; }
    public string? OriginPath { get; set; }
    public long OriginLine { get; set; }
}
