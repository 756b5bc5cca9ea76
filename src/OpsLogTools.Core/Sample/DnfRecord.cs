namespace OpsLogTools.Core.Sample;

/// <summary>One dnf run of the Amazon Linux 2023 host: what started it, and the dnf.rpm.log lines it got when written.</summary>
internal sealed class DnfRecord
{
    /// <summary><c>SystemdTimer</c> or <c>Manual</c>.</summary>
    public required string Trigger { get; init; }
    /// <summary>What started dnf: <c>dnf-automatic</c> (the timer's service) or the command sudo logged.</summary>
    public required string Command { get; init; }
    public string? User { get; init; }
    public DateTimeOffset? TimerElapse { get; init; }
    public string? OnCalendar { get; init; }
    /// <summary>The first and last package lines of the run in <see cref="HostLog.DnfLines"/> (true time).</summary>
    public (DateTimeOffset True, string Text) First { get; set; }
    public (DateTimeOffset True, string Text) Last { get; set; }
    public long FirstLine { get; set; }
    public long LastLine { get; set; }
}
