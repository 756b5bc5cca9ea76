using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Reads the few kinds of line that detection cares about (systemd unit changes, OOM kills, cron jobs,
/// sessions, rsyslog restarts, package updates, clock steps, Apache start and stop) with ordinal prefix and
/// substring tests: no regex on untrusted text, constant work per line.
/// </summary>
internal static class MessageClassifier
{
    private const StringComparison Ord = StringComparison.Ordinal;
    private const StringComparison NoCase = StringComparison.OrdinalIgnoreCase;

    public static LineFlags ClassifySyslog(string? program, int? pid, string message, int index, List<ServiceEvent> events)
    {
        if (program is null) return LineFlags.None;
        var flags = LineFlags.None;
        if (message.Contains("session opened for user", Ord)) flags |= LineFlags.SessionOpen;

        if (program.Equals("systemd", Ord))
        {
            SystemdLines.Classify(pid, message, index, events, ref flags);
        }
        else if (program.Equals("kernel", Ord))
        {
            var text = WithoutPrintkTime(message);
            if (TryOomVictim(message, out int victim, out string name))
                events.Add(new ServiceEvent(index, ServiceEventKind.OomKill, name, false, victim));
            else if (text.StartsWith("Linux version ", Ord))
                events.Add(new ServiceEvent(index, ServiceEventKind.Boot, "kernel", false, 0));
            else if (text.StartsWith("reboot: ", Ord))
                events.Add(new ServiceEvent(index, ServiceEventKind.ShutdownMark, "kernel", false, 0));
        }
        else if (program.Equals("crond", NoCase))
        {
            int cmd = message.IndexOf(") CMD (", Ord);
            if (cmd >= 0)
            {
                flags |= LineFlags.JobStart;
                var command = message.AsSpan(cmd + 7);
                if (command.Contains("yum", Ord) || command.Contains("dnf", Ord))
                    events.Add(new ServiceEvent(index, ServiceEventKind.PackageUpdate, "cron", false, 0));
            }
        }
        else if (program.Equals("systemd-logind", Ord))
        {
            if (message.StartsWith("New session ", Ord)) flags |= LineFlags.SessionOpen;
            // logind's words when it starts a shutdown (method_do_shutdown_or_sleep): "System is rebooting.",
            // "System is powering down.", "System is halting.", "System is rebooting with kexec.".
            else if (message.StartsWith("System is rebooting", Ord) || message.StartsWith("System is powering down", Ord)
                     || message.StartsWith("System is powering off", Ord) || message.StartsWith("System is halting", Ord))
                events.Add(new ServiceEvent(index, ServiceEventKind.ShutdownAnnounced, "systemd-logind", false, 0));
        }
        else if (program.Equals("systemd-shutdown", Ord))
        {
            // systemd-shutdown runs as PID 1 after every unit has stopped: "Syncing filesystems and block devices.".
            events.Add(new ServiceEvent(index, ServiceEventKind.ShutdownMark, "systemd-shutdown", false, 0));
        }
        else if (program.Equals("rsyslogd", Ord))
        {
            if (message.Contains("origin software=\"rsyslogd\"", Ord))
            {
                if (message.Contains("] start", Ord))
                    events.Add(new ServiceEvent(index, ServiceEventKind.RsyslogStart, "rsyslog", false, 0));
                else if (message.Contains("] exiting on signal", Ord))
                    events.Add(new ServiceEvent(index, ServiceEventKind.LoggerStop, "rsyslog", false, 0));
            }
        }
        else if (program.Equals("sudo", Ord))
        {
            int cmd = message.IndexOf("COMMAND=", Ord);
            if (cmd >= 0)
            {
                string command = message[(cmd + 8)..].Trim();
                events.Add(new ServiceEvent(index, ServiceEventKind.AdminCommand, command.Length > 200 ? command[..200] : command, false, 0));
            }
        }
        else if (program.Equals("yum", Ord) || program.Equals("dnf", Ord))
        {
            if (message.StartsWith("Updated: ", Ord) || message.StartsWith("Installed: ", Ord) || message.StartsWith("Erased: ", Ord))
                events.Add(new ServiceEvent(index, ServiceEventKind.PackageUpdate, program, false, 0));
        }
        else if (program.Equals("chronyd", Ord) || program.Equals("ntpd", Ord) || program.Equals("systemd-timesyncd", Ord))
        {
            if (message.Contains("clock wrong by", NoCase) || message.Contains("stepped", NoCase)
                || message.Contains("time reset", NoCase) || message.Contains("step time", NoCase))
                events.Add(new ServiceEvent(index, ServiceEventKind.ClockStep, program, false, 0));
        }
        return flags;
    }

    /// <summary>Kernel lines read from the ring buffer carry the seconds since boot first: <c>[    0.000000] Linux version …</c>.</summary>
    private static ReadOnlySpan<char> WithoutPrintkTime(string message)
    {
        var m = message.AsSpan();
        if (m.Length < 3 || m[0] != '[') return m;
        int close = m.IndexOf(']');
        if (close < 0 || close > 20) return m;
        foreach (char c in m[1..close])
        {
            if (!(c == ' ' || c == '.' || char.IsAsciiDigit(c))) return m;
        }
        return m[(close + 1)..].TrimStart();
    }

    /// <summary>kernel: "Out of memory: Kill process 2345 (httpd) score ..." or "Killed process 2345 (httpd) ...".</summary>
    public static bool TryOomVictim(string m, out int pid, out string name)
    {
        pid = 0;
        name = "";
        int at = m.IndexOf("Kill process ", Ord);
        int skip = 13;
        if (at < 0) { at = m.IndexOf("Killed process ", Ord); skip = 15; }
        if (at < 0) return false;
        int p = at + skip;
        while (p < m.Length && char.IsAsciiDigit(m[p])) pid = pid * 10 + (m[p++] - '0');
        if (pid == 0 || p + 2 >= m.Length || m[p] != ' ' || m[p + 1] != '(') return false;
        int close = m.IndexOf(')', p + 2);
        if (close < 0 || close - (p + 2) > 64) return false;
        name = m[(p + 2)..close];
        return name.Length > 0;
    }

    public static LineFlags ClassifyErrorLog(string? level, string message, int index, List<ServiceEvent> events)
    {
        var flags = LineFlags.None;
        if (level is not null)
        {
            int colon = level.LastIndexOf(':');
            var l = colon >= 0 ? level.AsSpan(colon + 1) : level.AsSpan();
            if (l.Equals("error", NoCase) || l.Equals("crit", NoCase) || l.Equals("alert", NoCase) || l.Equals("emerg", NoCase))
                flags |= LineFlags.Error;
        }
        if (message.Contains("resuming normal operations", Ord))
            events.Add(new ServiceEvent(index, ServiceEventKind.ServerUp, "httpd", false, 0));
        else if (message.Contains("caught SIGTERM, shutting down", Ord) || message.Contains("caught SIGWINCH, shutting down", Ord))
            events.Add(new ServiceEvent(index, ServiceEventKind.ServerDown, "httpd", false, 0));
        else if (message.Contains("MaxRequestWorkers", Ord) || message.Contains("MaxClients", Ord))
            events.Add(new ServiceEvent(index, ServiceEventKind.WorkerLimit, "httpd", false, 0));
        return flags;
    }
}
