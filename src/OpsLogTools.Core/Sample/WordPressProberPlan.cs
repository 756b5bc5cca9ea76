namespace OpsLogTools.Core.Sample;

/// <summary>A slow bot probing WordPress paths about once a minute on a site that has no WordPress.</summary>
public sealed record WordPressProberPlan
{
    /// <summary>Whether the prober runs.</summary>
    public bool Enabled { get; init; } = true;
    /// <summary>Its real (viewer) address; null picks one from the seed.</summary>
    public string? Address { get; init; }
    /// <summary>Its User-Agent (a browser it pretends to be).</summary>
    public string UserAgent { get; init; } = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/103.0.5060.114 Safari/537.36";
    /// <summary>Mean time between requests.</summary>
    public TimeSpan MeanInterval { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Each interval is the mean plus or minus up to this much.</summary>
    public TimeSpan Jitter { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>When it starts, relative to the incident start.</summary>
    public TimeSpan Start { get; init; } = TimeSpan.FromHours(-16);
    /// <summary>When it stops, relative to the incident start; null: at the end of the logs.</summary>
    public TimeSpan? End { get; init; }
    /// <summary>Paths it tries (with query strings where it sends one); null uses a built-in list.</summary>
    public IReadOnlyList<string>? Paths { get; init; }
}
