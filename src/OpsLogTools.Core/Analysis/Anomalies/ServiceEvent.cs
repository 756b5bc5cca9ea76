namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>What a service-related line says happened.</summary>
internal enum ServiceEventKind : byte
{
    /// <summary>The main process exited badly or the unit entered the failed state.</summary>
    Failed,
    /// <summary>systemd began stopping the unit.</summary>
    Stopping,
    /// <summary>systemd finished stopping the unit.</summary>
    Stopped,
    /// <summary>systemd began starting the unit.</summary>
    Starting,
    /// <summary>systemd finished starting the unit.</summary>
    Started,
    /// <summary>The kernel's OOM killer killed a process of the service.</summary>
    OomKill,
    /// <summary>The server itself says it is up (Apache <c>resuming normal operations</c>).</summary>
    ServerUp,
    /// <summary>The server itself says it is going down (Apache <c>caught SIGTERM, shutting down</c>).</summary>
    ServerDown,
    /// <summary>The server ran out of workers (Apache <c>MaxRequestWorkers</c>).</summary>
    WorkerLimit,
    /// <summary>rsyslog started or was restarted (it re-reads its clock and zone).</summary>
    RsyslogStart,
    /// <summary>A package update ran (yum.log lines, yum in a cron job).</summary>
    PackageUpdate,
    /// <summary>The system clock was stepped or found wrong (chronyd, ntpd, systemd).</summary>
    ClockStep,
    /// <summary>The machine booted (the kernel's banner <c>Linux version …</c>).</summary>
    Boot,
    /// <summary>systemd finished a oneshot unit (v246 and later: <c>Finished …</c>).</summary>
    Finished,
    /// <summary>A unit that is not a system service stopped (target, slice, scope, mount, socket, timer, a login session's units): never an outage, but part of a shutdown.</summary>
    OtherStop,
    /// <summary>systemd-logind announced that the host goes down (<c>System is rebooting.</c>, <c>System is powering down.</c>).</summary>
    ShutdownAnnounced,
    /// <summary>A line only written when the host goes down (<c>Reached target Shutdown.</c>, <c>systemd-shutdown[1]: …</c>, <c>reboot: Restarting system</c>).</summary>
    ShutdownMark,
    /// <summary>rsyslogd stopped (<c>exiting on signal 15</c>): at a shutdown, or before a restart.</summary>
    LoggerStop,
    /// <summary>A user manager without a pid on its lines reached its exit (<c>Reached target Exit the Session.</c>): its shutdown target was a logout.</summary>
    SessionExit,
    /// <summary>Someone ran a command through sudo (secure: <c>COMMAND=/bin/systemctl restart httpd</c>); the service is the command.</summary>
    AdminCommand,
}

/// <summary>A service-related line: which line, what happened, to which service (unit stem or description).</summary>
/// <param name="Index">Index of the line in its file's facts.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Service">Unit stem (<c>httpd</c>) when the line names a unit or a process; the systemd description otherwise.</param>
/// <param name="IsDescription">True when <paramref name="Service"/> is a systemd description, not a unit.</param>
/// <param name="ProcessId">The process the line is about (OOM victim), else 0.</param>
internal readonly record struct ServiceEvent(int Index, ServiceEventKind Kind, string Service, bool IsDescription, int ProcessId);
