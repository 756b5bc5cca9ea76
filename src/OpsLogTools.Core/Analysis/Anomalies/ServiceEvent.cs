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
    /// <summary>The machine booted.</summary>
    Boot,
}

/// <summary>A service-related line: which line, what happened, to which service (unit stem or description).</summary>
/// <param name="Index">Index of the line in its file's facts.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Service">Unit stem (<c>httpd</c>) when the line names a unit or a process; the systemd description otherwise.</param>
/// <param name="IsDescription">True when <paramref name="Service"/> is a systemd description, not a unit.</param>
/// <param name="ProcessId">The process the line is about (OOM victim), else 0.</param>
internal readonly record struct ServiceEvent(int Index, ServiceEventKind Kind, string Service, bool IsDescription, int ProcessId);
