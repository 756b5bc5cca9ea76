namespace OpsLogTools.Core.Model;

/// <summary>The most likely cause of a <see cref="LogAnomaly"/>.</summary>
public enum AnomalyCause
{
    /// <summary>Not determined from the logs.</summary>
    Unknown,
    /// <summary>Stamps written in the wrong zone: the offset is a whole zone step (a multiple of 15 minutes within ±14 h).</summary>
    TimeZone,
    /// <summary>Stamps written by a clock that was wrong by an offset that is not a zone step.</summary>
    Clock,
    /// <summary>The machine stopped without flushing its files (NUL-filled tail of a log).</summary>
    UncleanShutdown,
    /// <summary>A file cut short (a gzip member that ends early, a copy that stopped).</summary>
    Truncation,
    /// <summary>The kernel killed the service for memory (OOM killer).</summary>
    OutOfMemory,
    /// <summary>The service's main process died or the unit failed.</summary>
    Crash,
    /// <summary>The service was stopped on purpose (systemctl stop, shutdown) and started again later.</summary>
    Stopped,
    /// <summary>The server ran out of workers or capacity (e.g. Apache's MaxRequestWorkers reached).</summary>
    Overload,
    /// <summary>The origin stopped answering: the CDN logged errors while the origin logged nothing.</summary>
    OriginUnreachable,
}
