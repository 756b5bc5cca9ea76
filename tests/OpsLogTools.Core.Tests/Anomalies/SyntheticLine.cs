namespace OpsLogTools.Core.Tests.Anomalies;

/// <summary>One line a synthetic host wrote, with its true time and, once planted, the offset its stamp carries.</summary>
internal sealed class SyntheticLine
{
    public required string File { get; init; }
    public required DateTimeOffset True { get; init; }
    public string? Program { get; init; }
    public int? Pid { get; set; }
    public string Message { get; set; } = "";
    public string? Level { get; init; }

    /// <summary>Stamp minus true time (a planted displacement, or buffering jitter).</summary>
    public TimeSpan StampOffset { get; set; }

    /// <summary>Marks lines of a planted displacement, so tests can find their line numbers.</summary>
    public bool Displaced { get; set; }

    // Access-log fields.
    public int Status { get; init; }
    public string? ClientIp { get; init; }
    public string? Target { get; init; }
    public string? ResultType { get; init; }

    /// <summary>1-based line number once rendered.</summary>
    public long LineNumber { get; set; }
}
