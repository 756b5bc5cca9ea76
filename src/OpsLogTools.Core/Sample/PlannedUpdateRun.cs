namespace OpsLogTools.Core.Sample;

/// <summary>A yum transaction or apt run being planned, with the records whose final line numbers the truth needs.</summary>
internal sealed class PlannedUpdateRun
{
    public required string Schedule { get; init; }
    public required DateTimeOffset CommandAt { get; init; }
    public SyslogRecord? CommandRecord { get; init; }
    public List<(DateTimeOffset At, PackageChange Package)> Packages { get; } = new();
    public bool RestartedRsyslog { get; set; }
    /// <summary>apt runs: the record as apt/history.log gets it (null for yum).</summary>
    public AptRecord? Apt { get; set; }
    /// <summary>dnf runs of the Amazon Linux 2023 host: what the truth says of them (null for yum and apt).</summary>
    public DnfRecord? Dnf { get; set; }
}
