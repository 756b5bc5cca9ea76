namespace OpsLogTools.Core.Model;

/// <summary>
/// One stretch of a log that is not what it should be: displaced stamps, missing lines, damaged bytes, an
/// error burst or a service outage. Line numbers and stamps point at lines an admin can open and check.
/// </summary>
/// <remarks>
/// Per kind, the line fields mean:
/// <list type="bullet">
/// <item><see cref="AnomalyKind.DisplacedTimestamps"/>: the displaced lines themselves, first to last.</item>
/// <item><see cref="AnomalyKind.MissingLines"/>: the last line before the silence and the first line after it
/// (<see cref="LineCount"/> is 0: nothing is there; <see cref="ExpectedLines"/> says how many were due).</item>
/// <item><see cref="AnomalyKind.Corruption"/>: the damaged lines as the reader reported them.</item>
/// <item><see cref="AnomalyKind.ErrorBurst"/>: the first and last error line of the burst.</item>
/// <item><see cref="AnomalyKind.ServiceOutage"/>: the line that shows the service going down and the line that shows it back.</item>
/// <item><see cref="AnomalyKind.ServiceRestart"/>: the same, for a service stopped on purpose and started again while no request failed.</item>
/// <item><see cref="AnomalyKind.HostShutdown"/>: the first line of the shutdown (or, with no shutdown logged, the last line before the
/// boot) and the kernel's boot banner.</item>
/// <item><see cref="AnomalyKind.ChronicErrors"/>: the first and last line of the recurring error (<see cref="LineCount"/> is how many
/// lines it has, <see cref="RatePerHour"/> its steady rate).</item>
/// <item><see cref="AnomalyKind.UncertainTime"/>: the lines whose guessed year or zone the logs' clocks disagree with, first to last.</item>
/// <item><see cref="AnomalyKind.ClockStep"/>: the witness lines that report the step (chronyd's "wrong by" and "stepped by" are one step);
/// <see cref="OffsetSeconds"/> is what the stamps before the step were off by (minus the step).</item>
/// </list>
/// </remarks>
public sealed class LogAnomaly
{
    /// <summary>What kind of stretch this is.</summary>
    public AnomalyKind Kind { get; init; }

    /// <summary>The file the stretch is in.</summary>
    public string Path { get; init; } = "";

    /// <summary>First line of the stretch (1-based); see the remarks for what it means per kind.</summary>
    public long FirstLine { get; init; }

    /// <summary>Last line of the stretch (1-based).</summary>
    public long LastLine { get; init; }

    /// <summary>
    /// The file of the stretch's last line: <see cref="Path"/>, unless the stretch goes on into the next file of a rotated set
    /// (a displaced run that crosses <c>messages-20220720.gz</c> → <c>messages</c>); then <see cref="LastLine"/> is the
    /// last line of the stretch in <see cref="Path"/> and this file holds the rest, to <see cref="EndLine"/>.
    /// </summary>
    public string EndPath { get => _endPath ?? Path; init => _endPath = value; }

    /// <summary>The stretch's last line in <see cref="EndPath"/> (1-based): <see cref="LastLine"/> unless the stretch crosses a rotation.</summary>
    public long EndLine { get => _endLine ?? LastLine; init => _endLine = value; }

    private readonly string? _endPath;
    private readonly long? _endLine;

    /// <summary>Lines in the stretch as read (for displaced stamps: the displaced lines).</summary>
    public long LineCount { get; init; }

    /// <summary>The stamp of the first line, as written (year and zone as the reader resolved them).</summary>
    public DateTimeOffset StampedStart { get; init; }

    /// <summary>The stamp of the last line, as written.</summary>
    public DateTimeOffset StampedEnd { get; init; }

    /// <summary>Best estimate of the true time the stretch began.</summary>
    public DateTimeOffset Start { get; init; }

    /// <summary>Best estimate of the true time the stretch ended.</summary>
    public DateTimeOffset End { get; init; }

    /// <summary>Stamped minus true time, in seconds (0 unless the stamps are displaced).</summary>
    public double OffsetSeconds { get; init; }

    /// <summary>How far <see cref="OffsetSeconds"/> may be off, in seconds (± this much).</summary>
    public double OffsetUncertaintySeconds { get; init; }

    /// <summary>What the offset was measured from.</summary>
    public OffsetBasis Basis { get; init; }

    /// <summary>The most likely cause.</summary>
    public AnomalyCause Cause { get; init; }

    /// <summary>Whether the stretch looks tampered with; the reasons are in <see cref="Evidence"/>.</summary>
    public TamperVerdict Tampering { get; init; }

    /// <summary>How sure the detector is that this is real (0–1).</summary>
    public double Confidence { get; init; }

    /// <summary>The service concerned (outages, bursts), e.g. <c>httpd</c>; else null.</summary>
    public string? Service { get; init; }

    /// <summary>For missing lines: how many lines the file's own rate says were due in the silence.</summary>
    public double ExpectedLines { get; init; }

    /// <summary>For chronic errors: how many times an hour the error recurs (the median hour); else 0.</summary>
    public double RatePerHour { get; init; }

    /// <summary>For chronic errors: the error's words without the client's address, the referer and numbers; else null.</summary>
    public string? Signature { get; init; }

    /// <summary>Other files showing the same thing at the same moments (the same displacement, the same outage).</summary>
    public IReadOnlyList<string> RelatedPaths { get; init; } = [];

    /// <summary>The clock witnesses behind the finding: the time daemon, systemd, timedated, kernel or auditd lines at a displaced
    /// stretch's start or end, or the lines of a witnessed <see cref="AnomalyKind.ClockStep"/>; empty when none spoke.</summary>
    public IReadOnlyList<ClockEvent> ClockEvents { get; init; } = [];

    /// <summary>One line in an admin's words.</summary>
    public string Summary { get; init; } = "";

    /// <summary>Facts an admin can check by hand, each naming files and lines.</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Path}:{FirstLine}-{LastLine} {Summary}";
}
