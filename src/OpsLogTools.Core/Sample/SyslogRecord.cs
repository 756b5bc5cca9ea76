namespace OpsLogTools.Core.Sample;

/// <summary>One line rsyslog writes, before its stamp is decided and its PIDs are numbered.</summary>
internal sealed class SyslogRecord
{
    public required DateTimeOffset True { get; init; }
    public required SyslogFile File { get; init; }
    /// <summary>The tag without PID (<c>sshd</c>, <c>run-parts(/etc/cron.hourly)</c>, <c>systemd</c>).</summary>
    public required string Program { get; init; }
    /// <summary>The process whose PID goes in brackets after the tag, or null for none.</summary>
    public Numbered? Process { get; init; }
    /// <summary>Builds the message once PIDs and sessions are numbered.</summary>
    public required Func<string> Message { get; init; }
    public long Seq { get; set; }

    // Filled in while writing.
    public int PlantIndex { get; set; } = -1;
    public DateTimeOffset Stamped { get; set; }
    public string? WrittenPath { get; set; }
    public long WrittenLine { get; set; }
}
