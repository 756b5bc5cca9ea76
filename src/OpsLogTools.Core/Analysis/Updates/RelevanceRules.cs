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
        new(["glibc", "glibc-*"], UpdateArea.Clocks,
            "the C library behind every daemon's time zone and clock handling (localtime): running daemons keep the old copy until they restart", [], EveryDaemon: true),
        new(["rsyslog", "rsyslog-*"], UpdateArea.Logging,
            "rsyslog stamps and writes messages, secure and cron; the update restarts it", ["rsyslog"]),
        new(["httpd", "httpd-*", "mod_*", "apr", "apr-util", "apr-util-*", "apr-*"], UpdateArea.WebServer,
            "the web server itself: the new files take effect when httpd restarts", ["httpd"]),
        new(["php-fpm"], UpdateArea.WebServer,
            "PHP's FastCGI server behind the web server: takes effect when php-fpm restarts", ["php-fpm"]),
        new(["php", "php-*", "php7*", "php8*"], UpdateArea.WebServer,
            "PHP runs inside the web server (mod_php) or php-fpm: takes effect when they restart", ["httpd", "php-fpm"]),
        new(["nginx", "nginx-*"], UpdateArea.WebServer,
            "the web server itself: the new files take effect when nginx restarts", ["nginx"]),
        new(["kernel", "kernel-core", "kernel-modules", "kernel-modules-*"], UpdateArea.RestartOrReboot,
            "the new kernel runs only after a reboot", [], NeedsReboot: true),
        new(["systemd", "systemd-*"], UpdateArea.RestartOrReboot,
            "systemd re-executes itself and restarts its own daemons (journald, logind); a reboot completes it", ["systemd-journald"], NeedsReboot: true),
        new(["openssl", "openssl-libs", "openssl11", "openssl11-*"], UpdateArea.RestartOrReboot,
            "the TLS library of httpd, sshd and others: they keep the old copy until they restart", ["httpd", "sshd"]),
    ];

    /// <summary>The first rule that names the package, else null.</summary>
    public static Rule? Find(string name)
    {
        foreach (var rule in All)
            foreach (var pattern in rule.Patterns)
                if (pattern.EndsWith('*') ? name.StartsWith(pattern[..^1], StringComparison.Ordinal) : name.Equals(pattern, StringComparison.Ordinal))
                    return rule;
        return null;
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
