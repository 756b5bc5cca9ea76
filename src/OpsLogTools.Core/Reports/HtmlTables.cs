using System.Globalization;
using System.Text;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Text;

namespace OpsLogTools.Core.Reports;

/// <summary>The finding tables of the HTML report: each row with its evidence and the file and lines behind each claim.</summary>
internal static class HtmlTables
{
    public static void Outages(StringBuilder sb, OpsReport r)
    {
        if (!Open(sb, "outages", "Outages", r.Outages.Count, none: null, "Service", "Down", "Back", "Lasted", "Cause", "Where", "Evidence")) return;
        foreach (var o in r.Outages)
        {
            sb.Append("<tr><td>").Append(ReportText.Html(o.Service ?? "")).Append("</td><td>").Append(Own(HtmlReportWriter.Time(r, o.Start)))
              .Append("</td><td>").Append(Own(HtmlReportWriter.Time(r, o.End))).Append("</td><td>").Append(Own(HtmlReportWriter.Duration(o.End - o.Start)))
              .Append("</td><td>").Append(o.Cause).Append("</td><td class=\"mono\">").Append(ReportText.Html(r.Shorten(OpsReportBuilder.Where(o))))
              .Append("</td><td>");
            List(sb, o.Evidence);
            sb.Append("</td></tr>\n");
        }
        Close(sb);
    }

    public static void Anomalies(StringBuilder sb, OpsReport r)
    {
        if (!Open(sb, "anomalies", "Anomalies", r.Anomalies.Count, "None found.", "Kind", "Where", "True time", "Stamped", "Offset", "Cause", "Tampering", "Summary", "Evidence")) return;
        foreach (var a in r.Anomalies)
        {
            string tamper = a.Tampering == TamperVerdict.Unlikely ? "ok" : a.Tampering == TamperVerdict.Possible ? "warn" : "bad";
            sb.Append("<tr class=\"anomaly anomaly-").Append(a.Kind).Append("\"><td>").Append(a.Kind).Append("</td><td class=\"mono\">")
              .Append(ReportText.Html(r.Shorten(OpsReportBuilder.Where(a)))).Append("</td><td>").Append(Own($"{HtmlReportWriter.Time(r, a.Start)} – {HtmlReportWriter.Time(r, a.End)}"))
              .Append("</td><td>");
            if (a.StampedStart != a.Start || a.StampedEnd != a.End)
                sb.Append(Own($"{HtmlReportWriter.Time(r, a.StampedStart)} – {HtmlReportWriter.Time(r, a.StampedEnd)}"));
            sb.Append("</td><td>");
            if (a.OffsetSeconds != 0)
                sb.Append(Own(string.Create(CultureInfo.InvariantCulture, $"{a.OffsetSeconds:0} s ± {a.OffsetUncertaintySeconds:0} s")));
            sb.Append("</td><td>").Append(a.Cause).Append("</td><td class=\"").Append(tamper).Append("\">").Append(a.Tampering)
              .Append(Own(string.Create(CultureInfo.InvariantCulture, $" ({a.Confidence:0.00})"))).Append("</td><td>").Append(ReportText.Html(a.Summary))
              .Append("</td><td>");
            List(sb, a.Evidence);
            if (a.RelatedPaths.Count > 0)
            {
                sb.Append("<p class=\"note\">Same in: ");
                sb.Append(string.Join(", ", a.RelatedPaths.Select(p => ReportText.Html(r.Shorten(p)))));
                sb.Append("</p>");
            }
            sb.Append("</td></tr>\n");
        }
        Close(sb);
    }

    public static void UpdateRuns(StringBuilder sb, OpsReport r)
    {
        if (!Open(sb, "updates", "Update runs", r.UpdateRuns.Count, "No yum or dnf run in the period.", "When", "Started by", "Packages", "Relevant", "Against the nearest incident", "Verdict", "Evidence")) return;
        foreach (var u in r.UpdateRuns)
        {
            var res = u.Result;
            sb.Append("<tr class=\"update").Append(u.IsNear ? " near" : "").Append("\"><td>")
              .Append(Own($"{HtmlReportWriter.Time(r, res.UpdateStart)} – {HtmlReportWriter.Time(r, res.UpdateEnd)}")).Append("</td><td>")
              .Append(res.Trigger).Append(" (").Append(ReportText.Html(res.Schedule)).Append(')');
            if (res.Run.Command is { } cmd) sb.Append("<br/><code>").Append(ReportText.Html(cmd)).Append("</code>");
            sb.Append("</td><td>").Append(res.Packages.Count).Append(": ").Append(ReportText.Html(Abbreviate(res.Packages.Select(p => p.Name), 8)))
              .Append("</td><td>");
            List(sb, res.RelevantPackages.Select(p => p.ToString()));
            sb.Append("</td><td>");
            if (u.Relation is { } rel)
            {
                sb.Append("<b>").Append(rel).Append("</b> ").Append(ReportText.Html(r.Shorten(u.NearestIncident)));
                if (u.Gap is { } g && g > TimeSpan.Zero) sb.Append(Own($" ({HtmlReportWriter.Duration(g)} apart)"));
            }
            sb.Append("</td><td>").Append(ReportText.Html(res.Verdict)).Append("</td><td>");
            var evidence = new List<string> { r.Shorten($"{res.Run.Path}:{res.Run.FirstLine}-{res.Run.LastLine}") };
            evidence.AddRange(res.Run.ScheduleEvidence);
            evidence.AddRange(res.Restarts.Select(x => x.Text));
            evidence.AddRange(res.Notes);
            List(sb, evidence);
            sb.Append("</td></tr>\n");
        }
        Close(sb);
    }

    public static void Bots(StringBuilder sb, OpsReport r)
    {
        if (!Open(sb, "bots", "Bots", r.Bots.Count, "No bot found." + (r.CrawlersLeftOutNote is { } none ? " " + none : ""), "Client", "Kind", "Intent", "Requests", "Seen", "Statuses", "Sample paths", "User agents", "Suggested rule", "Evidence")) return;
        foreach (var b in r.Bots)
        {
            var a = b.Activity;
            sb.Append("<tr class=\"bot\"><td class=\"mono\">").Append(ReportText.Html(a.ClientIp));
            if (a.IsCdnEdge) sb.Append(" <span class=\"warn\">(CDN edge)</span>");
            sb.Append("</td><td>").Append(a.Kind);
            if (a.OtherKinds.Count > 0) sb.Append(" (").Append(string.Join(", ", a.OtherKinds)).Append(')');
            sb.Append("</td><td>").Append(a.Intent).Append(Own($" ({a.Score})")).Append("</td><td>").Append(Own(a.Requests.ToString("N0", CultureInfo.InvariantCulture)))
              .Append("</td><td>").Append(Own($"{HtmlReportWriter.Time(r, a.FirstSeen)} – {HtmlReportWriter.Time(r, a.LastSeen)}")).Append("</td><td>")
              .Append(Own(a.StatusSummary)).Append("</td><td class=\"mono\">");
            List(sb, a.SamplePaths);
            sb.Append("</td><td class=\"mono\">");
            List(sb, a.UserAgents);
            sb.Append("</td><td>");
            if (b.Rule is not null) sb.Append("<code>").Append(ReportText.Html(b.Rule.Rule)).Append("</code>");
            else if (b.Refusal is not null) sb.Append("none: ").Append(ReportText.Html(b.Refusal.ErrorId)).Append("<br/><span class=\"note\">").Append(ReportText.Html(b.Refusal.Message)).Append("</span>");
            sb.Append("</td><td>");
            var evidence = new List<string>(a.Evidence);
            if (b.FirstLine is not null) evidence.Add($"first request: {r.Shorten(b.FirstLine)}");
            if (b.LastLine is not null) evidence.Add($"last request: {r.Shorten(b.LastLine)}");
            List(sb, evidence);
            sb.Append("</td></tr>\n");
        }
        if (r.CrawlersLeftOutNote is { } note) sb.Append("</tbody></table>\n<p class=\"note\">").Append(note).Append("</p>\n</section>\n");
        else Close(sb);
    }

    public static void Sources(StringBuilder sb, OpsReport r)
    {
        if (!Open(sb, "sources", "Files read", r.Sources.Count, "No file was read: the report shows the findings it was given.", "File", "Format", "Entries", "In period", "Malformed", "Damaged stretches", "First", "Last")) return;
        foreach (var s in r.Sources)
        {
            sb.Append("<tr><td class=\"mono\">").Append(ReportText.Html(r.Shorten(s.Path))).Append("</td><td>").Append(s.Format).Append("</td><td>")
              .Append(s.Entries).Append("</td><td>").Append(s.EntriesInPeriod).Append("</td><td>").Append(s.Malformed).Append("</td><td>")
              .Append(s.DamagedStretches).Append("</td><td>").Append(s.First is { } f ? Own(HtmlReportWriter.Time(r, f)) : "")
              .Append("</td><td>").Append(s.Last is { } l ? Own(HtmlReportWriter.Time(r, l)) : "").Append("</td></tr>\n");
        }
        Close(sb);
    }

    internal static string Abbreviate(IEnumerable<string> items, int max)
    {
        var list = items.ToList();
        return list.Count <= max ? string.Join(", ", list) : string.Join(", ", list.Take(max)) + $", … (+{list.Count - max})";
    }

    private static string Own(string s) => ReportText.HtmlEncode(s);

    // Opens a finding section and its table (id "<id>-table"); with no rows it writes the section with the line
    // <paramref name="none"/> instead, or nothing at all when that is null, and returns false.
    private static bool Open(StringBuilder sb, string id, string title, int rows, string? none, params string[] headers)
    {
        if (rows == 0 && none is null) return false;
        sb.Append("<section id=\"").Append(id).Append("\">\n<h2>").Append(title).Append("</h2>\n");
        if (rows == 0)
        {
            sb.Append("<p>").Append(none).Append("</p>\n</section>\n");
            return false;
        }
        sb.Append("<table id=\"").Append(id).Append("-table\">\n<thead><tr>");
        foreach (string header in headers) sb.Append("<th>").Append(header).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        return true;
    }

    private static void Close(StringBuilder sb) => sb.Append("</tbody></table>\n</section>\n");

    private static void List(StringBuilder sb, IEnumerable<string> items)
    {
        sb.Append("<ul>");
        foreach (var item in items) sb.Append("<li>").Append(ReportText.Html(item)).Append("</li>");
        sb.Append("</ul>");
    }
}
