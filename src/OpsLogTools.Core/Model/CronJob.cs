namespace OpsLogTools.Core.Model;

/// <summary>One job line of a crontab (/etc/crontab, /etc/cron.d/*, a user crontab or <c>crontab -l</c> output).</summary>
public sealed class CronJob
{
    /// <summary>The schedule as written: five fields (<c>0 3 * * *</c>) or a macro (<c>@daily</c>, <c>@reboot</c>).</summary>
    public string Schedule { get; init; } = "";

    /// <summary>The user the job runs as: the user field of a system crontab, the owner of a spool file, else null.</summary>
    public string? User { get; init; }

    /// <summary>The command as written (cron turns an unescaped <c>%</c> into a newline of standard input).</summary>
    public string Command { get; init; } = "";

    /// <summary>The crontab the line came from.</summary>
    public string Path { get; init; } = "";

    /// <summary>1-based line number in <see cref="Path"/>.</summary>
    public long LineNumber { get; init; }

    /// <summary>The line as written, for evidence.</summary>
    public string Line { get; init; } = "";

    /// <summary>The zone from a <c>CRON_TZ=</c> line above the job, else null (the host's zone).</summary>
    public string? TimeZoneId { get; init; }

    /// <summary>How sure we are that the job updates packages.</summary>
    public UpdateJobMatch UpdateMatch { get; init; }

    /// <summary>What kind of update the job runs (<see cref="UpdateTrigger.Cron"/>, <see cref="UpdateTrigger.YumCron"/>, ...), when it is one.</summary>
    public UpdateTrigger? UpdateKind { get; init; }

    /// <summary>True when the command certainly runs a package update.</summary>
    public bool IsUpdateJob => UpdateMatch == UpdateJobMatch.Certain;

    /// <summary>True for <c>@reboot</c> jobs, which have no clock schedule.</summary>
    public bool IsReboot => Schedule.Equals("@reboot", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The parsed schedule: empty for @reboot or a schedule Cronos could not read. Two expressions when both day fields
    /// are restricted, because cron then fires on either (crontab(5)) while Cronos wants both.
    /// </summary>
    internal Cronos.CronExpression[] Expressions { get; init; } = [];

    /// <summary>
    /// The latest time at or before <paramref name="instant"/> the schedule fired, evaluated in <paramref name="zone"/>
    /// (or in the job's <c>CRON_TZ</c> when that names a known zone); null for @reboot or when it never fired in the year before.
    /// </summary>
    public DateTimeOffset? LastOccurrenceAtOrBefore(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var z = zone;
        if (TimeZoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId, out var tz)) z = tz;
        DateTimeOffset? latest = null;
        foreach (var expression in Expressions)
        {
            DateTimeOffset? previous;
            try
            {
                previous = expression.GetPreviousOccurrence(instant, z, inclusive: true);
            }
            catch (ArgumentException)
            {
                // Instants at the edge of the calendar (a corrupt stamp) have no previous occurrence worth reporting.
                continue;
            }
            if (previous is { } p && (latest is null || p > latest)) latest = p;
        }
        if (latest is null || instant - latest.Value > TimeSpan.FromDays(366)) return null;
        return latest.Value.ToOffset(instant.Offset);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Schedule} {(User is null ? "" : User + " ")}{Command}";
}
