namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>
/// How each daemon shows up in service lines: its systemd unit and description (as <c>Started &lt;description&gt;.</c>
/// or, from systemd 249, <c>Started &lt;unit&gt; - &lt;description&gt;.</c>) and its own start lines. Data, not code:
/// add a row to teach the restart analysis a daemon.
/// </summary>
internal static class DaemonSignatures
{
    /// <summary>A daemon's names and the lines it writes when it starts or stops.</summary>
    internal sealed record Daemon(string Name, string[] Units, string[] Descriptions, LineMark[] Marks);

    /// <summary>A line of the daemon's own: <paramref name="Program"/> (null: any) whose message contains <paramref name="Contains"/>.</summary>
    internal sealed record LineMark(string? Program, string Contains, Model.ServiceEventKind Kind, bool ApacheErrorLog = false);

    /// <summary>The daemon name used for a boot.</summary>
    internal const string Host = "host";

    internal static readonly Daemon[] All =
    [
        new("httpd", ["httpd.service", "apache2.service"], ["The Apache HTTP Server"],
        [
            new(null, "resuming normal operations", Model.ServiceEventKind.Started, ApacheErrorLog: true),
            new(null, "Doing graceful restart", Model.ServiceEventKind.Reloaded, ApacheErrorLog: true),
            new(null, "SIGHUP received", Model.ServiceEventKind.Reloaded, ApacheErrorLog: true),
            new(null, "caught SIGTERM, shutting down", Model.ServiceEventKind.Stopped, ApacheErrorLog: true),
            new(null, "caught SIGWINCH, shutting down gracefully", Model.ServiceEventKind.Stopped, ApacheErrorLog: true),
        ]),
        new("rsyslog", ["rsyslog.service"], ["System Logging Service"],
        [
            new("rsyslogd", "] start", Model.ServiceEventKind.Started),
            new("rsyslogd", "exiting on signal", Model.ServiceEventKind.Stopped),
            new("rsyslogd", "rsyslogd was HUPed", Model.ServiceEventKind.Reloaded),
        ]),
        new("sshd", ["sshd.service", "ssh.service"], ["OpenSSH server daemon", "OpenBSD Secure Shell server"],
        [
            new("sshd", "Server listening on", Model.ServiceEventKind.Started),
        ]),
        new("crond", ["crond.service", "cron.service"], ["Command Scheduler", "Regular background program processing daemon"],
        [
            new("crond", "(CRON) STARTUP", Model.ServiceEventKind.Started),
        ]),
        new("nginx", ["nginx.service"], ["The nginx HTTP and reverse proxy server", "A high performance web server and a reverse proxy server"], []),
        new("php-fpm", ["php-fpm.service", "php8.2-fpm.service", "php8.1-fpm.service", "php8.3-fpm.service", "php7.4-fpm.service"],
            ["The PHP FastCGI Process Manager", "The PHP 8.2 FastCGI Process Manager", "The PHP 8.1 FastCGI Process Manager",
             "The PHP 8.3 FastCGI Process Manager", "The PHP 7.4 FastCGI Process Manager"], []),
        new("chronyd", ["chronyd.service", "chrony.service"], ["NTP client/server", "chrony, an NTP client/server"],
        [
            new("chronyd", "chronyd version", Model.ServiceEventKind.Started),
        ]),
        new("ntpd", ["ntp.service", "ntpd.service", "ntpsec.service"], ["Network Time Service", "Network Time Service (ntpsec)"], []),
        new("systemd-timesyncd", ["systemd-timesyncd.service"], ["Network Time Synchronization"], []),
        new("systemd-journald", ["systemd-journald.service"], ["Journal Service"], []),
    ];

    /// <summary>Finds a daemon by name.</summary>
    internal static Daemon? Find(string name)
    {
        foreach (var d in All)
            if (d.Name.Equals(name, StringComparison.Ordinal)) return d;
        return null;
    }
}
