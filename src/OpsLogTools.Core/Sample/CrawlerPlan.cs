namespace OpsLogTools.Core.Sample;

/// <summary>A polite search-engine crawler: robots.txt first, then pages spaced minutes apart.</summary>
public sealed record CrawlerPlan
{
    /// <summary>Whether the crawler visits.</summary>
    public bool Enabled { get; init; } = true;
    /// <summary>Its address; null picks one in Googlebot's range (or bingbot's, when the agent says bingbot).</summary>
    public string? Address { get; init; }
    /// <summary>Its User-Agent.</summary>
    public string UserAgent { get; init; } = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    /// <summary>When the visit starts, relative to the incident start.</summary>
    public TimeSpan Start { get; init; } = TimeSpan.FromHours(-30);
    /// <summary>Number of requests including robots.txt.</summary>
    public int Requests { get; init; } = 24;
    /// <summary>Mean time between requests.</summary>
    public TimeSpan MeanInterval { get; init; } = TimeSpan.FromMinutes(7);
}
