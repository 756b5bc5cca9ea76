namespace OpsLogTools.Core.Analysis.Updates.Timers;

/// <summary>
/// One row of <c>systemctl list-timers</c> output saved in a bundle: the timer, the unit it activates, and when it last
/// triggered (the real moment, random delay included) and triggers next.
/// </summary>
public sealed class TimerListing
{
    /// <summary>The timer unit (the UNIT column), e.g. <c>dnf-automatic.timer</c>.</summary>
    public string Timer { get; init; } = "";

    /// <summary>The unit it starts (the ACTIVATES column), e.g. <c>dnf-automatic.service</c>.</summary>
    public string Activates { get; init; } = "";

    /// <summary>The LAST column: when it last triggered; null for <c>n/a</c> or <c>-</c>, or a local time with no zone to place it in.</summary>
    public DateTimeOffset? Last { get; init; }

    /// <summary>The NEXT column: when it triggers next; null as for <see cref="Last"/>.</summary>
    public DateTimeOffset? Next { get; init; }

    /// <summary>The saved output's file.</summary>
    public string Path { get; init; } = "";

    /// <summary>The saved output's path and the row's line: <c>path:line: text</c>.</summary>
    public string Evidence { get; init; } = "";
}
