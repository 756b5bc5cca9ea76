namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>Tolerances for grouping package lines into runs and finding what started them.</summary>
public sealed class UpdateDetectionOptions
{
    /// <summary>Package lines further apart than this belong to different runs. Default 5 minutes.</summary>
    public TimeSpan MaxGap { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long before a run's first package line a cron start or a schedule occurrence still explains it (yum resolves
    /// and downloads before the first package line). Default 10 minutes.
    /// </summary>
    public TimeSpan StartLookback { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long before a run a sudo yum/dnf line still explains it (someone may answer the prompt late). Default 30 minutes.</summary>
    public TimeSpan ManualLookback { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Stamps are whole seconds written by different programs: a start may look this much later than the first package line. Default 1 minute.</summary>
    public TimeSpan Slack { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The defaults.</summary>
    public static UpdateDetectionOptions Default { get; } = new();
}
