namespace OpsLogTools.Core.Sample;

/// <summary>A run of NUL bytes in <c>messages</c>, as an unclean shutdown leaves.</summary>
public sealed record NulRunPlant
{
    /// <summary>Whether the NUL run is planted.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// When more lines follow, the NULs are written just before the first line at or after <see cref="At"/>
    /// (that line begins with them). When none follow, the NULs end the current <c>messages</c> file and <see cref="At"/> is ignored.
    /// </summary>
    public bool FollowedByLines { get; init; } = true;

    /// <summary>Where the run goes, relative to the incident start (true time). Default: 26 hours before it.</summary>
    public TimeSpan At { get; init; } = TimeSpan.FromHours(-26);

    /// <summary>Number of NUL bytes; 0 picks a few KB from the seed.</summary>
    public int Length { get; init; }
}
