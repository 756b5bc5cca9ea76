namespace OpsLogTools.Core.Sample;

/// <summary>Ordinary visitors: pages and their assets, IPv4 and IPv6, now and then a mistyped address.</summary>
public sealed record VisitorPlan
{
    /// <summary>Page views per hour, averaged over the day (busier in the evening, quieter at night).</summary>
    public double PageViewsPerHour { get; init; } = 5;
    /// <summary>Share of visitors that come over IPv6.</summary>
    public double Ipv6Share { get; init; } = 0.25;
    /// <summary>Share of page views that ask for a mistyped path (404).</summary>
    public double TypoRate { get; init; } = 0.02;
    /// <summary>Whether one human follows a handful of dead links in a minute (a 404 burst that is not a scanner).</summary>
    public bool NotFoundBurst { get; init; } = true;
    /// <summary>When that burst happens, relative to the incident start.</summary>
    public TimeSpan NotFoundBurstAt { get; init; } = new(-9, -37, 0);
}
