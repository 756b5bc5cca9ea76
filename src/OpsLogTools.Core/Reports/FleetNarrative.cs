using System.Globalization;

namespace OpsLogTools.Core.Reports;

/// <summary>
/// The fleet view in sentences, shared by the HTML and Markdown writers. The sentences hold host names and other text
/// from the hosts: the writers escape them as log text (<see cref="Text.ReportText.Html"/>, <see cref="Text.ReportText.Markdown"/>).
/// </summary>
public static class FleetNarrative
{
    /// <summary>What the fleet's findings say together, most important first.</summary>
    public static IReadOnlyList<string> Sentences(FleetReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var v = report.View;
        var said = new List<string>();
        foreach (var f in v.ClockFaults.Where(f => f.IsShared))
        {
            said.Add($"{Hosts(f.Hosts)} saw the same wrong clock from {report.Time(f.Start)} to {report.Time(f.End)} ({Offsets(f)}): "
                + "a time-source problem for the fleet, not one host's; check the time server they share.");
        }
        foreach (var f in v.ClockFaults.Where(f => !f.IsShared))
        {
            said.Add($"{f.Hosts[0]} alone had a wrong clock from {report.Time(f.Start)} to {report.Time(f.End)} ({Offsets(f)}): a problem of that host.");
        }
        if (v.ClockFaults.Count == 0) said.Add("No host's clock was found wrong.");
        foreach (var b in v.SharedBots.Take(5))
        {
            said.Add(string.Create(CultureInfo.InvariantCulture, $"The bot client {b.ClientIp} reached {Hosts(b.Hosts)} ({b.Requests:N0} requests, {b.Intent}, {report.Time(b.FirstSeen)} – {report.Time(b.LastSeen)})."));
        }
        if (v.SharedBots.Count > 5) said.Add($"{v.SharedBots.Count - 5} more bot client(s) reached several hosts.");
        var together = v.UpdateRuns.Where(u => u.AlongsideHosts.Count > 0).ToList();
        if (together.Count > 0)
        {
            said.Add($"{Hosts(together.Select(u => u.Host).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList())} ran updates at about the same time (the table below sets them side by side).");
        }
        return said;
    }

    /// <summary>"h1", "h1 and h2", "h1, h2 and h3".</summary>
    public static string Hosts(IReadOnlyList<string> hosts) => hosts.Count switch
    {
        0 => "no host",
        1 => hosts[0],
        _ => string.Join(", ", hosts.Take(hosts.Count - 1)) + " and " + hosts[^1],
    };

    internal static string Offsets(FleetClockFault f) =>
        Math.Abs(f.MaxOffsetSeconds - f.MinOffsetSeconds) < 1
            ? $"off by {Seconds(f.MinOffsetSeconds)}"
            : $"off by {Seconds(f.MinOffsetSeconds)} to {Seconds(f.MaxOffsetSeconds)}";

    internal static string Seconds(double s) =>
        (s >= 0 ? "+" : "−") + HtmlReportWriter.Duration(TimeSpan.FromSeconds(Math.Abs(s)));
}
