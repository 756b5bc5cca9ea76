using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>Places a line in a part of the host (web, auth, cron, ...) from its format and program, and words its message.</summary>
internal static class EventCategories
{
    private static readonly Dictionary<string, TimelineCategory> Programs = new(StringComparer.OrdinalIgnoreCase)
    {
        ["kernel"] = TimelineCategory.Kernel,
        ["sshd"] = TimelineCategory.Auth,
        ["sudo"] = TimelineCategory.Auth,
        ["su"] = TimelineCategory.Auth,
        ["login"] = TimelineCategory.Auth,
        ["systemd-logind"] = TimelineCategory.Auth,
        ["passwd"] = TimelineCategory.Auth,
        ["useradd"] = TimelineCategory.Auth,
        ["usermod"] = TimelineCategory.Auth,
        ["groupadd"] = TimelineCategory.Auth,
        ["unix_chkpwd"] = TimelineCategory.Auth,
        ["polkitd"] = TimelineCategory.Auth,
        ["crond"] = TimelineCategory.Cron,
        ["cron"] = TimelineCategory.Cron,
        ["anacron"] = TimelineCategory.Cron,
        ["run-parts"] = TimelineCategory.Cron,
        ["yum"] = TimelineCategory.Package,
        ["dnf"] = TimelineCategory.Package,
        ["rpm"] = TimelineCategory.Package,
        ["yum-cron"] = TimelineCategory.Package,
        ["dnf-automatic"] = TimelineCategory.Package,
        ["packagekitd"] = TimelineCategory.Package,
        ["httpd"] = TimelineCategory.WebServer,
        ["nginx"] = TimelineCategory.WebServer,
    };

    public static TimelineCategory Of(LogEntry e) => e.Format switch
    {
        LogFormat.CloudFront => TimelineCategory.Cdn,
        LogFormat.ApacheCommon or LogFormat.ApacheCombined or LogFormat.ApacheVhostCombined or LogFormat.NginxAccess => TimelineCategory.Web,
        LogFormat.ApacheError22 or LogFormat.ApacheError24 or LogFormat.NginxError => TimelineCategory.WebServer,
        LogFormat.Yum or LogFormat.Dnf or LogFormat.DnfRpm or LogFormat.Dpkg or LogFormat.AptHistory or LogFormat.AptTerm
            or LogFormat.UnattendedUpgrades or LogFormat.Alternatives => TimelineCategory.Package,
        LogFormat.Syslog or LogFormat.SyslogIso or LogFormat.JournalJson or LogFormat.JournalShortIso or LogFormat.Journal or LogFormat.JournalExport => OfProgram(e.Program),
        _ => TimelineCategory.Other,
    };

    private static TimelineCategory OfProgram(string? program)
    {
        if (program is null) return TimelineCategory.System;
        if (Programs.TryGetValue(program, out var c)) return c;
        // pam_unix(sshd:session) and friends are written under the service's own name; the rest are daemons.
        return TimelineCategory.System;
    }

    /// <summary>The message to show: for a request, who asked for what and the answer; else the message as written.</summary>
    public static string MessageOf(LogEntry e)
    {
        if (e is not AccessLogEntry a) return e.Message;
        string target = a.Query is null ? a.Target ?? "" : $"{a.Target}?{a.Query}";
        string method = a.Method ?? "-";
        return a.Target is null ? $"{a.ClientIp} \"{a.Message}\" {a.Status}" : $"{a.ClientIp} {method} {target} {a.Status}";
    }
}
