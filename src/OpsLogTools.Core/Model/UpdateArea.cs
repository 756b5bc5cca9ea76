namespace OpsLogTools.Core.Model;

/// <summary>Which part of the host an updated package bears on.</summary>
public enum UpdateArea
{
    /// <summary>Time zones and clocks of running daemons (tzdata, glibc).</summary>
    Clocks,
    /// <summary>How logs are stamped and written (rsyslog).</summary>
    Logging,
    /// <summary>The web server itself (httpd, apr, mod_*, php); takes effect when it restarts.</summary>
    WebServer,
    /// <summary>Takes effect only after a restart or a reboot (kernel, systemd, openssl).</summary>
    RestartOrReboot,
}
