using System.Globalization;
using System.Text;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Text;

namespace OpsLogTools.Core.Reports;

/// <summary>
/// Writes an <see cref="OpsReport"/> as GitHub-flavoured Markdown: the same findings as the HTML page, as tables, without
/// charts (for mail or chat). Every string that came from a log goes through <see cref="ReportText.Markdown"/>, so it
/// cannot break a table, carry HTML, or become a link.
/// </summary>
public static class MarkdownReportWriter
{
    /// <summary>Writes the Markdown to <paramref name="writer"/>.</summary>
    public static void Write(OpsReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Render(report));
    }

    /// <summary>The Markdown as a string.</summary>
    public static string Render(OpsReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var sb = new StringBuilder(16 * 1024);
        sb.Append("# ").Append(ReportText.Markdown(r.Title)).Append("\n\n");
        var meta = new List<string>();
        if (r.HostName is not null) meta.Add("Host " + ReportText.Markdown(r.HostName));
        if (r.PeriodStart is { } s && r.PeriodEnd is { } e) meta.Add(Own($"Period {T(r, s)} – {T(r, e)}"));
        meta.Add(Own($"Times in {r.HostZone.DisplayName}"));
        meta.Add(Own(string.Create(CultureInfo.InvariantCulture, $"{r.Sources.Count} file(s), {r.Entries:N0} entries read, {r.EntriesInPeriod:N0} in the period")));
        if (r.BaseDirectory is not null) meta.Add("Files under " + ReportText.Markdown(r.BaseDirectory));
        if (r.GeneratedAt is { } g) meta.Add(Own($"Generated {T(r, g)}"));
        sb.Append(string.Join(" · ", meta)).Append("\n\n");

        sb.Append("## Summary\n\n");
        if (r.Outages.Count == 0) sb.Append("- Outages: none found.\n");
        foreach (var o in r.Outages)
            sb.Append("- **Outage**: ").Append(ReportText.Markdown(o.Service ?? "service")).Append(Own($" down {T(r, o.Start)} – {T(r, o.End)} ({HtmlReportWriter.Duration(o.End - o.Start)}), {o.Cause}")).Append('\n');
        foreach (var group in r.Anomalies.Where(a => a.Kind != AnomalyKind.ServiceOutage).GroupBy(a => a.Kind).OrderBy(x => x.Key))
            sb.Append("- **Anomalies**: ").Append(Own($"{group.Count()} × {group.Key}, worst tamper verdict {group.Max(a => a.Tampering)}")).Append('\n');
        foreach (var u in r.UpdateRuns.Where(u => u.IsNear))
            sb.Append("- **Update run near an incident**: ").Append(Own($"{T(r, u.Result.UpdateStart)} {u.Result.Run.Tool}, {u.Result.Packages.Count} package(s), {u.Result.Trigger}, {u.Relation} "))
              .Append(ReportText.Markdown(r.Shorten(u.NearestIncident))).Append('\n');
        foreach (var b in r.Bots.Where(b => b.Activity.Intent != BotIntent.Benign).Take(5))
            sb.Append("- **Bot** ").Append(ReportText.Markdown(b.Activity.ClientIp)).Append(Own($": {b.Activity.Kind}, {b.Activity.Intent}, {b.Activity.Requests} requests → "))
              .Append(b.Rule is not null ? ReportText.Markdown(b.Rule.Rule) : "no rule: " + ReportText.Markdown(b.Refusal?.ErrorId ?? "none suggested")).Append('\n');
        foreach (var w in r.Warnings) sb.Append("- Warning: ").Append(ReportText.Markdown(w)).Append('\n');
        sb.Append('\n');

        if (r.Outages.Count > 0)
        {
            sb.Append("## Outages\n\n");
            Table(sb, ["Service", "Down", "Back", "Cause", "Where", "Evidence"], r.Outages.Select(o => new[]
            {
                ReportText.Markdown(o.Service), Own(T(r, o.Start)), Own(T(r, o.End)), Own(o.Cause.ToString()),
                ReportText.Markdown(r.Shorten(OpsReportBuilder.Where(o))), Joined(o.Evidence),
            }));
        }

        sb.Append("## Anomalies\n\n");
        if (r.Anomalies.Count == 0) sb.Append("None found.\n\n");
        else Table(sb, ["Kind", "Where", "True time", "Offset (s)", "Cause", "Tampering", "Summary", "Evidence"], r.Anomalies.Select(a => new[]
        {
            Own(a.Kind.ToString()), ReportText.Markdown(r.Shorten(OpsReportBuilder.Where(a))), Own($"{T(r, a.Start)} – {T(r, a.End)}"),
            Own(a.OffsetSeconds.ToString("0", CultureInfo.InvariantCulture)), Own(a.Cause.ToString()), Own(a.Tampering.ToString()),
            ReportText.Markdown(a.Summary), Joined(a.Evidence),
        }));

        sb.Append("## Update runs\n\n");
        if (r.UpdateRuns.Count == 0) sb.Append("No yum or dnf run in the period.\n\n");
        else Table(sb, ["When", "Started by", "Packages", "Against the nearest incident", "Verdict", "Evidence"], r.UpdateRuns.Select(u => new[]
        {
            Own($"{T(r, u.Result.UpdateStart)} – {T(r, u.Result.UpdateEnd)}"),
            Own(u.Result.Trigger.ToString()) + " " + ReportText.Markdown(u.Result.Schedule),
            ReportText.Markdown(HtmlTables.Abbreviate(u.Result.Packages.Select(p => p.Name), 8)),
            u.Relation is { } rel ? Own(rel.ToString()) + " " + ReportText.Markdown(r.Shorten(u.NearestIncident)) : "",
            ReportText.Markdown(u.Result.Verdict),
            Joined(new[] { r.Shorten($"{u.Result.Run.Path}:{u.Result.Run.FirstLine}-{u.Result.Run.LastLine}") }.Concat(u.Result.Run.ScheduleEvidence)),
        }));

        sb.Append("## Bots\n\n");
        if (r.Bots.Count == 0) sb.Append("No bot found.\n\n");
        else Table(sb, ["Client", "Kind", "Intent", "Requests", "Seen", "Statuses", "Sample paths", "User agents", "Suggested rule", "Evidence"], r.Bots.Select(b => new[]
        {
            ReportText.Markdown(b.Activity.ClientIp) + (b.Activity.IsCdnEdge ? " (CDN edge)" : ""), Own(b.Activity.Kind.ToString()), Own(b.Activity.Intent.ToString()),
            Own(b.Activity.Requests.ToString(CultureInfo.InvariantCulture)), Own($"{T(r, b.Activity.FirstSeen)} – {T(r, b.Activity.LastSeen)}"),
            Own(b.Activity.StatusSummary), Joined(b.Activity.SamplePaths), Joined(b.Activity.UserAgents),
            b.Rule is not null ? ReportText.Markdown(b.Rule.Rule) : "none: " + ReportText.Markdown(b.Refusal?.ErrorId),
            Joined(b.Activity.Evidence.Concat(new[] { b.FirstLine is null ? null : $"first request: {r.Shorten(b.FirstLine)}", b.LastLine is null ? null : $"last request: {r.Shorten(b.LastLine)}" }.OfType<string>())),
        }));
        if (r.CrawlersLeftOutNote is { } leftOut) sb.Append(leftOut).Append("\n\n");

        if (r.Sources.Count > 0)
        {
            sb.Append("## Files read\n\n");
            Table(sb, ["File", "Format", "Entries", "In period", "Malformed", "Damaged stretches"], r.Sources.Select(s => new[]
            {
                ReportText.Markdown(r.Shorten(s.Path)), Own(s.Format.ToString()), Own(s.Entries.ToString(CultureInfo.InvariantCulture)),
                Own(s.EntriesInPeriod.ToString(CultureInfo.InvariantCulture)), Own(s.Malformed.ToString(CultureInfo.InvariantCulture)),
                Own(s.DamagedStretches.ToString(CultureInfo.InvariantCulture)),
            }));
        }
        sb.Append("_Written by OpsLogTools Export-OpsReport; text from the logs is escaped and never linked._\n");
        return sb.ToString();
    }

    private static string T(OpsReport r, DateTimeOffset t) => HtmlReportWriter.Time(r, t);

    private static string Own(string s) => ReportText.MarkdownEncode(s);

    // Several values in one cell: GFM cells cannot hold lines, so the separator is a visible one.
    private static string Joined(IEnumerable<string> items) => string.Join(" ⏐ ", items.Select(ReportText.Markdown));

    private static void Table(StringBuilder sb, string[] headers, IEnumerable<string[]> rows)
    {
        sb.Append("| ").Append(string.Join(" | ", headers)).Append(" |\n|");
        foreach (var _ in headers) sb.Append(" --- |");
        sb.Append('\n');
        foreach (var row in rows) sb.Append("| ").Append(string.Join(" | ", row.Select(c => c.Length == 0 ? " " : c))).Append(" |\n");
        sb.Append('\n');
    }
}
