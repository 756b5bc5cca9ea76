namespace OpsLogTools.Core.Model;

/// <summary>What part of the host a <see cref="TimelineEvent"/> comes from, in an admin's words.</summary>
public enum TimelineCategory
{
    /// <summary>Anything not placed below.</summary>
    Other,
    /// <summary>A request in the web server's access log.</summary>
    Web,
    /// <summary>The web server's own messages (Apache or nginx error log).</summary>
    WebServer,
    /// <summary>A request the CDN (CloudFront) logged.</summary>
    Cdn,
    /// <summary>Logins, sudo, sshd and other authentication lines.</summary>
    Auth,
    /// <summary>cron and anacron jobs.</summary>
    Cron,
    /// <summary>Package changes (yum, dnf, rpm).</summary>
    Package,
    /// <summary>The kernel (OOM kills, hardware, boots).</summary>
    Kernel,
    /// <summary>systemd and the other system daemons.</summary>
    System,
}
