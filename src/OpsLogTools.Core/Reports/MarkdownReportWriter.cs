using System.Globalization;
using System.Text;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Text;

namespace OpsLogTools.Core.Reports;

/// <summary>
/// Writes an <see cref="OpsReport"/> as GitHub-flavoured Markdown: the same story and findings as the HTML page, as tables with
/// the evidence in lists under them, without charts (for mail, chat and tickets). Every string that came from a log goes through <see cref="ReportText.Markdown"/>, so it
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

        if (r.Problems.Count > 0)
        {
            sb.Append("> **").Append(r.Failed ? "The report could not see the host." : "Some input could not be read.").Append("**\n");
            foreach (var p in r.Problems) sb.Append(">\n> - ").Append(ReportText.Markdown(r.Shorten(p))).Append('\n');
            sb.Append('\n');
        }

        sb.Append("## What happened\n\n").Append(string.Join(" ", ReportNarrative.Sentences(r).Select(ReportText.Markdown))).Append("\n\n");
        var todo = ReportNarrative.WhatToDo(r);
        if (todo.Count > 0) sb.Append("**What to do:** ").Append(ReportText.Markdown(string.Join("; ", todo) + ".")).Append("\n\n");

        if (r.Failed) return sb.Append("_Written by OpsLogTools Export-OpsReport; text from the logs is escaped and never linked._\n").ToString();

        if (r.Story.Count > 0)
        {
            sb.Append(r.IncidentStart is null ? "## The story of the period\n\n" : "## The story of the night\n\n");
            var (night, rest) = HtmlTables.SplitStory(r);
            Table(sb, ["Time", "Event", "What happened", "Line"], night.Select(e => new[]
            {
                Own(T(r, e.Time)) + (e.StampedTime != e.Time ? Own($" (stamped {T(r, e.StampedTime)})") : ""), Own(e.Event.ToString()),
                ReportText.Markdown(e.Summary), ReportText.Markdown(r.Shorten($"{e.Path}:{e.LineNumber}")),
            }));
            if (rest.Count > 0) sb.Append(Own($"{rest.Count} other event(s) of the period lie outside the incident window (Get-LogTimeline -Summary lists them).")).Append("\n\n");
        }

        sb.Append("## Details at a glance\n\n");
        if (r.Outages.Count == 0) sb.Append("- Outages: none found.\n");
        foreach (var o in r.Outages)
            sb.Append("- **Outage**: ").Append(ReportText.Markdown(o.Service ?? "service")).Append(Own($" down {T(r, o.Start)} – {T(r, o.End)} ({HtmlReportWriter.Duration(o.End - o.Start)}), {o.Cause}")).Append('\n');
        foreach (var group in r.Anomalies.Where(a => a.Kind != AnomalyKind.ServiceOutage).GroupBy(a => a.Kind).OrderBy(x => x.Key))
            sb.Append("- **Anomalies**: ").Append(Own($"{group.Count()} × {group.Key}, worst tamper verdict {group.Max(a => a.Tampering)}")).Append('\n');
        foreach (var u in r.UpdateRuns.Where(u => u.IsNear))
            sb.Append("- **Update run near an incident**: ").Append(Own($"{T(r, u.Result.UpdateStart)} {u.Result.Run.Tool}, {u.Result.Packages.Count} package(s), {ReportNarrative.Trigger(u.Result.Trigger)}: "))
              .Append(ReportText.Markdown(ReportNarrative.Effect(r, u))).Append('\n');
        foreach (var b in r.Bots.Where(b => b.Activity.Intent != BotIntent.Benign).Take(5))
            sb.Append("- **Bot** ").Append(ReportText.Markdown(b.Activity.ClientIp)).Append(Own($": {b.Activity.Kind}, {b.Activity.Intent}, {b.Activity.Requests} requests → "))
              .Append(b.Rule is not null ? ReportText.Markdown(b.Rule.Rule) : "no rule: " + ReportText.Markdown(b.Refusal?.ErrorId ?? "none suggested")).Append('\n');
        foreach (var w in r.Warnings) sb.Append("- Warning: ").Append(ReportText.Markdown(w)).Append('\n');
        sb.Append('\n');

        if (r.Outages.Count > 0)
        {
            sb.Append("## Outages\n\n");
            Table(sb, ["Service", "Down", "Back", "Cause", "Where"], r.Outages.Select(o => new[]
            {
                ReportText.Markdown(o.Service), Own(T(r, o.Start)), Own(T(r, o.End)), Own(o.Cause.ToString()), ReportText.Markdown(r.Shorten(OpsReportBuilder.Where(o))),
            }));
            Evidence(sb, r, r.Outages.Select(o => ($"{o.Service ?? "service"} down {T(r, o.Start)}", OpsReportBuilder.Where(o), (IEnumerable<string>)o.Evidence)));
        }

        sb.Append("## Anomalies\n\n");
        if (r.Anomalies.Count == 0) sb.Append("None found.\n\n");
        else
        {
            Table(sb, ["Kind", "Where", "True time", "Offset (s)", "Cause", "Tampering", "Summary"], r.Anomalies.Select(a => new[]
            {
                Own(a.Kind.ToString()), ReportText.Markdown(r.Shorten(OpsReportBuilder.Where(a))), Own($"{T(r, a.Start)} – {T(r, a.End)}"),
                Own(a.OffsetSeconds.ToString("0", CultureInfo.InvariantCulture)), Own(a.Cause.ToString()), Own(a.Tampering.ToString()), ReportText.Markdown(a.Summary),
            }));
            Evidence(sb, r, r.Anomalies.Select(a => (a.Kind.ToString(), OpsReportBuilder.Where(a),
                a.Evidence.Concat(a.RelatedPaths.Count > 0 ? ["same in: " + string.Join(", ", a.RelatedPaths.Select(r.Shorten))] : Array.Empty<string>()))));
        }

        sb.Append("## Update runs\n\n");
        if (r.UpdateRuns.Count == 0) sb.Append("No yum or dnf run in the period.\n\n");
        else
        {
            Table(sb, ["When", "Started by", "Packages", "What it did"], r.UpdateRuns.Select(u => new[]
            {
                Own($"{T(r, u.Result.UpdateStart)} – {T(r, u.Result.UpdateEnd)}"),
                Own(ReportNarrative.Trigger(u.Result.Trigger)) + (u.Result.Trigger == UpdateTrigger.Manual ? "" : " " + ReportText.Markdown(u.Result.Schedule)),
                ReportText.Markdown(HtmlTables.Abbreviate(u.Result.Packages.Select(p => p.Name), 8)),
                ReportText.Markdown(ReportNarrative.Effect(r, u)),
            }));
            Evidence(sb, r, r.UpdateRuns.Select(u => ($"{u.Result.Run.Tool} {T(r, u.Result.UpdateStart)}", $"{u.Result.Run.Path}:{u.Result.Run.FirstLine}-{u.Result.Run.LastLine}",
                new[] { "verdict: " + u.Result.Verdict }.Concat(u.Result.RelevantPackages.Select(p => p.ToString())).Concat(u.Result.Run.ScheduleEvidence).Concat(u.Result.Restarts.Select(x => x.Text)).Concat(u.Result.Notes))));
        }

        sb.Append("## Bots\n\n");
        if (r.Bots.Count == 0) sb.Append("No bot found.\n\n");
        else
        {
            Table(sb, ["Client", "Kind", "Intent", "Requests", "Seen", "Statuses", "Suggested rule"], r.Bots.Select(b => new[]
            {
                ReportText.Markdown(b.Activity.ClientIp) + (b.Activity.IsCdnEdge ? " (CDN edge)" : ""), Own(b.Activity.Kind.ToString()), Own(b.Activity.Intent.ToString()),
                Own(b.Activity.Requests.ToString(CultureInfo.InvariantCulture)), Own($"{T(r, b.Activity.FirstSeen)} – {T(r, b.Activity.LastSeen)}"),
                Own(b.Activity.StatusSummary), b.Rule is not null ? ReportText.Markdown(b.Rule.Rule) : "none: " + ReportText.Markdown(b.Refusal?.ErrorId),
            }));
            Evidence(sb, r, r.Bots.Select(b => (b.Activity.ClientIp, b.FirstLine ?? "", b.Activity.Evidence
                .Concat(b.Activity.SamplePaths.Select(p => "asked for " + p)).Concat(b.Activity.UserAgents.Select(ua => "user agent: " + ua))
                .Concat(new[] { b.LastLine is null ? null : $"last request: {r.Shorten(b.LastLine)}" }.OfType<string>()))));
        }
        if (r.CrawlersLeftOutNote is { } leftOut) sb.Append(leftOut).Append("\n\n");

        if (r.Sources.Count > 0)
        {
            sb.Append("## Files read\n\n");
            var groups = r.Sources.GroupBy(s => (Dir: Path.GetDirectoryName(r.Shorten(s.Path)) ?? "", s.Format)).ToList();
            Table(sb, ["Directory", "Format", "Files", "Entries", "In period", "Malformed", "Damaged stretches"], groups.Select(g => new[]
            {
                ReportText.Markdown(g.Key.Dir.Length == 0 ? "." : g.Key.Dir), Own(g.Key.Format.ToString()), Own(g.Count().ToString(CultureInfo.InvariantCulture)),
                Own(g.Sum(s => s.Entries).ToString(CultureInfo.InvariantCulture)), Own(g.Sum(s => s.EntriesInPeriod).ToString(CultureInfo.InvariantCulture)),
                Own(g.Sum(s => s.Malformed).ToString(CultureInfo.InvariantCulture)), Own(g.Sum(s => s.DamagedStretches).ToString(CultureInfo.InvariantCulture)),
            }));
        }
        sb.Append("_Written by OpsLogTools Export-OpsReport; text from the logs is escaped and never linked._\n");
        return sb.ToString();
    }

    // Evidence goes under its finding as a list (one fact per line, each naming its file and line), never packed into a cell.
    private static void Evidence(StringBuilder sb, OpsReport r, IEnumerable<(string Finding, string Where, IEnumerable<string> Items)> findings)
    {
        sb.Append("Evidence:\n\n");
        foreach (var (finding, where, items) in findings)
        {
            sb.Append("- **").Append(ReportText.Markdown(finding)).Append("**");
            if (where.Length > 0) sb.Append(" (").Append(ReportText.Markdown(r.Shorten(where))).Append(')');
            sb.Append('\n');
            foreach (var item in items) sb.Append("  - ").Append(ReportText.Markdown(r.Shorten(item))).Append('\n');
        }
        sb.Append('\n');
    }

    private static string T(OpsReport r, DateTimeOffset t) => HtmlReportWriter.Time(r, t);

    private static string Own(string s) => ReportText.MarkdownEncode(s);

    internal static void Table(StringBuilder sb, string[] headers, IEnumerable<string[]> rows)
    {
        sb.Append("| ").Append(string.Join(" | ", headers)).Append(" |\n|");
        foreach (var _ in headers) sb.Append(" --- |");
        sb.Append('\n');
        foreach (var row in rows) sb.Append("| ").Append(string.Join(" | ", row.Select(c => c.Length == 0 ? " " : c))).Append(" |\n");
        sb.Append('\n');
    }
}
