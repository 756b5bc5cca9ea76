namespace OpsLogTools.Core.Model;

/// <summary>
/// One package-manager transaction, with what started it: package lines close together in yum.log, dnf.rpm.log or
/// dpkg.log, or one record of apt's history.log (with the dpkg.log lines of the same run folded into it).
/// A cron job that started yum but left no package line is also a run, with no packages and a <see cref="Note"/>.
/// </summary>
public sealed class UpdateRun
{
    /// <summary>Stamp of the first package line (for a run with no packages, when cron started the command).</summary>
    public DateTimeOffset Start { get; init; }

    /// <summary>Stamp of the last package line (for an apt history record, its End-Date).</summary>
    public DateTimeOffset End { get; init; }

    /// <summary>The packages installed, updated or erased, in log order.</summary>
    public IReadOnlyList<PackageChange> Packages { get; init; } = [];

    /// <summary><c>yum</c>, <c>dnf</c>, <c>apt</c> (apt's history.log) or <c>dpkg</c> (dpkg.log with no apt record around it).</summary>
    public string Tool { get; init; } = "yum";

    /// <summary>The log the package lines came from (for a run with no packages, the cron log).</summary>
    public string Path { get; init; } = "";

    /// <summary>Line number of the first package line in <see cref="Path"/>.</summary>
    public long FirstLine { get; init; }

    /// <summary>Line number of the last package line in <see cref="Path"/>.</summary>
    public long LastLine { get; init; }

    /// <summary>What started the run.</summary>
    public UpdateTrigger Trigger { get; init; }

    /// <summary>The cron expression or macro that started it (<c>0 3 * * *</c>), other words for timers, or <c>Manual</c>.</summary>
    public string Schedule { get; init; } = "Manual";

    /// <summary>The command that started it when a log or crontab line shows it (<c>yum -y update</c>), else null.</summary>
    public string? Command { get; init; }

    /// <summary>
    /// Who ran it, where a log says: apt's <c>Requested-By</c>, the user of a sudo line, the crontab's or cron line's user;
    /// else null.
    /// </summary>
    public string? User { get; init; }

    /// <summary>Lines an admin can check: the cron log line and the crontab line as <c>path:line: text</c>, or a sudo line.</summary>
    public IReadOnlyList<string> ScheduleEvidence { get; init; } = [];

    /// <summary>Anything worth knowing about the run (a run with no packages says why), else null.</summary>
    public string? Note { get; init; }

    /// <summary>True when the run changed no package (cron started yum and nothing followed).</summary>
    public bool IsEmpty => Packages.Count == 0;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Start:yyyy-MM-dd HH:mm:ss zzz} {Tool} {Packages.Count} package(s) ({Trigger}, {Schedule})";
}
