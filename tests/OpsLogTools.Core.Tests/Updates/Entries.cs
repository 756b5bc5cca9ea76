using System.Globalization;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Tests.Updates;

/// <summary>
/// Hand-built LogEntry objects, shaped as the readers produce them for yum.log, dnf.rpm.log, dnf.log, rsyslog files
/// (messages, cron, secure) and Apache 2.4 error_log. The tests of this area build their input with these instead of
/// parsing files, so they do not depend on the readers being written in parallel.
/// </summary>
internal static class Entries
{
    public const string YumLog = "/bundle/var/log/yum.log";
    public const string DnfRpmLog = "/bundle/var/log/dnf.rpm.log";
    public const string DnfLog = "/bundle/var/log/dnf.log";
    public const string CronLog = "/bundle/var/log/cron";
    public const string Messages = "/bundle/var/log/messages";
    public const string Secure = "/bundle/var/log/secure";
    public const string ErrorLog = "/bundle/var/log/httpd/error_log";

    private static string Syslog(DateTimeOffset t) =>
        $"{t.ToString("MMM", CultureInfo.InvariantCulture)} {t.Day,2} {t.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}";

    public static LogEntry Yum(DateTimeOffset t, string message, long line) => new()
    {
        Path = YumLog,
        LineNumber = line,
        Format = LogFormat.Yum,
        Timestamp = t,
        StampText = Syslog(t),
        Program = "yum",
        Message = message,
    };

    public static LogEntry DnfRpm(DateTimeOffset t, string message, long line) => new()
    {
        Path = DnfRpmLog,
        LineNumber = line,
        Format = LogFormat.DnfRpm,
        Timestamp = t,
        StampText = t.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal),
        Level = "SUBDEBUG",
        Message = message,
    };

    public static LogEntry Dnf(DateTimeOffset t, string message, long line) => new()
    {
        Path = DnfLog,
        LineNumber = line,
        Format = LogFormat.Dnf,
        Timestamp = t,
        StampText = t.ToString("o", CultureInfo.InvariantCulture),
        Level = "DDEBUG",
        Message = message,
    };

    public static LogEntry Cron(DateTimeOffset t, string user, string command, long line, int pid = 4321) => new()
    {
        Path = CronLog,
        LineNumber = line,
        Format = LogFormat.Syslog,
        Timestamp = t,
        StampText = Syslog(t),
        HostName = "ip-172-26-0-10",
        Program = "CROND",
        ProcessId = pid,
        Message = $"({user}) CMD ({command})",
    };

    public static LogEntry Syslog(string path, DateTimeOffset t, string program, string message, long line, int? pid = null) => new()
    {
        Path = path,
        LineNumber = line,
        Format = LogFormat.Syslog,
        Timestamp = t,
        StampText = Syslog(t),
        HostName = "ip-172-26-0-10",
        Program = program,
        ProcessId = pid,
        Message = message,
    };

    public static LogEntry Systemd(DateTimeOffset t, string message, long line) => Syslog(Messages, t, "systemd", message, line, 1);

    public static LogEntry RsyslogStart(DateTimeOffset t, long line, int pid = 2222) =>
        Syslog(Messages, t, "rsyslogd", $"[origin software=\"rsyslogd\" swVersion=\"8.24.0-57.amzn2.2.0.1\" x-pid=\"{pid}\" x-info=\"http://www.rsyslog.com\"] start", line);

    public static LogEntry Sudo(DateTimeOffset t, string user, string command, long line) =>
        Syslog(Secure, t, "sudo", $"  {user} : TTY=pts/0 ; PWD=/home/{user} ; USER=root ; COMMAND={command}", line);

    public static LogEntry ApacheError(DateTimeOffset t, string module, string message, long line) => new()
    {
        Path = ErrorLog,
        LineNumber = line,
        Format = LogFormat.ApacheError24,
        Timestamp = t,
        StampText = t.ToString("ddd MMM dd HH:mm:ss.ffffff yyyy", CultureInfo.InvariantCulture),
        Program = module,
        Level = "notice",
        Message = message,
    };

    /// <summary>A yum transaction: one package line every <paramref name="step"/>, starting at <paramref name="start"/>.</summary>
    public static List<LogEntry> YumRun(DateTimeOffset start, TimeSpan step, long firstLine, params string[] messages)
    {
        var list = new List<LogEntry>();
        for (int i = 0; i < messages.Length; i++) list.Add(Yum(start + step * i, messages[i], firstLine + i));
        return list;
    }
}
