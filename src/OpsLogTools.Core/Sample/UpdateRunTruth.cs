using System.Text.Json.Serialization;

namespace OpsLogTools.Core.Sample;

/// <summary>One package run (a yum transaction as yum.log shows it, an apt record of apt/history.log, or a dnf transaction of dnf.rpm.log), with what started it.</summary>
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

    /// <summary>The package tool (<c>apt</c>, <c>dnf</c>); null for the yum runs of the Amazon Linux 2 host.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Tool { get; init; }
    /// <summary>What started it, as Test-YumUpdateWindow names it (<c>SystemdTimer</c>, <c>Manual</c>); null for yum runs (see <see cref="Schedule"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Trigger { get; init; }
    /// <summary>The user who ran it by hand (apt's Requested-By); null for a timer's run.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? User { get; init; }
    /// <summary>The command line the package tool recorded (apt's Commandline).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Command { get; init; }
    /// <summary>When the timer elapsed (its OnCalendar time, before the random delay); null for other runs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? TimerElapse { get; init; }
    /// <summary>The timer's OnCalendar expression; null for other runs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OnCalendar { get; init; }
    /// <summary>The file holding the run's record (<c>apt/history.log</c>, <c>dnf.rpm.log</c>); null for yum runs (<see cref="YumLogFirstLine"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LogPath { get; init; }
    /// <summary>The record's first line there (apt's Start-Date, dnf's first package line).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? LogFirstLine { get; init; }
    /// <summary>The record's last line there (apt's End-Date, dnf's last package line).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? LogLastLine { get; init; }
}
