namespace OpsLogTools.Core.Model;

/// <summary>
/// One line (or frame) of a log, with its provenance and the stamp exactly as written.
/// Access-log lines are <see cref="AccessLogEntry"/>.
/// </summary>
public class LogEntry
{
    /// <summary>Full path of the file the line came from (for a rotated set, the member file).</summary>
    public string Path { get; init; } = "";

    /// <summary>1-based line number in the (decompressed) file.</summary>
    public long LineNumber { get; init; }

    /// <summary>The format the line was parsed as.</summary>
    public LogFormat Format { get; init; }

    /// <summary>The stamp as an instant. For yearless or zoneless stamps, year and zone were inferred (see <see cref="TimeBasis"/>).</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The stamp exactly as written in the line.</summary>
    public string StampText { get; init; } = "";

    /// <summary>Host name written in the line (syslog, journal), else null.</summary>
    public string? HostName { get; init; }

    /// <summary>Program / tag (syslog <c>prog[pid]:</c>, journal <c>SYSLOG_IDENTIFIER</c>, error-log module), else null.</summary>
    public string? Program { get; init; }

    /// <summary>Process id when the line carries one.</summary>
    public int? ProcessId { get; init; }

    /// <summary>Severity or level when the format has one (<c>error</c>, <c>notice</c>, <c>DEBUG</c>), else null.</summary>
    public string? Level { get; init; }

    /// <summary>The message text (for access logs, the request line).</summary>
    public string Message { get; init; } = "";

    /// <summary>How the year and zone of <see cref="Timestamp"/> were chosen, e.g. <c>written</c> or <c>year 2022 from bundle (access_log); zone +09:00 from bundle</c>.</summary>
    public string TimeBasis { get; init; } = "written";

    /// <inheritdoc />
    public override string ToString() => $"{Timestamp:yyyy-MM-dd HH:mm:ss zzz} {Program} {Message}";
}
