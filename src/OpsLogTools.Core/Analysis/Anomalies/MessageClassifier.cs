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

    public static LineFlags ClassifySyslog(string? program, string message, int index, List<ServiceEvent> events, NamePool names)
    {
        if (program is null) return LineFlags.None;
        var flags = LineFlags.None;
        if (message.Contains("session opened for user", Ord)) flags |= LineFlags.SessionOpen;

        if (program.Equals("systemd", Ord))
        {
            ClassifySystemd(message, index, events, names, ref flags);
        }
        else if (program.Equals("kernel", Ord))
        {
            if (TryOomVictim(message, out int pid, out string name))
                events.Add(new ServiceEvent(index, ServiceEventKind.OomKill, names.Get(name), false, pid));
            else if (message.StartsWith("Linux version ", Ord))
                events.Add(new ServiceEvent(index, ServiceEventKind.Boot, "kernel", false, 0));
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
        }
        else if (program.Equals("rsyslogd", Ord))
        {
            if (message.Contains("origin software=\"rsyslogd\"", Ord) && message.Contains("] start", Ord))
                events.Add(new ServiceEvent(index, ServiceEventKind.RsyslogStart, "rsyslog", false, 0));
        }
        else if (program.Equals("yum", Ord) || program.Equals("dnf", Ord))
        {
            if (message.StartsWith("Updated: ", Ord) || message.StartsWith("Installed: ", Ord) || message.StartsWith("Erased: ", Ord))
                events.Add(new ServiceEvent(index, ServiceEventKind.PackageUpdate, names.Get(program), false, 0));
        }
        else if (program.Equals("chronyd", Ord) || program.Equals("ntpd", Ord) || program.Equals("systemd-timesyncd", Ord))
        {
            if (message.Contains("clock wrong by", NoCase) || message.Contains("stepped", NoCase)
                || message.Contains("time reset", NoCase) || message.Contains("step time", NoCase))
                events.Add(new ServiceEvent(index, ServiceEventKind.ClockStep, names.Get(program), false, 0));
        }
        return flags;
    }

    private static void ClassifySystemd(string m, int index, List<ServiceEvent> events, NamePool names, ref LineFlags flags)
    {
        if (m.StartsWith("Started Session ", Ord) && m.Contains(" of user ", Ord))
        {
            flags |= LineFlags.SessionOpen;
            return;
        }
        if (m.StartsWith("Started ", Ord)) { AddDescribed(events, names, index, ServiceEventKind.Started, m.AsSpan(8)); return; }
        if (m.StartsWith("Starting ", Ord)) { AddDescribed(events, names, index, ServiceEventKind.Starting, m.AsSpan(9)); return; }
        if (m.StartsWith("Stopped ", Ord)) { AddDescribed(events, names, index, ServiceEventKind.Stopped, m.AsSpan(8)); return; }
        if (m.StartsWith("Stopping ", Ord)) { AddDescribed(events, names, index, ServiceEventKind.Stopping, m.AsSpan(9)); return; }
        if (m.StartsWith("Failed to start ", Ord)) { AddDescribed(events, names, index, ServiceEventKind.Failed, m.AsSpan(16)); return; }
        if (m.StartsWith("Time has been changed", Ord))
        {
            events.Add(new ServiceEvent(index, ServiceEventKind.ClockStep, "systemd", false, 0));
            return;
        }
        // "Unit httpd.service entered failed state." / "httpd.service failed." /
        // "httpd.service: main process exited, code=killed, status=9/KILL"
        int unitEnd = m.IndexOf(".service", Ord);
        if (unitEnd <= 0) return;
        int unitStart = m.StartsWith("Unit ", Ord) ? 5 : 0;
        if (unitEnd <= unitStart) return;
        var rest = m.AsSpan(unitEnd + 8);
        bool failed = rest.StartsWith(" entered failed state", Ord) || rest.StartsWith(" failed", Ord)
            || (rest.StartsWith(": main process exited", NoCase) && !rest.Contains("status=0/SUCCESS", Ord) && !rest.Contains("code=exited, status=0", Ord));
        if (failed)
        {
            var unit = m.AsSpan(unitStart, unitEnd - unitStart);
            if (unit.Contains(' ')) return;
            events.Add(new ServiceEvent(index, ServiceEventKind.Failed, names.Get(unit), false, 0));
        }
    }

    private static void AddDescribed(List<ServiceEvent> events, NamePool names, int index, ServiceEventKind kind, ReadOnlySpan<char> description)
    {
        description = description.TrimEnd().TrimEnd('.');
        if (description.IsEmpty || description.StartsWith("Session ", Ord) || description.StartsWith("User Slice", Ord)
            || description.StartsWith("user-", Ord) || description.StartsWith("User Manager", Ord)) return;
        string d = names.Get(description);
        string? unit = KnownServices.UnitFor(d);
        events.Add(unit is null ? new ServiceEvent(index, kind, d, true, 0) : new ServiceEvent(index, kind, unit, false, 0));
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
