using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Reports;

/// <summary>
/// The night's story as Export-OpsReport writes it: what was read, what went wrong (outages, anomalies with their
/// tamper verdicts), the update runs and how they stand to the incidents, the bots with the rules to block them, and
/// the requests per minute behind the charts. Built by <see cref="OpsReportBuilder"/>; written by
/// <see cref="HtmlReportWriter"/> and <see cref="MarkdownReportWriter"/>. Strings that came from logs are stored as
/// read: the writers escape them.
/// </summary>
public sealed class OpsReport
{
    /// <summary>The heading.</summary>
    public string Title { get; init; } = "";

    /// <summary>The host the syslog lines name (the most frequent), or null.</summary>
    public string? HostName { get; init; }

    /// <summary>The zone times are shown in.</summary>
    public TimeZoneInfo HostZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Start of the period: the -Since given, else the first entry.</summary>
    public DateTimeOffset? PeriodStart { get; init; }

    /// <summary>End of the period: the -Until given, else the last entry.</summary>
    public DateTimeOffset? PeriodEnd { get; init; }

    /// <summary>When the report was made, if the caller said.</summary>
    public DateTimeOffset? GeneratedAt { get; init; }

    /// <summary>The files read, with counts.</summary>
    public IReadOnlyList<ReportSource> Sources { get; init; } = [];

    /// <summary>Every anomaly in the period, in bundle order.</summary>
    public IReadOnlyList<LogAnomaly> Anomalies { get; init; } = [];

    /// <summary>The service outages among <see cref="Anomalies"/>, in time order.</summary>
    public IReadOnlyList<LogAnomaly> Outages { get; init; } = [];

    /// <summary>Bot clients, most hostile and busiest first.</summary>
    public IReadOnlyList<ReportBot> Bots { get; init; } = [];

    /// <summary>Known crawlers with only one or two requests, left out of <see cref="Bots"/> as Find-BotRequest leaves them out.</summary>
    public int CrawlersLeftOut { get; init; }

    /// <summary>The sentence that says how many crawlers were left out, or null.</summary>
    public string? CrawlersLeftOutNote => CrawlersLeftOut > 0
        ? $"{CrawlersLeftOut} known crawler(s) with only one or two requests are not listed (Find-BotRequest -IncludeBenign lists them)."
        : null;

    /// <summary>Update runs in the period, in time order.</summary>
    public IReadOnlyList<ReportUpdateRun> UpdateRuns { get; init; } = [];

    /// <summary>The shaded bands of the timeline: outages, displaced clocks, update runs.</summary>
    public IReadOnlyList<ReportBand> Bands { get; init; } = [];

    /// <summary>Requests per minute by status class, origin and CloudFront, in time order.</summary>
    public IReadOnlyList<RequestMinute> RequestMinutes { get; init; } = [];

    /// <summary>The story of the night (Get-LogTimeline -Summary) inside the period, in time order; empty when it was not told.</summary>
    public IReadOnlyList<StoryEvent> Story { get; init; } = [];

    /// <summary>
    /// Start of the incident window: the stretch around the findings (outages, displaced clocks, error bursts and the
    /// story's incident events) that the charts zoom to; null when there is nothing to zoom to.
    /// </summary>
    public DateTimeOffset? IncidentStart { get; init; }

    /// <summary>End of the incident window (see <see cref="IncidentStart"/>).</summary>
    public DateTimeOffset? IncidentEnd { get; init; }

    /// <summary>
    /// What kept the report from seeing the host (no file could be read, nothing recognised): shown in red at the top,
    /// and what a scheduler's script checks (<see cref="Failed"/>).
    /// </summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>True when the report could not see the host at all: files were asked for and none gave an entry.</summary>
    public bool Failed { get; init; }

    /// <summary>Warnings the engines gave for the admin (e.g. an origin log that shows only CDN edges).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Entries analysed (all of them) and stamped inside the period.</summary>
    public long Entries { get; init; }

    /// <summary>Entries stamped inside the period.</summary>
    public long EntriesInPeriod { get; init; }

    /// <summary>The directory every file read lies under (shown once; paths in the report are relative to it), or null.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>
    /// In a fleet report: the name the fleet knows this host by (PSComputerName); null for a one-host report.
    /// </summary>
    public string? FleetHost { get; private set; }

    /// <summary>
    /// In a fleet report: the wrong-clock windows this host saw together with other hosts (<see cref="FleetView.ClockFaults"/>
    /// with <see cref="FleetClockFault.IsShared"/>), so the host's "what to do" points at the time source they share
    /// rather than at this host's time sync. Empty for a one-host report.
    /// </summary>
    public IReadOnlyList<FleetClockFault> SharedClockFaults { get; private set; } = [];

    /// <summary>
    /// This report as the section of host <paramref name="host"/> in a fleet report whose view is <paramref name="view"/>:
    /// a copy with <see cref="FleetHost"/> and <see cref="SharedClockFaults"/> set (the report itself is not changed).
    /// </summary>
    public OpsReport InFleet(string host, FleetView view)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(view);
        var copy = (OpsReport)MemberwiseClone();
        copy.FleetHost = host;
        copy.SharedClockFaults = view.ClockFaults.Where(f => f.IsShared && f.Hosts.Contains(host, StringComparer.Ordinal)).ToList();
        return copy;
    }

    /// <summary><paramref name="text"/> with <see cref="BaseDirectory"/> taken off the paths it names.</summary>
    public string Shorten(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        if (string.IsNullOrEmpty(BaseDirectory)) return text;
        string prefix = BaseDirectory.EndsWith('/') || BaseDirectory.EndsWith('\\') ? BaseDirectory : BaseDirectory + System.IO.Path.DirectorySeparatorChar;
        return text.Replace(prefix, "", StringComparison.Ordinal);
    }

    /// <summary>A time shown in the host's zone.</summary>
    public DateTimeOffset Local(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, HostZone);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Title}: {Sources.Count} file(s), {Anomalies.Count} anomal(ies), {Outages.Count} outage(s), {Bots.Count} bot(s), {UpdateRuns.Count} update run(s)";
}
