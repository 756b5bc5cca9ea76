using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>
/// Reads the few kinds of line the story is made of (sshd logins, sudo commands, OOM kills, systemd unit failures
/// and starts, Apache's worker limit) with ordinal prefix and substring tests: no regex on untrusted text.
/// </summary>
internal static class StoryLines
{
    private const StringComparison Ord = StringComparison.Ordinal;
    private const StringComparison NoCase = StringComparison.OrdinalIgnoreCase;

    /// <summary>The line as evidence: where it is, when it was written, and what it says.</summary>
    public static string Quote(MergedLine line)
    {
        var e = line.Entry;
        var time = line.Time;
        string when = line.OffsetTicks == 0 ? TimelineWords.Time(time) : $"{TimelineWords.Time(time)} (stamped {TimelineWords.Time(line.Stamped)})";
        string program = e.Program is null ? "" : e.Program + ": ";
        string message = e.Message.Length > 300 ? e.Message[..300] + "…" : e.Message;
        return $"{TimelineWords.Where(e.Path, e.LineNumber)} at {when}: {program}{message}";
    }

    /// <summary>sshd: "Accepted publickey for ec2-user from 180.6.13.92 port 64715 ssh2".</summary>
    public static bool TryLogin(string message, out string user, out string address, out string method)
    {
        user = address = method = "";
        if (!message.StartsWith("Accepted ", Ord)) return false;
        int sp = message.IndexOf(' ', 9);
        int forAt = message.IndexOf(" for ", Ord);
        int fromAt = message.IndexOf(" from ", Ord);
        if (sp < 0 || forAt < 0 || fromAt < forAt) return false;
        method = message[9..sp];
        user = message[(forAt + 5)..fromAt];
        int end = message.IndexOf(' ', fromAt + 6);
        address = end < 0 ? message[(fromAt + 6)..] : message[(fromAt + 6)..end];
        return user.Length > 0 && address.Length > 0;
    }

    /// <summary>sudo: "ec2-user : TTY=pts/0 ; PWD=/home/ec2-user ; USER=root ; COMMAND=/bin/systemctl restart httpd".</summary>
    public static bool TrySudo(string message, out string user, out string runAs, out string command, out bool refused)
    {
        user = runAs = command = "";
        refused = false;
        int cmd = message.IndexOf("COMMAND=", Ord);
        if (cmd < 0) return false;
        command = message[(cmd + 8)..].Trim();
        int colon = message.IndexOf(" : ", Ord);
        user = colon > 0 ? message[..colon].Trim() : "someone";
        int u = message.IndexOf("USER=", Ord);
        if (u >= 0)
        {
            int end = message.IndexOf(" ;", u, Ord);
            runAs = end < 0 ? message[(u + 5)..] : message[(u + 5)..end];
        }
        if (runAs.Length == 0) runAs = "root";
        refused = message.Contains("NOT in sudoers", Ord) || message.Contains("incorrect password", NoCase) || message.Contains("command not allowed", NoCase);
        return command.Length > 0;
    }

    /// <summary>kernel: "Out of memory: Kill process 2102 (httpd) ..." or "Out of memory: Killed process 2102 (httpd) ...".</summary>
    public static bool TryOomKill(string message, out int pid, out string name)
    {
        pid = 0;
        name = "";
        int at = message.IndexOf("out of memory: kill", NoCase);
        if (at < 0) return false;
        int p = message.IndexOf("process ", at, Ord);
        if (p < 0) return false;
        int i = p + 8;
        while (i < message.Length && char.IsAsciiDigit(message[i])) { pid = pid * 10 + (message[i] - '0'); i++; if (pid > 1 << 26) return false; }
        int open = message.IndexOf('(', i);
        int close = open < 0 ? -1 : message.IndexOf(')', open);
        if (open >= 0 && close > open && open - i <= 1) name = message[(open + 1)..close];
        return pid > 0;
    }

    /// <summary>systemd: a unit failed or its main process died. Returns the unit without ".service".</summary>
    public static bool TryUnitFailed(string message, out string unit)
    {
        unit = "";
        if (message.StartsWith("Unit ", Ord))
        {
            int end = message.IndexOf(" entered failed state", Ord);
            if (end > 5) unit = message[5..end];
        }
        else if (message.Contains(": main process exited", NoCase))
        {
            bool clean = message.Contains("code=exited, status=0/SUCCESS", Ord);
            if (!clean) unit = message[..message.IndexOf(':')];
        }
        else if (message.EndsWith(" failed.", Ord) && message.AsSpan(0, message.Length - 8).IndexOf(' ') < 0)
        {
            unit = message[..^8];
        }
        else if (message.Contains(": Failed with result", Ord))
        {
            unit = message[..message.IndexOf(':')];
        }
        unit = Unit(unit);
        return unit.Length > 0 && !unit.Contains(' ');
    }

    /// <summary>systemd: "Started The Apache HTTP Server." — whether it starts <paramref name="unit"/>.</summary>
    public static bool StartsUnit(string message, string unit)
    {
        if (!message.StartsWith("Started ", Ord)) return false;
        string what = message[8..].TrimEnd('.');
        if (what.StartsWith(unit + ".service", NoCase) || what.Contains(unit, NoCase)) return true;
        return KnownDescriptions.TryGetValue(unit, out var names) && names.Any(n => what.StartsWith(n, NoCase));
    }

    /// <summary>The Apache error log's "resuming normal operations" after a start.</summary>
    public static bool IsApacheResuming(string message) => message.Contains("resuming normal operations", Ord);

    /// <summary>Apache's worker limit (AH00161 in 2.4, the same words in 2.2).</summary>
    public static bool IsWorkerLimit(string message) =>
        message.Contains("AH00161", Ord) || message.Contains("reached MaxRequestWorkers", Ord) || message.Contains("reached MaxClients", Ord);

    public static bool IsRsyslogStart(string? program, string message) =>
        program == "rsyslogd" && message.Contains("origin software=\"rsyslogd\"", Ord) && message.Contains("] start", Ord);

    private static string Unit(string unit)
    {
        unit = unit.Trim();
        return unit.EndsWith(".service", Ord) ? unit[..^8] : unit;
    }

    // Unit descriptions that do not name the unit (systemd writes "Started <Description>.").
    private static readonly Dictionary<string, string[]> KnownDescriptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["httpd"] = ["The Apache HTTP Server"],
        ["apache2"] = ["The Apache HTTP Server"],
        ["nginx"] = ["The nginx HTTP and reverse proxy server", "A high performance web server"],
        ["php-fpm"] = ["The PHP FastCGI Process Manager"],
        ["mariadb"] = ["MariaDB database server", "MariaDB"],
        ["mysqld"] = ["MySQL Server", "MySQL Community Server"],
        ["rsyslog"] = ["System Logging Service"],
        ["crond"] = ["Command Scheduler"],
        ["sshd"] = ["OpenSSH server daemon"],
    };
}
