namespace OpsLogTools.Core.Model;

/// <summary>What the offset of a displaced stretch was measured from. Several can apply at once.</summary>
[Flags]
public enum OffsetBasis
{
    /// <summary>Nothing measured (not a displaced stretch).</summary>
    None = 0,
    /// <summary>Timestamps that programs print inside their own messages (agents, ISO stamps, ctime stamps).</summary>
    EmbeddedClocks = 1,
    /// <summary>The same moments logged by another file of the bundle in true time (same process id, a cron job and its session).</summary>
    SharedEvents = 2,
    /// <summary>The minute grid of periodic jobs: gives the offset modulo their period.</summary>
    Cadence = 4,
    /// <summary>The good lines just before and after the stretch: the offset lies between what they allow.</summary>
    Boundaries = 8,
    /// <summary>A clock witness at the stretch's start or end: a time daemon, systemd, timedated, the kernel or auditd said the clock
    /// was stepped, set or found wrong there (see <see cref="LogAnomaly.ClockEvents"/>); a printed step gives the offset itself.</summary>
    ClockWitness = 16,
    /// <summary>The journal's monotonic clock: within one boot, realtime − monotonic changed at the stretch's edges (a clock step,
    /// measured to the microsecond from the entries' own <c>__REALTIME_TIMESTAMP</c> and <c>__MONOTONIC_TIMESTAMP</c>).</summary>
    Monotonic = 32,
}
