namespace OpsLogTools.Core.Model;

/// <summary>A daemon start, stop, reload or a boot seen in systemd, rsyslogd, kernel or Apache lines.</summary>
public sealed class ServiceEvent
{
    /// <summary>The daemon in the admin's words (<c>httpd</c>, <c>rsyslog</c>), or <c>host</c> for a boot.</summary>
    public string Daemon { get; init; } = "";

    /// <summary>What happened.</summary>
    public ServiceEventKind Kind { get; init; }

    /// <summary>Stamp of the line.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>The log the line came from.</summary>
    public string Path { get; init; } = "";

    /// <summary>1-based line number.</summary>
    public long LineNumber { get; init; }

    /// <summary>The line as <c>path:line: stamp program: message</c>.</summary>
    public string Evidence { get; init; } = "";

    /// <summary>
    /// True for needrestart's <c>systemctl restart …</c> line in apt's term log: its time is the stamp the apt session's
    /// <c>Log started</c> banner carries, not the restart's own moment (needrestart restarts at the end of that run).
    /// </summary>
    public bool CarriedStamp { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Time:yyyy-MM-dd HH:mm:ss zzz} {Daemon} {Kind}";
}
