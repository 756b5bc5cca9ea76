namespace OpsLogTools.Core.Model;

/// <summary>What happened, in the words of an incident note.</summary>
public enum StoryEventKind
{
    /// <summary>The web server answered its first 5xx (of the logs, or after a quiet hour).</summary>
    FirstServerError,
    /// <summary>Apache ran out of workers (AH00161 MaxRequestWorkers reached).</summary>
    WorkerLimitReached,
    /// <summary>The kernel's OOM killer killed a process.</summary>
    OomKill,
    /// <summary>A service stopped: its unit failed or its main process died.</summary>
    ServiceDown,
    /// <summary>A service that had gone down was started again.</summary>
    ServiceUp,
    /// <summary>Someone logged in (sshd Accepted ...).</summary>
    Login,
    /// <summary>A command run as root through sudo.</summary>
    PrivilegedCommand,
    /// <summary>A package update run (a yum or dnf transaction).</summary>
    UpdateRun,
    /// <summary>A log's stamps went off true time (the first line of a displaced stretch).</summary>
    ClockWrong,
    /// <summary>A log's stamps came right again (the first line after a displaced stretch).</summary>
    ClockRight,
    /// <summary>The system logger (rsyslog) started again.</summary>
    LoggerRestart,
    /// <summary>The host was shut down and booted again (one event at the start of the shutdown), or booted after its logs simply stopped (a crash, a power loss).</summary>
    HostRebooted,
    /// <summary>The host was shut down and the logs end before it booted again.</summary>
    HostShutDown,
    /// <summary>A clock witness stepped, set or saw the clock jump (chronyd, ntpd, systemd-timesyncd, systemd, timedated, journald).</summary>
    ClockStepped,
    /// <summary>The clock lost its time source (chronyd, timesyncd) or the kernel its clocksource (tsc unstable).</summary>
    ClockSourceLost,
    /// <summary>The time zone was changed (timedated).</summary>
    TimeZoneChanged,
}
