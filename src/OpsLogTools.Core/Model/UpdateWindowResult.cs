namespace OpsLogTools.Core.Model;

/// <summary>One update run set against an incident (or on its own when no incident was given): what Test-YumUpdateWindow writes.</summary>
public sealed class UpdateWindowResult
{
    /// <summary>First package line of the run.</summary>
    public DateTimeOffset UpdateStart { get; init; }

    /// <summary>Last package line of the run.</summary>
    public DateTimeOffset UpdateEnd { get; init; }

    /// <summary>Every package the run changed.</summary>
    public IReadOnlyList<PackageChange> Packages { get; init; } = [];

    /// <summary>The packages that could bear on an incident, each with its reason.</summary>
    public IReadOnlyList<RelevantPackage> RelevantPackages { get; init; } = [];

    /// <summary>The cron expression that started the run, other words for timers, or <c>Manual</c>.</summary>
    public string Schedule { get; init; } = "Manual";

    /// <summary>What started the run.</summary>
    public UpdateTrigger Trigger { get; init; }

    /// <summary>Start of the incident, null when none was given.</summary>
    public DateTimeOffset? IncidentStart { get; init; }

    /// <summary>End of the incident (equal to the start for a single instant), null when none was given.</summary>
    public DateTimeOffset? IncidentEnd { get; init; }

    /// <summary>Where the run stands relative to the incident; null when none was given.</summary>
    public UpdateRelation? Relation { get; init; }

    /// <summary>Time between the run and the incident, zero when they touch or overlap; null without an incident.</summary>
    public TimeSpan? Gap { get; init; }

    /// <summary>Restarts (or their absence) of daemons the run touched.</summary>
    public IReadOnlyList<RestartFinding> Restarts { get; init; } = [];

    /// <summary>Remarks that are not about one daemon: why a run has no packages, what the input lacks to tell restarts.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The finding in one line of plain words.</summary>
    public string Verdict { get; init; } = "";

    /// <summary>The run itself, with its source lines and schedule evidence.</summary>
    public UpdateRun Run { get; init; } = new();

    /// <inheritdoc />
    public override string ToString() => Verdict;
}
