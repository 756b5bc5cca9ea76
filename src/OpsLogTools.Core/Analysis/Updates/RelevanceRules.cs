using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>
/// Which updated packages can bear on an incident and why: one row per family of packages, first match wins.
/// A pattern is a package name, or a prefix ending in <c>*</c>. <see cref="Rule.Daemons"/> are the daemons whose
/// restart makes the update take effect; <see cref="Rule.EveryDaemon"/> means every running daemon (tzdata, glibc);
/// <see cref="Rule.NeedsReboot"/> means only a boot completes it.
/// </summary>
internal static class RelevanceRules
{
    internal sealed record Rule(string[] Patterns, UpdateArea Area, string Reason, string[] Daemons, bool EveryDaemon = false, bool NeedsReboot = false);

    internal static readonly Rule[] All =
    [
        new(["tzdata", "tzdata-*"], UpdateArea.Clocks,
            "time zone rules: daemons already running keep the old rules until they restart", [], EveryDaemon: true),
        new(["glibc", "glibc-*", "libc6", "libc6-*", "libc-bin"], UpdateArea.Clocks,
            "the C library behind every daemon's time zone and clock handling (localtime): running daemons keep the old copy until they restart", [], EveryDaemon: true),
        new(["rsyslog", "rsyslog-*"], UpdateArea.Logging,
            "rsyslog stamps and writes messages, secure and cron; the update restarts it", ["rsyslog"]),
        new(["chrony", "ntp", "ntpsec", "ntpdate", "systemd-timesyncd"], UpdateArea.Clocks,
            "the daemon that keeps the system clock right: while it restarts, or with a new configuration, the clock can step", ["chronyd", "ntpd", "systemd-timesyncd"]),
        new(["httpd", "httpd-*", "mod_*", "apr", "apr-util", "apr-util-*", "apr-*", "apache2", "apache2-*", "libapache2-mod-*", "libapr1*", "libaprutil1*"], UpdateArea.WebServer,
            "the web server itself: the new files take effect when Apache restarts", ["httpd"]),
        new(["php*-fpm"], UpdateArea.WebServer,
            "PHP's FastCGI server behind the web server: takes effect when php-fpm restarts", ["php-fpm"]),
        new(["php-fpm"], UpdateArea.WebServer,
            "PHP's FastCGI server behind the web server: takes effect when php-fpm restarts", ["php-fpm"]),
        new(["php", "php-*", "php7*", "php8*"], UpdateArea.WebServer,
            "PHP runs inside the web server (mod_php) or php-fpm: takes effect when they restart", ["httpd", "php-fpm"]),
        new(["nginx", "nginx-*", "libnginx-mod-*"], UpdateArea.WebServer,
            "the web server itself: the new files take effect when nginx restarts", ["nginx"]),
        new(["kernel", "kernel-core", "kernel-modules", "kernel-modules-*", "kernel6.*", "linux-image-*"], UpdateArea.RestartOrReboot,
            "the new kernel runs only after a reboot", [], NeedsReboot: true),
        new(["systemd", "systemd-*"], UpdateArea.RestartOrReboot,
            "systemd re-executes itself and restarts its own daemons (journald, logind); a reboot completes it", ["systemd-journald"], NeedsReboot: true),
        new(["openssh", "openssh-server", "openssh-sftp-server"], UpdateArea.RestartOrReboot,
            "the ssh server: new connections get the new sshd; the listening daemon keeps the old one until it restarts", ["sshd"]),
        new(["openssl", "openssl-libs", "openssl11", "openssl11-*", "libssl3", "libssl1.1", "libssl3t64"], UpdateArea.RestartOrReboot,
            "the TLS library of httpd, sshd and others: they keep the old copy until they restart", ["httpd", "sshd"]),
    ];

    /// <summary>The first rule that names the package, else null.</summary>
    public static Rule? Find(string name)
    {
        foreach (var rule in All)
            foreach (var pattern in rule.Patterns)
                if (Matches(pattern, name)) return rule;
        return null;
    }

    // A pattern is a name, a prefix ending in '*', or one '*' between a prefix and a suffix (php*-fpm: php8.2-fpm).
    private static bool Matches(string pattern, string name)
    {
        int star = pattern.IndexOf('*');
        if (star < 0) return name.Equals(pattern, StringComparison.Ordinal);
        string prefix = pattern[..star], suffix = pattern[(star + 1)..];
        return name.Length >= prefix.Length + suffix.Length && name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(suffix, StringComparison.Ordinal);
    }

    /// <summary>The changed packages that could bear on an incident, each with its reason. Erased packages count too: a removal can break a daemon.</summary>
    public static IReadOnlyList<RelevantPackage> Select(IEnumerable<PackageChange> packages)
    {
        var result = new List<RelevantPackage>();
        foreach (var p in packages)
            if (Find(p.Name) is { } rule)
                result.Add(new RelevantPackage { Package = p, Reason = rule.Reason, Area = rule.Area });
        return result;
    }
}
