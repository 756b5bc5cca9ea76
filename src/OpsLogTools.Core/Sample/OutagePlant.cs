namespace OpsLogTools.Core.Sample;

/// <summary>
/// httpd failing from the incident start: 500s growing, MaxRequestWorkers reached, OOM kills, the service
/// dead until the admin restarts it. CloudFront goes on logging and answers 502/504 meanwhile.
/// </summary>
public sealed record OutagePlant
{
    /// <summary>Whether the outage is planted.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>From the first 500 to httpd's death (SIGKILL of the main process).</summary>
    public TimeSpan DownAfter { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>
    /// Extra page requests per minute from a crowd arriving just before the incident until httpd dies (links shared
    /// with tracking query strings, so each misses the cache and reaches the origin); 0 for none.
    /// </summary>
    public double SurgePerMinute { get; init; } = 8;

    /// <summary>When the admin restarts httpd, relative to the incident start. Default: 11 h 30 min (08:40 next morning).</summary>
    public TimeSpan RestartAfter { get; init; } = new(11, 30, 0);
}
