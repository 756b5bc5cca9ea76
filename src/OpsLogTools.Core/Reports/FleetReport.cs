namespace OpsLogTools.Core.Reports;

/// <summary>A report over several hosts: the fleet view first, then each host's own report.</summary>
public sealed class FleetReport
{
    /// <summary>The heading.</summary>
    public string Title { get; init; } = "Operations report for a fleet";

    /// <summary>What the hosts' findings say together.</summary>
    public FleetView View { get; init; } = new();

    /// <summary>One report per host, in the order of <see cref="FleetView.Hosts"/>.</summary>
    public IReadOnlyList<OpsReport> Hosts { get; init; } = [];

    /// <summary>The zone the fleet view's times are shown in (each host's section keeps its own).</summary>
    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>When the report was written.</summary>
    public DateTimeOffset? GeneratedAt { get; init; }

    /// <summary>The zone's name as the page shows it: its display name, else its id (a zone made from an offset has no display name).</summary>
    public string ZoneName => string.IsNullOrWhiteSpace(Zone.DisplayName) ? Zone.Id : Zone.DisplayName;

    /// <summary>A time as the fleet view shows it, in <see cref="Zone"/>.</summary>
    public string Time(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, Zone).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Title}: {Hosts.Count} host(s), {View.ClockFaults.Count(f => f.IsShared)} shared clock fault(s), {View.SharedBots.Count} bot(s) on several hosts, {View.UpdateRuns.Count} update run(s)";
}
