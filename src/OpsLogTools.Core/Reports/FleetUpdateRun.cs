using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Reports;

/// <summary>One host's update run in the fleet view, where the runs of all hosts stand side by side in time order.</summary>
public sealed class FleetUpdateRun
{
    /// <summary>The host that ran it.</summary>
    public string Host { get; init; } = "";

    /// <summary>The run as Test-YumUpdateWindow gave it.</summary>
    public UpdateWindowResult Result { get; init; } = new();

    /// <summary>The other hosts with a run overlapping this one (within the fleet view's margin), in ordinal order.</summary>
    public IReadOnlyList<string> AlongsideHosts { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() => $"{Host} {Result.UpdateStart:o} {Result.Packages.Count} package(s)";
}
