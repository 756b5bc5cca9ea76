using System.Globalization;
using System.Text;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Text;

namespace OpsLogTools.Core.Reports;

/// <summary>
/// The finding tables of the HTML report: each row with the file and lines behind each claim. Short cells (times,
/// addresses, offsets, places) never wrap (class <c>nw</c>); evidence is folded into a <c>&lt;details&gt;</c> row below
/// its finding, so it never squeezes the columns beside it.
/// </summary>
internal static class HtmlTables
{
    // The night's events in full; the rest of the period (routine logins, earlier update runs) folded below them.
    public static void Story(StringBuilder sb, OpsReport r)
    {
        if (r.Story.Count == 0) return;
        var (night, rest) = SplitStory(r);
        sb.Append("<section id=\"story\">\n<h2>").Append(r.IncidentStart is null ? "The story of the period" : "The story of the night").Append("</h2>\n");
        if (night.Count > 0) StoryTable(sb, r, "story-table", night);
        else sb.Append("<p>No event of the story falls in the incident window.</p>\n");
        if (rest.Count > 0)
        {
            sb.Append("<details id=\"story-rest\"><summary>").Append(rest.Count).Append(" other event(s) of the period, outside the incident window</summary>\n");
            StoryTable(sb, r, "story-rest-table", rest);
            sb.Append("</details>\n");
        }
        sb.Append("</section>\n");
    }

    /// <summary>The story's events inside the incident window (all of them when there is none), and the others.</summary>
    internal static (List<StoryEvent> Night, List<StoryEvent> Others) SplitStory(OpsReport r)
    {
        if (r.IncidentStart is not { } from || r.IncidentEnd is not { } to) return (r.Story.ToList(), []);
        return (r.Story.Where(e => e.Time >= from && e.Time <= to).ToList(), r.Story.Where(e => e.Time < from || e.Time > to).ToList());
    }

    private static void StoryTable(StringBuilder sb, OpsReport r, string id, List<StoryEvent> events)
    {
        sb.Append("<div class=\"scroll\"><table id=\"").Append(id).Append("\">\n<thead><tr><th>Time</th><th>Event</th><th>What happened</th><th>Line</th></tr></thead>\n<tbody>\n");
        foreach (var e in events)
        {
            sb.Append("<tr class=\"story story-").Append(e.Event).Append("\"><td class=\"nw\">").Append(Own(HtmlReportWriter.Time(r, e.Time)));
            if (e.StampedTime != e.Time) sb.Append("<br/><span class=\"note nw\">stamped ").Append(Own(HtmlReportWriter.Time(r, e.StampedTime))).Append("</span>");
            sb.Append("</td><td class=\"nw\">").Append(e.Event).Append("</td><td>").Append(Prose(e.Summary))
              .Append("</td><td class=\"mono nw\">").Append(ReportText.Html(r.Shorten($"{e.Path}:{e.LineNumber}"))).Append("</td></tr>\n");
            EvidenceRow(sb, 4, r, e.Evidence);
        }
        sb.Append("</tbody></table></div>\n");
    }

    public static void Outages(StringBuilder sb, OpsReport r)
    {
        if (!Open(sb, "outages", "Outages", r.Outages.Count, none: null, "Service", "Down", "Back", "Lasted", "Cause", "Where")) return;
        foreach (var o in r.Outages)
        {
            sb.Append("<tr class=\"outage\"><td class=\"nw\">").Append(ReportText.Html(o.Service ?? "")).Append("</td><td class=\"nw\">").Append(Own(HtmlReportWriter.Time(r, o.Start)))
              .Append("</td><td class=\"nw\">").Append(Own(HtmlReportWriter.Time(r, o.End))).Append("</td><td class=\"nw\">").Append(Own(HtmlReportWriter.Duration(o.End - o.Start)))
              .Append("</td><td class=\"nw\">").Append(o.Cause).Append("</td><td class=\"mono nw\">").Append(ReportText.Html(r.Shorten(OpsReportBuilder.Where(o))))
              .Append("</td></tr>\n");
            EvidenceRow(sb, 6, r, o.Evidence);
        }
        Close(sb);
    }

    public static void Anomalies(StringBuilder sb, OpsReport r)
    {
        if (!Open(sb, "anomalies", "Anomalies", r.Anomalies.Count, "None found.", "Kind", "Where", "True time", "Stamped", "Offset", "Cause", "Tampering", "Summary")) return;
        foreach (var a in r.Anomalies)
        {
            string tamper = a.Tampering == TamperVerdict.Unlikely ? "ok" : a.Tampering == TamperVerdict.Possible ? "warn" : "bad";
            sb.Append("<tr class=\"anomaly anomaly-").Append(a.Kind).Append("\"><td class=\"nw\">").Append(a.Kind).Append("</td><td class=\"mono nw\">")
              .Append(ReportText.Html(r.Shorten(OpsReportBuilder.Where(a)))).Append("</td><td class=\"nw\">").Append(Own(HtmlReportWriter.Time(r, a.Start)))
              .Append("<br/>").Append(Own(HtmlReportWriter.Time(r, a.End))).Append("</td><td class=\"nw\">");
            if (a.StampedStart != a.Start || a.StampedEnd != a.End)
                sb.Append(Own(HtmlReportWriter.Time(r, a.StampedStart))).Append("<br/>").Append(Own(HtmlReportWriter.Time(r, a.StampedEnd)));
            sb.Append("</td><td class=\"nw\">");
            if (a.OffsetSeconds != 0)
                sb.Append(Own(string.Create(CultureInfo.InvariantCulture, $"{a.OffsetSeconds:0} s ± {a.OffsetUncertaintySeconds:0} s")));
            sb.Append("</td><td class=\"nw\">").Append(a.Cause).Append("</td><td class=\"nw ").Append(tamper).Append("\">").Append(a.Tampering)
              .Append(Own(string.Create(CultureInfo.InvariantCulture, $" ({a.Confidence:0.00})"))).Append("</td><td>").Append(Prose(a.Summary))
              .Append("</td></tr>\n");
            var evidence = new List<string>(a.Evidence);
            if (a.RelatedPaths.Count > 0) evidence.Add("same in: " + string.Join(", ", a.RelatedPaths.Select(r.Shorten)));
            EvidenceRow(sb, 8, r, evidence);
        }
        Close(sb);
    }

    public static void UpdateRuns(StringBuilder sb, OpsReport r)
    {
        if (!Open(sb, "updates", "Update runs", r.UpdateRuns.Count, "No yum or dnf run in the period.", "When", "Started by", "Packages", "What it did", "Verdict")) return;
        foreach (var u in r.UpdateRuns)
        {
            var res = u.Result;
            sb.Append("<tr class=\"update").Append(u.IsNear ? " near" : "").Append("\"><td class=\"nw\">")
              .Append(Own(HtmlReportWriter.Time(r, res.UpdateStart))).Append("<br/>").Append(Own(HtmlReportWriter.Time(r, res.UpdateEnd))).Append("</td><td>")
              .Append(Own(ReportNarrative.Trigger(res.Trigger)));
            if (res.Trigger != UpdateTrigger.Manual) sb.Append(" <span class=\"mono nw\">").Append(ReportText.Html(res.Schedule)).Append("</span>");
            if (res.Run.Command is { } cmd) sb.Append("<br/><code>").Append(Prose(cmd)).Append("</code>");
            sb.Append("</td><td>").Append(res.Packages.Count).Append(": ").Append(Prose(Abbreviate(res.Packages.Select(p => p.Name), 8)));
            if (res.RelevantPackages.Count > 0)
            {
                sb.Append("<br/><span class=\"note\">relevant: ").Append(Prose(string.Join(", ", res.RelevantPackages.Select(p => p.Package.Name).Distinct()))).Append("</span>");
            }
            sb.Append("</td><td>").Append(u.IsNear ? "<b>" : "").Append(Prose(ReportNarrative.Effect(r, u))).Append(u.IsNear ? "</b>" : "")
              .Append("</td><td>").Append(Prose(res.Verdict)).Append("</td></tr>\n");
            var evidence = new List<string> { r.Shorten($"{res.Run.Path}:{res.Run.FirstLine}-{res.Run.LastLine}") };
            evidence.AddRange(res.RelevantPackages.Select(p => p.ToString()));
            evidence.AddRange(res.Run.ScheduleEvidence);
            evidence.AddRange(res.Restarts.Select(x => x.Text));
            evidence.AddRange(res.Notes);
            EvidenceRow(sb, 5, r, evidence);
        }
        Close(sb);
    }

    public static void Bots(StringBuilder sb, OpsReport r)
    {
        if (!Open(sb, "bots", "Bots", r.Bots.Count, "No bot found." + (r.CrawlersLeftOutNote is { } none ? " " + none : ""), "Client", "Kind", "Intent", "Requests", "Seen", "Statuses", "Suggested rule")) return;
        foreach (var b in r.Bots)
        {
            var a = b.Activity;
            sb.Append("<tr class=\"bot\"><td class=\"mono nw\">").Append(ReportText.Html(a.ClientIp));
            if (a.IsCdnEdge) sb.Append("<br/><span class=\"warn\">(CDN edge)</span>");
            sb.Append("</td><td class=\"nw\">").Append(a.Kind);
            if (a.OtherKinds.Count > 0) sb.Append("<br/>(").Append(string.Join(", ", a.OtherKinds)).Append(')');
            sb.Append("</td><td class=\"nw\">").Append(a.Intent).Append(Own($" ({a.Score})")).Append("</td><td class=\"nw num\">").Append(Own(a.Requests.ToString("N0", CultureInfo.InvariantCulture)))
              .Append("</td><td class=\"nw\">").Append(Own(HtmlReportWriter.Time(r, a.FirstSeen))).Append("<br/>").Append(Own(HtmlReportWriter.Time(r, a.LastSeen))).Append("</td><td>")
              .Append(Own(a.StatusSummary)).Append("</td><td>");
            if (b.Rule is not null) sb.Append("<code class=\"nw\">").Append(ReportText.Html(b.Rule.Rule)).Append("</code>");
            else if (b.Refusal is not null) sb.Append("none: ").Append(ReportText.Html(b.Refusal.ErrorId)).Append("<br/><span class=\"note\">").Append(Prose(b.Refusal.Message)).Append("</span>");
            sb.Append("</td></tr>\n");
            // Evidence names its client: the folded row is read apart from its table row (and copied apart from it).
            var evidence = a.Evidence.Select(x => $"{a.ClientIp}: {x}").ToList();
            evidence.AddRange(a.SamplePaths.Select(p => $"{a.ClientIp} asked for {p}"));
            evidence.AddRange(a.UserAgents.Select(ua => $"{a.ClientIp} user agent: {ua}"));
            if (b.FirstLine is not null) evidence.Add($"{a.ClientIp} first request: {r.Shorten(b.FirstLine)}");
            if (b.LastLine is not null) evidence.Add($"{a.ClientIp} last request: {r.Shorten(b.LastLine)}");
            EvidenceRow(sb, 7, r, evidence);
        }
        if (r.CrawlersLeftOutNote is { } note) sb.Append("</tbody></table></div>\n<p class=\"note\">").Append(note).Append("</p>\n</section>\n");
        else Close(sb);
    }

    // Files are many in a real bundle (an hourly CloudFront log is 24 a day): one row per directory and format is
    // shown, every file only on request.
    public static void Sources(StringBuilder sb, OpsReport r)
    {
        if (r.Sources.Count == 0)
        {
            sb.Append("<section id=\"sources\">\n<h2>Files read</h2>\n<p>No file was read: the report shows the findings it was given.</p>\n</section>\n");
            return;
        }
        var groups = r.Sources.GroupBy(s => (Dir: Path.GetDirectoryName(r.Shorten(s.Path)) ?? "", s.Format)).ToList();
        if (!Open(sb, "sources", "Files read", groups.Count, null, "Directory", "Format", "Files", "Entries", "In period", "Malformed", "Damaged", "First", "Last")) return;
        foreach (var g in groups)
        {
            var firsts = g.Where(s => s.First is not null).Select(s => s.First!.Value).ToList();
            var lasts = g.Where(s => s.Last is not null).Select(s => s.Last!.Value).ToList();
            sb.Append("<tr class=\"source-group\"><td class=\"mono nw\">").Append(ReportText.Html(g.Key.Dir.Length == 0 ? "." : g.Key.Dir)).Append("</td><td class=\"nw\">").Append(g.Key.Format)
              .Append("</td><td class=\"nw num\">").Append(g.Count()).Append("</td><td class=\"nw num\">").Append(Own(g.Sum(s => s.Entries).ToString("N0", CultureInfo.InvariantCulture)))
              .Append("</td><td class=\"nw num\">").Append(Own(g.Sum(s => s.EntriesInPeriod).ToString("N0", CultureInfo.InvariantCulture)))
              .Append("</td><td class=\"nw num\">").Append(g.Sum(s => s.Malformed)).Append("</td><td class=\"nw num\">").Append(g.Sum(s => s.DamagedStretches))
              .Append("</td><td class=\"nw\">").Append(firsts.Count > 0 ? Own(HtmlReportWriter.Time(r, firsts.Min())) : "")
              .Append("</td><td class=\"nw\">").Append(lasts.Count > 0 ? Own(HtmlReportWriter.Time(r, lasts.Max())) : "").Append("</td></tr>\n");
        }
        sb.Append("</tbody></table></div>\n<details id=\"sources-all\"><summary>")
          .Append(Own(string.Create(CultureInfo.InvariantCulture, $"All {r.Sources.Count} file(s), {r.Sources.Sum(s => s.Entries):N0} entries")))
          .Append("</summary>\n<div class=\"scroll\"><table id=\"sources-table\">\n<thead><tr><th>File</th><th>Format</th><th>Entries</th><th>In period</th><th>Malformed</th><th>Damaged</th><th>First</th><th>Last</th></tr></thead>\n<tbody>\n");
        foreach (var s in r.Sources)
        {
            sb.Append("<tr><td class=\"mono nw\">").Append(ReportText.Html(r.Shorten(s.Path))).Append("</td><td class=\"nw\">").Append(s.Format).Append("</td><td class=\"nw num\">")
              .Append(s.Entries).Append("</td><td class=\"nw num\">").Append(s.EntriesInPeriod).Append("</td><td class=\"nw num\">").Append(s.Malformed).Append("</td><td class=\"nw num\">")
              .Append(s.DamagedStretches).Append("</td><td class=\"nw\">").Append(s.First is { } f ? Own(HtmlReportWriter.Time(r, f)) : "")
              .Append("</td><td class=\"nw\">").Append(s.Last is { } l ? Own(HtmlReportWriter.Time(r, l)) : "").Append("</td></tr>\n");
        }
        sb.Append("</tbody></table></div>\n</details>\n</section>\n");
    }

    internal static string Abbreviate(IEnumerable<string> items, int max)
    {
        var list = items.ToList();
        return list.Count <= max ? string.Join(", ", list) : string.Join(", ", list.Take(max)) + $", … (+{list.Count - max})";
    }

    private static string Own(string s) => ReportText.HtmlEncode(s);

    /// <summary>
    /// Log text for a prose cell: escaped, with each word that holds a hyphen or a slash kept on one line
    /// (<c>glibc-common</c>, <c>cron:622-674</c>, <c>/var/log</c>), where a browser would otherwise break it.
    /// </summary>
    internal static string Prose(string? text) => KeepWords(ReportText.Html(text));

    // Works on escaped HTML: entities hold no space, so splitting at spaces never cuts one.
    private static string KeepWords(string html)
    {
        if (html.IndexOf('-') < 0 && html.IndexOf('/') < 0) return html;
        var sb = new StringBuilder(html.Length + 64);
        int start = 0;
        while (start <= html.Length)
        {
            int space = html.IndexOf(' ', start);
            int end = space < 0 ? html.Length : space;
            var word = html.AsSpan(start, end - start);
            bool keep = word.Length > 2 && (word[1..^1].IndexOf('-') >= 0 || word[1..^1].IndexOf('/') >= 0);
            if (keep) sb.Append("<span class=\"nw\">").Append(word).Append("</span>");
            else sb.Append(word);
            if (space < 0) break;
            sb.Append(' ');
            start = space + 1;
        }
        return sb.ToString();
    }

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
        string tableId = id == "sources" ? "sources-summary" : id + "-table";
        sb.Append("<div class=\"scroll\"><table id=\"").Append(tableId).Append("\">\n<thead><tr>");
        foreach (string header in headers) sb.Append("<th>").Append(header).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        return true;
    }

    private static void Close(StringBuilder sb) => sb.Append("</tbody></table></div>\n</section>\n");

    // The evidence of the row above, folded: one line per fact, each naming its file and line.
    private static void EvidenceRow(StringBuilder sb, int columns, OpsReport r, IReadOnlyCollection<string> items)
    {
        if (items.Count == 0) return;
        sb.Append("<tr class=\"evidence\"><td colspan=\"").Append(columns).Append("\"><details><summary>")
          .Append(items.Count == 1 ? "1 line of evidence" : $"{items.Count} lines of evidence").Append("</summary><ul>");
        foreach (var item in items) sb.Append("<li>").Append(ReportText.Html(r.Shorten(item))).Append("</li>");
        sb.Append("</ul></details></td></tr>\n");
    }
}
