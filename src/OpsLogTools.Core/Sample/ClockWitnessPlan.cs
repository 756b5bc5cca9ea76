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
}
