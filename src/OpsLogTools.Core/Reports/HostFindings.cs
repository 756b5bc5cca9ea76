using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Reports;

/// <summary>What one host of a fleet reported: its name and the findings its cmdlets returned (Get-LogAnomaly, Find-BotRequest, Test-YumUpdateWindow).</summary>
public sealed class HostFindings
{
    /// <summary>The host as the fleet run named it (PSComputerName): a name, an address, or host:port.</summary>
    public string HostName { get; init; } = "";

    /// <summary>The host's anomalies.</summary>
    public IReadOnlyList<LogAnomaly> Anomalies { get; init; } = [];

    /// <summary>The host's bot clients.</summary>
    public IReadOnlyList<BotActivity> Bots { get; init; } = [];

    /// <summary>The host's update runs.</summary>
    public IReadOnlyList<UpdateWindowResult> Updates { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() => $"{HostName}: {Anomalies.Count} anomalies, {Bots.Count} bots, {Updates.Count} update runs";
}
