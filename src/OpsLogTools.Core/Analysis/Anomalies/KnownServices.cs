namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// systemd prints a unit's Description in "Started …"/"Stopped …" lines but its name in failure lines.
/// These are the descriptions shipped by the packages of common distributions, so both kinds of line name
/// the same service. Descriptions not listed are still paired with themselves.
/// </summary>
internal static class KnownServices
{
    private static readonly Dictionary<string, string> ByDescription = new(StringComparer.Ordinal)
    {
        ["The Apache HTTP Server"] = "httpd",
        ["The Apache HTTP Server (prefork MPM)"] = "httpd",
        ["The nginx HTTP and reverse proxy server"] = "nginx",
        ["A high performance web server and a reverse proxy server"] = "nginx",
        ["OpenSSH server daemon"] = "sshd",
        ["Command Scheduler"] = "crond",
        ["System Logging Service"] = "rsyslog",
        ["The PHP FastCGI Process Manager"] = "php-fpm",
        ["MariaDB database server"] = "mariadb",
        ["MariaDB 10.5 database server"] = "mariadb",
        ["MySQL Server"] = "mysqld",
        ["PostgreSQL database server"] = "postgresql",
        ["Postfix Mail Transport Agent"] = "postfix",
        ["amazon-ssm-agent"] = "amazon-ssm-agent",
        ["NTP client/server"] = "chronyd",
        ["Journal Service"] = "systemd-journald",
        ["Login Service"] = "systemd-logind",
    };

    /// <summary>The unit stem for a systemd description, or null when not known.</summary>
    public static string? UnitFor(string description) => ByDescription.GetValueOrDefault(description);

    /// <summary>Names a web server goes by (unit, process, OOM victim).</summary>
    public static bool IsWebServer(string service) =>
        service is "httpd" or "apache2" or "nginx" or "php-fpm";
}
