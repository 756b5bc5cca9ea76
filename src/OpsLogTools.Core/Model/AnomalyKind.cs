namespace OpsLogTools.Core.Model;

/// <summary>What kind of stretch <see cref="LogAnomaly"/> describes.</summary>
public enum AnomalyKind
{
    /// <summary>A contiguous run of lines stamped with a constant offset from true time (a wrong clock or zone), in otherwise normal order.</summary>
    DisplacedTimestamps,
    /// <summary>One file fell silent for longer than its own rate allows while the other files of the host went on.</summary>
    MissingLines,
    /// <summary>Damaged bytes: NUL runs, binary garbage, a truncated gzip member, an over-long line.</summary>
    Corruption,
    /// <summary>A surge of 5xx responses or error lines against the file's own baseline.</summary>
    ErrorBurst,
    /// <summary>A service went down (killed, failed, stopped, unreachable behind the CDN) and came back.</summary>
    ServiceOutage,
    /// <summary>The host was shut down or rebooted: one finding from the first unit stopping (or the last line before a boot that followed no shutdown) to the kernel's boot banner.</summary>
    HostShutdown,
    /// <summary>A system service was stopped on purpose and started again (an admin, a package update) while no request failed: a restart, not an outage.</summary>
    ServiceRestart,
    /// <summary>One error that recurs all along a file at a steady rate (a missing file hit all day): one finding with its rate, not a burst per busy hour.</summary>
    ChronicErrors,
    /// <summary>
    /// The year or zone the reader gave a file's stamps was a guess (the file's modification time, the zone of the
    /// machine running the tool), and clocks in the logs disagree with it by whole years or a whole zone step (or a
    /// daylight-saving change explains a step): the file's time is uncertain; no fault of the host is shown.
    /// </summary>
    UncertainTime,
    /// <summary>
    /// A clock witness (chronyd, ntpd, systemd's RTC-in-local-time delta, auditd) reports a step of the clock that no displaced
    /// run shows (a step under the displaced-run threshold, or one whose lines no file kept): the event itself, with its size.
    /// </summary>
    ClockStep,
}
