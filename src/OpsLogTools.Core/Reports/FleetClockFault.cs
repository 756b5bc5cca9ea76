using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Reports;

/// <summary>
/// One wrong-clock window of a fleet: the displaced-timestamp runs (<see cref="AnomalyKind.DisplacedTimestamps"/>) of
/// every host whose true-time windows overlap. Seen on two hosts or more, the fault is the fleet's time source (an NTP
/// server, a hypervisor clock); seen on one host alone, it is that host's.
/// </summary>
public sealed class FleetClockFault
{
    /// <summary>The earliest true start among the runs.</summary>
    public DateTimeOffset Start { get; init; }

    /// <summary>The latest true end among the runs.</summary>
    public DateTimeOffset End { get; init; }

    /// <summary>The hosts that saw it, in ordinal order.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>The runs, each with its host, in the order of their start.</summary>
    public IReadOnlyList<(string Host, LogAnomaly Run)> Runs { get; init; } = [];

    /// <summary>True when two hosts or more saw it: a time-source problem for the fleet, not one host's.</summary>
    public bool IsShared => Hosts.Count >= 2;

    /// <summary>The smallest clock offset among the runs, in seconds.</summary>
    public double MinOffsetSeconds => Runs.Count == 0 ? 0 : Runs.Min(r => r.Run.OffsetSeconds);

    /// <summary>The largest clock offset among the runs, in seconds.</summary>
    public double MaxOffsetSeconds => Runs.Count == 0 ? 0 : Runs.Max(r => r.Run.OffsetSeconds);

    /// <inheritdoc />
    public override string ToString() => $"{Start:o} – {End:o} {string.Join(", ", Hosts)}{(IsShared ? " (shared)" : " (one host)")}";
}
