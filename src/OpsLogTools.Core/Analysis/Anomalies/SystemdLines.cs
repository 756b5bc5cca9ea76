namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Reads the lines systemd's system manager writes about units, in both of its styles: before v246 a unit is
/// named by its Description (<c>Stopped The Apache HTTP Server.</c>), from v246 by its name and Description
/// (<c>Stopped httpd.service - The Apache HTTP Server.</c>). Only system services can be outages: targets, slices,
/// scopes, mounts, sockets, timers and the units of a login session (<c>user@1000.service</c>,
/// <c>/run/user/1000 mount wrapper</c>, <c>Session 5 of user admin</c>, the D-Bus User Message Bus of a user
/// manager) stop at every logout and every shutdown; their stops only help to see a shutdown. Lines of a user
/// manager (<c>systemd[1234]</c>, any pid but 1) are about one user's session and are skipped: its
/// <c>Reached target Shutdown.</c> is a logout, not the host going down.
/// </summary>
internal static class SystemdLines
{
    private const StringComparison Ord = StringComparison.Ordinal;
    private const StringComparison NoCase = StringComparison.OrdinalIgnoreCase;

    private static readonly string[] UnitTypes =
        ["service", "socket", "target", "mount", "automount", "slice", "scope", "timer", "path", "swap", "device"];

    // Targets and units that are only reached or started when the host goes down (systemd's units/*.target and
    // systemd-{reboot,poweroff,halt,kexec}.service; Descriptions before and after v250 renamed them).
    private static readonly string[] ShutdownDescriptions =
    [
        "Shutdown", "System Shutdown", "Final Step", "Late Shutdown Services", "Unmount All Filesystems",
        "Reboot", "System Reboot", "Power-Off", "System Power Off", "Halt", "System Halt", "Reboot via kexec",
    ];

    private static readonly string[] ShutdownUnits =
    [
        "shutdown.target", "final.target", "umount.target", "reboot.target", "poweroff.target", "halt.target", "kexec.target",
        "systemd-reboot.service", "systemd-poweroff.service", "systemd-halt.service", "systemd-kexec.service",
    ];

    // Descriptions of the units of a login session, as the system manager (or, without a pid, any manager) names them.
    private static readonly string[] SessionPrefixes =
    [
        "Session ", "session-", "user-", "User Slice", "User Manager", "User Runtime Directory /run/user/", "/run/user/",
        "D-Bus User Message Bus", "Exit the Session", "Main User Target", "User Application Slice", "Create User's Volatile Files",
    ];

    /// <summary>Classifies one line of the program <c>systemd</c> written by process <paramref name="pid"/> (null when the line has none).</summary>
    public static void Classify(int? pid, string m, int index, List<ServiceEvent> events, ref LineFlags flags)
    {
        bool noPid = pid is null or 0;
        if (!noPid && pid != 1) return;
        // A user manager's exit (systemd's exit.target, "Exit the Session") on lines without a pid: the shutdown
        // target it reached just before was the end of a login session.
        if (noPid && m.Contains("Exit the Session", Ord))
        {
            events.Add(new ServiceEvent(index, ServiceEventKind.SessionExit, "user", false, 0));
            return;
        }
        if (IsSessionStart(m))
        {
            flags |= LineFlags.SessionOpen;
            return;
        }
        if (m.StartsWith("Time has been changed", Ord))
        {
            events.Add(new ServiceEvent(index, ServiceEventKind.ClockStep, "systemd", false, 0));
            return;
        }
        if (m.StartsWith("Shutting down", Ord))
        {
            events.Add(new ServiceEvent(index, ServiceEventKind.ShutdownMark, "systemd", false, 0));
            return;
        }
        if (Verb(m, "Reached target ", out var rest))
        {
            var (unit, description) = Split(rest);
            if (IsShutdownUnit(unit, description)) events.Add(new ServiceEvent(index, ServiceEventKind.ShutdownMark, Name(unit, description), false, 0));
            return;
        }
        if (Verb(m, "Stopped target ", out rest) || Verb(m, "Removed slice ", out rest) || Verb(m, "Closed ", out rest)
            || Verb(m, "Unmounting ", out rest) || Verb(m, "Unmounted ", out rest) || Verb(m, "Deactivated swap ", out rest))
        {
            var (unit, description) = Split(rest);
            events.Add(new ServiceEvent(index, ServiceEventKind.OtherStop, Name(unit, description), unit is null, 0));
            return;
        }
        if (Verb(m, "Stopping ", out rest)) { Unit(events, index, ServiceEventKind.Stopping, rest); return; }
        if (Verb(m, "Stopped ", out rest)) { Unit(events, index, ServiceEventKind.Stopped, rest); return; }
        if (Verb(m, "Starting ", out rest)) { Unit(events, index, ServiceEventKind.Starting, rest); return; }
        if (Verb(m, "Started ", out rest)) { Unit(events, index, ServiceEventKind.Started, rest); return; }
        if (Verb(m, "Finished ", out rest)) { Unit(events, index, ServiceEventKind.Finished, rest); return; }
        if (Verb(m, "Failed to start ", out rest)) { Unit(events, index, ServiceEventKind.Failed, rest); return; }
        UnitStatus(m, index, events);
    }

    /// <summary><c>Started Session 5 of user root.</c> (before v246) or <c>Started session-5.scope - Session 5 of User root.</c>.</summary>
    public static bool IsSessionStart(string m) =>
        m.StartsWith("Started Session ", Ord) && m.Contains(" of user ", NoCase)
        || m.StartsWith("Started session-", Ord) && m.Contains(".scope - Session ", Ord);

    /// <summary>A unit of a login session or a per-user service: it stops at every logout and is never an outage.</summary>
    public static bool IsSessionUnit(string? unit, string description)
    {
        if (unit is not null)
        {
            if (unit.StartsWith("user@", Ord) || unit.StartsWith("user-runtime-dir@", Ord) || unit.StartsWith("session-", Ord)
                || unit.StartsWith("user-", Ord) || unit.StartsWith("run-user-", Ord)) return true;
        }
        foreach (var p in SessionPrefixes)
        {
            if (description.StartsWith(p, Ord)) return true;
        }
        return false;
    }

    private static bool IsShutdownUnit(string? unit, string description)
    {
        if (unit is not null) return Array.IndexOf(ShutdownUnits, unit) >= 0;
        foreach (var d in ShutdownDescriptions)
        {
            if (description.Equals(d, Ord)) return true;
        }
        return false;
    }

    /// <summary>A start, stop or failure of the unit named in <paramref name="rest"/>: only system services count.</summary>
    private static void Unit(List<ServiceEvent> events, int index, ServiceEventKind kind, ReadOnlySpan<char> rest)
    {
        var (unit, description) = Split(rest);
        if (description.Length == 0 && unit is null) return;
        if (kind is ServiceEventKind.Starting or ServiceEventKind.Started or ServiceEventKind.Finished && IsShutdownUnit(unit, description))
        {
            events.Add(new ServiceEvent(index, ServiceEventKind.ShutdownMark, Name(unit, description), false, 0));
            return;
        }
        bool service = unit is null || unit.EndsWith(".service", Ord);
        if (!service || IsSessionUnit(unit, description))
        {
            if (kind is ServiceEventKind.Stopping or ServiceEventKind.Stopped)
                events.Add(new ServiceEvent(index, ServiceEventKind.OtherStop, Name(unit, description), unit is null, 0));
            return;
        }
        if (kind == ServiceEventKind.Finished) return;
        if (unit is not null)
        {
            events.Add(new ServiceEvent(index, kind, unit[..^8], false, 0));
            return;
        }
        string? known = KnownServices.UnitFor(description);
        events.Add(known is null ? new ServiceEvent(index, kind, description, true, 0) : new ServiceEvent(index, kind, known, false, 0));
    }

    /// <summary>
    /// Lines that start with the unit: <c>httpd.service: Main process exited, code=killed, status=9/KILL</c>,
    /// <c>httpd.service: Failed with result 'signal'.</c>, <c>Unit httpd.service entered failed state.</c>, <c>httpd.service failed.</c>.
    /// </summary>
    private static void UnitStatus(string m, int index, List<ServiceEvent> events)
    {
        int unitEnd = m.IndexOf(".service", Ord);
        if (unitEnd <= 0) return;
        int unitStart = m.StartsWith("Unit ", Ord) ? 5 : 0;
        if (unitEnd <= unitStart) return;
        var rest = m.AsSpan(unitEnd + 8);
        bool failed = rest.StartsWith(" entered failed state", Ord) || rest.StartsWith(" failed", Ord)
            || rest.StartsWith(": Failed with result", Ord)
            || (rest.StartsWith(": main process exited", NoCase) && !rest.Contains("status=0/SUCCESS", Ord) && !rest.Contains("code=exited, status=0", Ord));
        if (!failed) return;
        string unit = m[unitStart..unitEnd];
        if (unit.Contains(' ', Ord) || IsSessionUnit(unit + ".service", "")) return;
        events.Add(new ServiceEvent(index, ServiceEventKind.Failed, unit, false, 0));
    }

    /// <summary>
    /// Splits <c>httpd.service - The Apache HTTP Server</c> (v246 and later) into unit and Description; before v246
    /// only the Description is written (the unit is then null). A bare unit name (a unit without a Description) is
    /// both.
    /// </summary>
    public static (string? Unit, string Description) Split(ReadOnlySpan<char> rest)
    {
        rest = rest.Trim().TrimEnd('.').TrimEnd();
        int dash = rest.IndexOf(" - ", Ord);
        if (dash > 0 && IsUnitName(rest[..dash])) return (rest[..dash].ToString(), rest[(dash + 3)..].Trim().ToString());
        if (IsUnitName(rest)) return (rest.ToString(), rest.ToString());
        return (null, rest.ToString());
    }

    private static bool IsUnitName(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || s.Length > 256 || s.Contains(' ')) return false;
        int dot = s.LastIndexOf('.');
        if (dot <= 0) return false;
        var type = s[(dot + 1)..];
        foreach (var t in UnitTypes)
        {
            if (type.Equals(t, Ord)) return true;
        }
        return false;
    }

    private static string Name(string? unit, string description) => unit ?? description;

    private static bool Verb(string m, string verb, out ReadOnlySpan<char> rest)
    {
        if (m.StartsWith(verb, Ord))
        {
            rest = m.AsSpan(verb.Length);
            return true;
        }
        rest = default;
        return false;
    }
}
