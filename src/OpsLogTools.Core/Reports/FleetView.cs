using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Reports;

/// <summary>
/// What a fleet's findings say together, before each host's own: clock faults that several hosts saw in the same
/// window (a time-source problem) apart from those one host saw alone (a host problem), bot clients that reached
/// several hosts, and every host's update runs side by side in time order.
/// </summary>
public sealed class FleetView
{
    /// <summary>How close two hosts' update runs must be to count as run alongside each other.</summary>
    public static readonly TimeSpan UpdateMargin = TimeSpan.FromMinutes(30);

    /// <summary>The hosts, in ordinal order.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>Every wrong-clock window, shared ones and one-host ones, in the order of their start.</summary>
    public IReadOnlyList<FleetClockFault> ClockFaults { get; init; } = [];

    /// <summary>Bot clients seen on two hosts or more, most requests first.</summary>
    public IReadOnlyList<FleetBot> SharedBots { get; init; } = [];

    /// <summary>Every host's update runs, in the order of their start.</summary>
    public IReadOnlyList<FleetUpdateRun> UpdateRuns { get; init; } = [];

    /// <summary>Builds the view from each host's findings. Hosts with the same name are taken as one.</summary>
    public static FleetView Build(IEnumerable<HostFindings> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        var list = hosts.ToList();
        return new FleetView
        {
            Hosts = list.Select(h => h.HostName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            ClockFaults = ClockWindows(list),
            SharedBots = Bots(list),
            UpdateRuns = Updates(list),
        };
    }

    // A sweep over the runs by true start: a run that begins before the window so far has ended joins it. Overlap is
    // transitive here (A overlaps B overlaps C is one window): a fleet's clock fault seldom starts on every host at once.
    private static List<FleetClockFault> ClockWindows(List<HostFindings> hosts)
    {
        var runs = hosts.SelectMany(h => h.Anomalies.Where(a => a.Kind == AnomalyKind.DisplacedTimestamps).Select(a => (Host: h.HostName, Run: a)))
            .OrderBy(r => r.Run.Start).ThenBy(r => r.Host, StringComparer.Ordinal).ThenBy(r => r.Run.Path, StringComparer.Ordinal).ToList();
        var faults = new List<FleetClockFault>();
        var current = new List<(string Host, LogAnomaly Run)>();
        DateTimeOffset start = default, end = default;
        foreach (var r in runs)
        {
            if (current.Count > 0 && r.Run.Start >= end && r.Run.Start > start)
            {
                faults.Add(Fault(current, start, end));
                current = new();
            }
            if (current.Count == 0) (start, end) = (r.Run.Start, r.Run.End);
            else if (r.Run.End > end) end = r.Run.End;
            current.Add(r);
        }
        if (current.Count > 0) faults.Add(Fault(current, start, end));
        return faults;
    }

    private static FleetClockFault Fault(List<(string Host, LogAnomaly Run)> runs, DateTimeOffset start, DateTimeOffset end) => new()
    {
        Start = start,
        End = end,
        Hosts = runs.Select(r => r.Host).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
        // By host, then time: the reader looks for one host's files together.
        Runs = runs.OrderBy(r => r.Host, StringComparer.Ordinal).ThenBy(r => r.Run.Start).ThenBy(r => r.Run.Path, StringComparer.Ordinal).ToList(),
    };

    private static List<FleetBot> Bots(List<HostFindings> hosts) =>
        hosts.SelectMany(h => h.Bots.Where(b => b.ClientIp.Length > 0).Select(b => (Host: h.HostName, Activity: b)))
            .GroupBy(s => s.Activity.ClientIp, StringComparer.Ordinal)
            .Select(g => new FleetBot
            {
                ClientIp = g.Key,
                Hosts = g.Select(s => s.Host).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                Sightings = g.OrderBy(s => s.Host, StringComparer.Ordinal).ToList(),
            })
            .Where(b => b.Hosts.Count >= 2)
            .OrderByDescending(b => b.Hosts.Count).ThenByDescending(b => b.Requests).ThenBy(b => b.ClientIp, StringComparer.Ordinal)
            .ToList();

    private static List<FleetUpdateRun> Updates(List<HostFindings> hosts)
    {
        var runs = hosts.SelectMany(h => h.Updates.Select(u => (Host: h.HostName, Result: u))).ToList();
        return runs
            .OrderBy(r => r.Result.UpdateStart).ThenBy(r => r.Host, StringComparer.Ordinal)
            .Select(r => new FleetUpdateRun
            {
                Host = r.Host,
                Result = r.Result,
                AlongsideHosts = runs
                    .Where(o => !string.Equals(o.Host, r.Host, StringComparison.Ordinal)
                        && o.Result.UpdateStart <= r.Result.UpdateEnd + UpdateMargin && r.Result.UpdateStart <= o.Result.UpdateEnd + UpdateMargin)
                    .Select(o => o.Host).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            })
            .ToList();
    }
}
