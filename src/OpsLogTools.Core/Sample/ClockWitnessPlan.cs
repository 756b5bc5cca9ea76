namespace OpsLogTools.Core.Sample;

/// <summary>
/// What chronyd writes into <c>messages</c> about the clock (chrony 4's words: reference.c "System clock wrong by %.6f
/// seconds", local.c "System clock was stepped by %.6f seconds"). Off by default: the seed host's chronyd stays quiet.
/// </summary>
public sealed record ClockWitnessPlan
{
    /// <summary>
    /// Whether chronyd witnesses the end of each stamp run: "wrong by" written by the wrong clock as the run's last line,
    /// "stepped by" by the right one at the run's end (the step that ends it).
    /// </summary>
    public bool ChronyStepsAtRunEnd { get; init; }

    /// <summary>
    /// A step chronyd makes that no run of stamps shows (under the 30 s jitter a displaced run needs), in seconds, positive
    /// forward (-9.3: the clock was 9.3 s ahead); null for none. Written at <see cref="SmallStepAt"/>.
    /// </summary>
    public double? SmallStepSeconds { get; init; }

    /// <summary>When the small step happens, relative to the incident start (true time).</summary>
    public TimeSpan SmallStepAt { get; init; } = TimeSpan.FromHours(-3);

    /// <summary>
    /// Whether each displaced-clock run is the work of <c>date -s</c>: the clock set wrong at the run's start and back at
    /// its end, each time written into <c>wtmp</c> as date does (an OLD_TIME record with the time before, a NEW_TIME one
    /// with the time after: user "date", lines "|" and "{").
    /// </summary>
    public bool DateStepsAtRunEdges { get; init; }

    /// <summary>
    /// Whether auditd (with the CIS/STIG rule <c>-a always,exit -F arch=b64 -S adjtimex,settimeofday,clock_settime -k
    /// time-change</c>) records those <c>date -s</c> calls in <c>audit/audit.log</c>: a SYSCALL clock_settime(CLOCK_REALTIME)
    /// record, its PROCTITLE and EOE, stamped by the clock before the call. Needs <see cref="DateStepsAtRunEdges"/>.
    /// </summary>
    public bool AuditTimeChange { get; init; }
}
