using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OpsLogTools.Core.Text;

namespace OpsLogTools.Core.Reports;

/// <summary>
/// Writes a <see cref="FleetReport"/> as one self-contained HTML page: the fleet view first (shared and one-host clock
/// faults, bots on several hosts, update runs side by side), then a section per host with that host's report as
/// <see cref="HtmlReportWriter"/> writes it. Host names and everything else from the hosts go through
/// <see cref="ReportText.Html"/>; the page has the same Content-Security-Policy.
/// </summary>
public static class FleetHtmlWriter
{
    // Only the page's own markup holds a quote character (ReportText escapes every '"' of log text), so these match
    // nothing that came from a log; NonBacktracking all the same, as for any pattern run over text holding log text.
    private static readonly Regex LabelledBy = new("aria-labelledby=\"([^\"]*)\"", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    /// <summary>The page as a string.</summary>
    public static string Render(FleetReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder(64 * 1024 * Math.Max(1, report.Hosts.Count));
        HtmlReportWriter.PageStart(sb, report.Title);
        sb.Append("<header>\n<h1 id=\"title\">").Append(ReportText.Html(report.Title)).Append("</h1>\n<p class=\"meta\">")
          .Append(ReportText.HtmlEncode($"{report.Hosts.Count} host(s): ")).Append(ReportText.Html(string.Join(", ", report.View.Hosts)))
          .Append(" · Fleet view times in ").Append(ReportText.HtmlEncode(report.ZoneName));
        if (report.GeneratedAt is { } g) sb.Append(" · Generated ").Append(ReportText.HtmlEncode(report.Time(g)));
        sb.Append("</p>\n<nav><ul id=\"host-index\">");
        for (int i = 0; i < report.Hosts.Count; i++)
        {
            sb.Append("<li><a href=\"#").Append(SectionId(i)).Append("\">").Append(ReportText.Html(HostName(report, i))).Append("</a></li>");
        }
        sb.Append("</ul></nav>\n</header>\n");

        Fleet(sb, report);
        for (int i = 0; i < report.Hosts.Count; i++)
        {
            sb.Append("<section class=\"host\" id=\"").Append(SectionId(i)).Append("\" data-host=\"").Append(ReportText.Html(HostName(report, i))).Append("\">\n");
            var body = new StringBuilder();
            HtmlReportWriter.Body(body, report.Hosts[i]);
            sb.Append(Prefix(body.ToString(), SectionId(i) + "-"));
            sb.Append("</section>\n");
        }
        HtmlReportWriter.PageEnd(sb);
        return sb.ToString();
    }

    private static string SectionId(int i) => string.Create(CultureInfo.InvariantCulture, $"host-{i + 1}");

    private static string HostName(FleetReport r, int i) => i < r.View.Hosts.Count ? r.View.Hosts[i] : r.Hosts[i].HostName ?? "";

    // Each host's section holds the same element ids as a one-host page: prefixed, they stay unique on the fleet page.
    private static string Prefix(string html, string prefix)
    {
        html = html.Replace(" id=\"", " id=\"" + prefix, StringComparison.Ordinal);
        return LabelledBy.Replace(html, m => "aria-labelledby=\"" + string.Join(' ', m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => prefix + t)) + "\"");
    }

    private static void Fleet(StringBuilder sb, FleetReport r)
    {
        var v = r.View;
        sb.Append("<section id=\"fleet\">\n<h2>The fleet</h2>\n<p id=\"fleet-narrative\" class=\"narrative\">")
          .Append(string.Join(" ", FleetNarrative.Sentences(r).Select(ReportText.Html))).Append("</p>\n");

        sb.Append("<h3>Clock faults</h3>\n");
        if (v.ClockFaults.Count == 0) sb.Append("<p class=\"ok\">No host's clock was found wrong.</p>\n");
        else
        {
            sb.Append("<div class=\"scroll\"><table id=\"fleet-clock\">\n<thead><tr><th>From</th><th>To</th><th>Hosts</th><th>Whose problem</th><th>Offset</th><th>Files</th></tr></thead>\n<tbody>\n");
            foreach (var f in v.ClockFaults)
            {
                sb.Append("<tr class=\"").Append(f.IsShared ? "shared" : "alone").Append("\"><td class=\"nw\">").Append(ReportText.HtmlEncode(r.Time(f.Start)))
                  .Append("</td><td class=\"nw\">").Append(ReportText.HtmlEncode(r.Time(f.End))).Append("</td><td>")
                  .Append(ReportText.Html(string.Join(", ", f.Hosts))).Append("</td><td>")
                  .Append(f.IsShared ? "<span class=\"bad\">the fleet's time source</span>" : "<span class=\"warn\">this host alone</span>")
                  .Append("</td><td class=\"nw\">").Append(ReportText.HtmlEncode(FleetNarrative.Offsets(f))).Append("</td><td><ul>");
                foreach (var (host, run) in f.Runs)
                {
                    sb.Append("<li>").Append(ReportText.Html($"{host}: {run.Path}:{run.FirstLine}-{run.LastLine}")).Append("</li>");
                }
                sb.Append("</ul></td></tr>\n");
            }
            sb.Append("</tbody></table></div>\n");
        }

        sb.Append("<h3>Bots on several hosts</h3>\n");
        if (v.SharedBots.Count == 0) sb.Append("<p>No bot client reached more than one host.</p>\n");
        else
        {
            sb.Append("<div class=\"scroll\"><table id=\"fleet-bots\">\n<thead><tr><th>Client</th><th>Hosts</th><th>Requests</th><th>Intent</th><th>First</th><th>Last</th><th>Per host</th></tr></thead>\n<tbody>\n");
            foreach (var b in v.SharedBots)
            {
                sb.Append("<tr><td class=\"mono\">").Append(ReportText.Html(b.ClientIp)).Append("</td><td>").Append(ReportText.Html(string.Join(", ", b.Hosts)))
                  .Append("</td><td class=\"num\">").Append(ReportText.HtmlEncode(b.Requests.ToString("N0", CultureInfo.InvariantCulture)))
                  .Append("</td><td>").Append(ReportText.HtmlEncode(b.Intent.ToString()))
                  .Append("</td><td class=\"nw\">").Append(ReportText.HtmlEncode(r.Time(b.FirstSeen))).Append("</td><td class=\"nw\">").Append(ReportText.HtmlEncode(r.Time(b.LastSeen)))
                  .Append("</td><td><ul>");
                foreach (var (host, a) in b.Sightings)
                {
                    sb.Append("<li>").Append(ReportText.Html(string.Create(CultureInfo.InvariantCulture, $"{host}: {a.Kind}, {a.Requests:N0} requests"))).Append("</li>");
                }
                sb.Append("</ul></td></tr>\n");
            }
            sb.Append("</tbody></table></div>\n");
        }

        sb.Append("<h3>Update runs side by side</h3>\n");
        if (v.UpdateRuns.Count == 0) sb.Append("<p>No update run was given.</p>\n");
        else
        {
            sb.Append("<div class=\"scroll\"><table id=\"fleet-updates\">\n<thead><tr><th>Start</th><th>End</th><th>Host</th><th>Tool</th><th>Packages</th><th>Trigger</th><th>Alongside</th></tr></thead>\n<tbody>\n");
            foreach (var u in v.UpdateRuns)
            {
                sb.Append("<tr><td class=\"nw\">").Append(ReportText.HtmlEncode(r.Time(u.Result.UpdateStart))).Append("</td><td class=\"nw\">").Append(ReportText.HtmlEncode(r.Time(u.Result.UpdateEnd)))
                  .Append("</td><td>").Append(ReportText.Html(u.Host)).Append("</td><td>").Append(ReportText.Html(u.Result.Run.Tool))
                  .Append("</td><td class=\"num\">").Append(u.Result.Packages.Count.ToString(CultureInfo.InvariantCulture))
                  .Append("</td><td>").Append(ReportText.Html(ReportNarrative.Trigger(u.Result.Trigger)))
                  .Append("</td><td>").Append(ReportText.Html(u.AlongsideHosts.Count == 0 ? "" : string.Join(", ", u.AlongsideHosts))).Append("</td></tr>\n");
            }
            sb.Append("</tbody></table></div>\n");
        }
        sb.Append("</section>\n");
    }
}
