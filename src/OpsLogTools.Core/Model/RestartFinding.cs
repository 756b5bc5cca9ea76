namespace OpsLogTools.Core.Model;

/// <summary>Whether a daemon touched by an update was restarted (or the host rebooted) after it, and when.</summary>
public sealed class RestartFinding
{
    /// <summary>The daemon (<c>httpd</c>, <c>rsyslog</c>) or <c>host</c> when a reboot is what counts (kernel).</summary>
    public string Daemon { get; init; } = "";

    /// <summary>The updated package that makes the restart matter.</summary>
    public string Package { get; init; } = "";

    /// <summary>When the update run began.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The first start (or boot) after the update, else null.</summary>
    public DateTimeOffset? RestartedAt { get; init; }

    /// <summary>True when the restart came while the update ran (a package scriptlet restarted it).</summary>
    public bool ByTheUpdate { get; init; }

    /// <summary>With an incident: true when it was restarted before the incident began, false when not; null without an incident.</summary>
    public bool? RestartedBeforeIncident { get; init; }

    /// <summary>The line that shows the restart, else null.</summary>
    public string? Evidence { get; init; }

    /// <summary>The finding in one sentence.</summary>
    public string Text { get; init; } = "";

    /// <inheritdoc />
    public override string ToString() => Text;
}
