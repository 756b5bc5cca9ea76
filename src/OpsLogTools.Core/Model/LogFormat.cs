namespace OpsLogTools.Core.Model;

/// <summary>The log formats the readers recognise. Detected from content, never from the file name.</summary>
public enum LogFormat
{
    /// <summary>Not recognised.</summary>
    Unknown = 0,
    /// <summary>RFC 3164 / rsyslog traditional file format: <c>Jul 19 21:10:03 host prog[pid]: msg</c> (no year, no zone).</summary>
    Syslog,
    /// <summary>RFC 5424 or rsyslog's high-precision ISO stamp: <c>2022-07-19T21:10:03.123456+09:00 host prog[pid]: msg</c>.</summary>
    SyslogIso,
    /// <summary>Apache/nginx Common Log Format.</summary>
    ApacheCommon,
    /// <summary>Apache/nginx combined (common plus referer and user agent).</summary>
    ApacheCombined,
    /// <summary>Apache vhost_combined (<c>host:port</c> before the combined fields).</summary>
    ApacheVhostCombined,
    /// <summary>nginx's default <c>main</c> access format (combined plus <c>"$http_x_forwarded_for"</c>).</summary>
    NginxAccess,
    /// <summary>Apache 2.2 error_log: <c>[Tue Jul 19 21:10:03 2022] [error] [client 1.2.3.4] msg</c>.</summary>
    ApacheError22,
    /// <summary>Apache 2.4 error_log: <c>[Tue Jul 19 21:10:03.123456 2022] [mpm_prefork:error] [pid 123] msg</c>.</summary>
    ApacheError24,
    /// <summary>nginx error.log: <c>2022/07/19 21:10:03 [error] 123#0: *1 msg</c>.</summary>
    NginxError,
    /// <summary>yum.log: <c>Jul 20 03:00:12 Updated: tzdata-2022a-1.amzn2.noarch</c> (no year, no zone).</summary>
    Yum,
    /// <summary>dnf.log / dnf.librepo.log: <c>2022-07-20T03:00:12+0000 DEBUG msg</c>.</summary>
    Dnf,
    /// <summary>dnf.rpm.log: <c>2022-07-20T03:00:12+0000 SUBDEBUG Upgrade: tzdata-2022a-1.noarch</c>.</summary>
    DnfRpm,
    /// <summary>CloudFront standard (access) logs, tab-separated, driven by the <c>#Fields</c> line, UTC.</summary>
    CloudFront,
    /// <summary><c>journalctl -o json</c> export, one JSON object a line.</summary>
    JournalJson,
    /// <summary><c>journalctl -o short-iso</c> export.</summary>
    JournalShortIso,
    /// <summary>systemd's binary journal file (<c>*.journal</c>, <c>*.journal~</c>; <c>LPKSHHRH</c> signature).</summary>
    Journal,
    /// <summary><c>journalctl -o export</c>: the journal's binary-safe export stream.</summary>
    JournalExport,
    /// <summary>auditd's <c>audit.log</c> (raw or ENRICHED): <c>type=SYSCALL msg=audit(1684329817.579:2995): arch=c000003e ...</c>; entries are <see cref="AuditEntry"/>.</summary>
    Audit,
    /// <summary>dpkg.log: <c>2016-08-06 17:35:39 upgrade tzdata:all 2024a-0 2024b-0</c> (a year, no zone).</summary>
    Dpkg,
    /// <summary>apt/history.log: one record per apt run (Start-Date, Commandline, Requested-By, Install/Upgrade/Remove, End-Date), read as one <see cref="AptHistoryEntry"/>.</summary>
    AptHistory,
    /// <summary>apt/term.log and unattended-upgrades-dpkg.log: <c>Log started: 2019-07-10  16:38:08</c>, dpkg's output, <c>Log ended: ...</c>.</summary>
    AptTerm,
    /// <summary>unattended-upgrades.log: Python logging, <c>2023-06-26 06:40:12,513 INFO Starting unattended upgrades script</c>.</summary>
    UnattendedUpgrades,
    /// <summary>alternatives.log: <c>update-alternatives 2023-06-26 06:40:30: run with --install ...</c>.</summary>
    Alternatives,
    /// <summary>glibc's binary login records (<c>wtmp</c>, <c>btmp</c>, <c>utmp</c>): 384-byte <c>struct utmp</c> slots (x86_64); entries are <see cref="LoginRecordEntry"/>.</summary>
    Utmp,
    /// <summary><c>lastlog</c>: one 292-byte <c>struct lastlog</c> per uid (the last login of each user); entries are <see cref="LoginRecordEntry"/> of kind <c>LastLogin</c>.</summary>
    Lastlog,
}
