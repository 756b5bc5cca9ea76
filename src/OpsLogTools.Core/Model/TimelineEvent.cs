namespace OpsLogTools.Core.Model;

/// <summary>
/// One line of the host's merged timeline (<c>Get-LogTimeline</c>): placed at its true time, with the stamp as
/// written and the offset that was taken off it when the line lay in a displaced stretch.
/// </summary>
public sealed class TimelineEvent
{
    /// <summary>Best estimate of when the line was really written: the stamp minus <see cref="OffsetSeconds"/>.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>The stamp as written (year and zone as the reader resolved them).</summary>
    public DateTimeOffset StampedTime { get; init; }

    /// <summary>Stamped minus true time, in seconds: 0 unless the line lay in a displaced stretch.</summary>
    public double OffsetSeconds { get; init; }

    /// <summary>The file the line came from.</summary>
    public string Path { get; init; } = "";

    /// <summary>1-based line number in the (decompressed) file.</summary>
    public long LineNumber { get; init; }

    /// <summary>What part of the host the line comes from.</summary>
    public TimelineCategory Category { get; init; }

    /// <summary>Program / tag (syslog <c>prog[pid]:</c>, error-log module), else null.</summary>
    public string? Program { get; init; }

    /// <summary>The message (for access logs: client, request and status).</summary>
    public string Message { get; init; } = "";

    /// <summary>The format the line was read as.</summary>
    public LogFormat Format { get; init; }

    /// <summary>Host name written in the line (syslog, journal), else null.</summary>
    public string? HostName { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Time:yyyy-MM-dd HH:mm:ss zzz} {Category} {Program} {Message}";
}
