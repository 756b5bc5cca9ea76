namespace OpsLogTools.Core.Sample;

/// <summary>One yum transaction as yum.log shows it, with what started it.</summary>
public sealed class UpdateRunTruth
{
    /// <summary>First package line (true time, host zone).</summary>
    public DateTimeOffset Start { get; init; }
    /// <summary>Last package line.</summary>
    public DateTimeOffset End { get; init; }
    /// <summary>The cron expression that started it (<c>0 3 * * *</c>), or <c>Manual</c>.</summary>
    public string Schedule { get; init; } = "";
    /// <summary>Packages in yum.log order.</summary>
    public IReadOnlyList<PackageChange> Packages { get; init; } = [];
    /// <summary>First line in yum.log.</summary>
    public long YumLogFirstLine { get; init; }
    /// <summary>Last line in yum.log.</summary>
    public long YumLogLastLine { get; init; }
    /// <summary>When cron (or sudo, for a manual run) started the command.</summary>
    public DateTimeOffset CommandAt { get; init; }
    /// <summary>The file holding the CROND (or sudo) line.</summary>
    public string CommandPath { get; init; } = "";
    /// <summary>Its line number.</summary>
    public long CommandLine { get; init; }
    /// <summary>Whether the run restarted rsyslog (it updated the rsyslog package).</summary>
    public bool RestartedRsyslog { get; init; }
}
