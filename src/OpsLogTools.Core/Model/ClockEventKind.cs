namespace OpsLogTools.Core.Model;

/// <summary>What a clock witness (a time daemon, systemd, the kernel, auditd) said about the host's clock.</summary>
public enum ClockEventKind
{
    /// <summary>The clock was found wrong by a printed amount (chronyd <c>System clock wrong by N seconds</c>, ntpd's sanity limit).</summary>
    ClockWrong,
    /// <summary>The clock was stepped by a printed amount (chronyd <c>System clock was stepped by N seconds</c>, ntpd <c>time reset +N s</c>,
    /// systemd's RTC-in-local-time delta at boot).</summary>
    ClockStepped,
    /// <summary>The clock was set to a time, the size of the step not printed (systemd-timesyncd's first synchronisation or restore,
    /// systemd's <c>System time before build time</c>, timedated's <c>Changed local time to</c>, the kernel reading the RTC at boot,
    /// an auditd settimeofday / clock_settime record).</summary>
    ClockSet,
    /// <summary>A daemon saw the clock jump under it (chronyd <c>Forward/Backward time jump detected!</c>, journald
    /// <c>Time jumped backwards, rotating.</c>, chronyd <c>System clock interference detected</c>).</summary>
    TimeJump,
    /// <summary>chronyd selected a time source.</summary>
    SourceSelected,
    /// <summary>A time source came online.</summary>
    SourceOnline,
    /// <summary>The clock lost its time source (chronyd <c>Can't synchronise: ...</c>, <c>Source X offline</c>, timesyncd
    /// <c>Timed out waiting for reply</c>) or the kernel found its clocksource unstable.</summary>
    SourceLost,
    /// <summary>The kernel switched to another clocksource (<c>clocksource: Switched to clocksource kvm-clock</c>, <c>Time: tsc clocksource has been installed.</c>).</summary>
    ClocksourceSwitched,
    /// <summary>The kernel's timer interrupt took too long (<c>hrtimer: interrupt took N ns</c>): a stalled virtual CPU.</summary>
    TimerStall,
    /// <summary>The time zone was changed (timedated <c>Changed time zone to '...'</c>, an auditd write to /etc/localtime).</summary>
    TimeZoneChanged,
    /// <summary>The real-time clock is read as local time, not UTC (systemd <c>RTC configured in localtime</c>).</summary>
    RtcLocalTime,
    /// <summary>The clock was slewed or its frequency changed by a program (auditd adjtimex / TIME_ADJNTPVAL records).</summary>
    ClockAdjusted,
}
