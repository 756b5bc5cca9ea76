namespace OpsLogTools.Core.Sample;

/// <summary>A yum transaction being planned, with the records whose final line numbers the truth needs.</summary>
internal sealed class PlannedUpdateRun
{
    public required string Schedule { get; init; }
    public required DateTimeOffset CommandAt { get; init; }
    public SyslogRecord? CommandRecord { get; init; }
    public List<(DateTimeOffset At, PackageChange Package)> Packages { get; } = new();
    public bool RestartedRsyslog { get; set; }
}
