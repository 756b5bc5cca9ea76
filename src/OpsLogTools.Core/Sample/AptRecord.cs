namespace OpsLogTools.Core.Sample;

/// <summary>One apt run of the Debian host: its history.log record, and the line numbers it got when written.</summary>
internal sealed class AptRecord
{
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }
    public required string CommandLine { get; init; }
    /// <summary><c>ec2-user (1000)</c> under sudo; null for root (the timer).</summary>
    public string? RequestedBy { get; init; }
    public string? User { get; init; }
    public required string Trigger { get; init; }
    public DateTimeOffset? TimerElapse { get; init; }
    public long FirstLine { get; set; }
    public long LastLine { get; set; }
}
