namespace OpsLogTools.Core.Sample;

/// <summary>A burst of requests for secrets and backups (<c>/.env</c>, <c>/.git/config</c>, ...).</summary>
public sealed record SensitiveFileScanPlan
{
    /// <summary>Whether the scan happens.</summary>
    public bool Enabled { get; init; } = true;
    /// <summary>Its real (viewer) address; null picks one from the seed.</summary>
    public string? Address { get; init; }
    /// <summary>Its User-Agent.</summary>
    public string UserAgent { get; init; } = "Mozilla/5.0 (l9explore/1.2.2)";
    /// <summary>When the burst starts, relative to the incident start.</summary>
    public TimeSpan At { get; init; } = new(-5, -23, 0);
    /// <summary>Paths it asks for, once each in order; null uses a built-in list.</summary>
    public IReadOnlyList<string>? Paths { get; init; }
}
