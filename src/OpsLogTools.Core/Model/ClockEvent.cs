namespace OpsLogTools.Core.Model;

/// <summary>
/// What a clock witness wrote about the host's clock: a time daemon (chronyd, ntpd, systemd-timesyncd), systemd,
/// timedated, journald, the kernel or auditd. Witnessed steps decide "clock or tampering" for a displaced run.
/// </summary>
public sealed class ClockEvent
{
    /// <summary>The stamp of the witness line, as the reader resolved it.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>What the witness said.</summary>
    public ClockEventKind Kind { get; init; }

    /// <summary>
    /// How far the clock moved (<see cref="ClockEventKind.ClockStepped"/>) or had to move (<see cref="ClockEventKind.ClockWrong"/>),
    /// in seconds, positive forward, when the line prints it; else null. chronyd's "wrong by -9.3" and "stepped by -9.3"
    /// both say the clock went 9.3 s back: the lines before were stamped 9.3 s ahead.
    /// </summary>
    public double? StepSeconds { get; init; }

    /// <summary>What the line names: the time source, the zone, the clocksource, the time the clock was set to; else null.</summary>
    public string? Detail { get; init; }

    /// <summary>The program that wrote the line (<c>chronyd</c>, <c>kernel</c>, <c>auditd</c>).</summary>
    public string Source { get; init; } = "";

    /// <summary>The file of the line.</summary>
    public string Path { get; init; } = "";

    /// <summary>The line's number in <see cref="Path"/> (1-based).</summary>
    public long LineNumber { get; init; }

    /// <summary>The line's message as written (after the stamp, host and tag).</summary>
    public string Line { get; init; } = "";

    /// <inheritdoc />
    public override string ToString() => $"{Time:yyyy-MM-dd HH:mm:ss zzz} {Kind} {Source}: {Line}";
}
