namespace OpsLogTools.Core.Sample;

/// <summary>One planted bot, counted from what was written.</summary>
public sealed class BotTruth
{
    /// <summary>What it is.</summary>
    public PlantedBotKind Kind { get; init; }
    /// <summary>Its real address (CloudFront <c>c-ip</c>).</summary>
    public string Address { get; init; } = "";
    /// <summary>Its User-Agent as sent.</summary>
    public string UserAgent { get; init; } = "";
    /// <summary>Its requests: exactly its lines in the CloudFront logs.</summary>
    public int Requests { get; init; }
    /// <summary>How many of them reached the origin's access log.</summary>
    public int ForwardedToOrigin { get; init; }
    /// <summary>First request (CloudFront time, UTC, to the second).</summary>
    public DateTimeOffset FirstSeen { get; init; }
    /// <summary>Last request.</summary>
    public DateTimeOffset LastSeen { get; init; }
    /// <summary>Distinct paths (without query), in the order first asked.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];
    /// <summary>CloudFront statuses and how often each was answered.</summary>
    public IReadOnlyDictionary<string, int> StatusCounts { get; init; } = new Dictionary<string, int>();
}
