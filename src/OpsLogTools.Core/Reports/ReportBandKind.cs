namespace OpsLogTools.Core.Reports;

/// <summary>What a shaded band on the timeline stands for.</summary>
public enum ReportBandKind
{
    /// <summary>A service was down.</summary>
    Outage,
    /// <summary>Lines were stamped by a displaced clock (shown at their true time).</summary>
    DisplacedClock,
    /// <summary>A yum/dnf update ran.</summary>
    UpdateRun,
}
