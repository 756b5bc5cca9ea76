using System.Globalization;
using System.Text;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Text;

namespace OpsLogTools.Core.Reports;

/// <summary>
/// Writes an <see cref="OpsReport"/> as one self-contained HTML page (also well-formed XML, so tests and tools can parse it): inline CSS, inline SVG charts, no script and
/// nothing fetched from the network. Every string that came from a log is escaped by <see cref="ReportText.Html"/>,
/// and the page's Content-Security-Policy forbids scripts and fetches outright, so even a mistake in escaping could
/// not run code or call out.
/// </summary>
public static class HtmlReportWriter
{
    /// <summary>The Content-Security-Policy the page declares: no script, no fetch, no form, only its own inline styles and data: images.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    private const string Css = """
        :root { color-scheme: light; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK JP", sans-serif; margin: 0 auto; max-width: 1180px; padding: 16px 24px 48px; color: #1b1b1b; background: #fff; }
        h1 { font-size: 24px; margin: 8px 0 4px; } h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 2px solid #e3e3e3; padding-bottom: 4px; }
        h3 { font-size: 15px; margin: 16px 0 6px; }
        .meta { color: #555; margin: 0 0 12px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; }
        .card code, .card .mono { white-space: nowrap; }
        .card { overflow-wrap: break-word; border: 1px solid #ddd; border-radius: 6px; padding: 10px 12px; background: #fafafa; }
        .card h3 { margin-top: 0; } .card ul { margin: 0; padding-left: 18px; }
        .bad { color: #b00020; font-weight: 600; } .warn { color: #a15c00; font-weight: 600; } .ok { color: #256029; }
        table { border-collapse: collapse; width: 100%; margin: 6px 0 14px; font-size: 13px; }
        .scroll { overflow-x: auto; }
        th, td { border: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; overflow-wrap: break-word; word-break: normal; hyphens: none; }
        th, .nw { white-space: nowrap; } td.num { text-align: right; }
        th { background: #f0f0f0; } tr:nth-child(4n+1) > td { background: #fbfbfb; }
        tr.evidence > td { border-top: none; padding: 0 6px 4px 18px; background: #fff; font-size: 12px; }
        tr.evidence summary { color: #555; cursor: pointer; } tr.evidence li { overflow-wrap: anywhere; }
        td ul { margin: 0; padding-left: 16px; } code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
        figure.chart { margin: 6px 0 16px; } svg { display: block; max-width: 100%; height: auto; background: #fff; border: 1px solid #eee; }
        .note { color: #555; font-size: 12px; }
        .problems { border: 2px solid #b00020; background: #fdecee; color: #b00020; border-radius: 6px; padding: 4px 14px; margin: 12px 0; }
        .problems h2 { color: #b00020; border: none; margin: 8px 0 4px; }
        .narrative { font-size: 15px; line-height: 1.55; max-width: 60em; }
        details#sources-all > summary { cursor: pointer; color: #333; }
        footer { margin-top: 32px; color: #777; font-size: 12px; }
        """;

    /// <summary>Writes the page to <paramref name="writer"/>.</summary>
    public static void Write(OpsReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Render(report));
    }

    /// <summary>The page as a string.</summary>
    public static string Render(OpsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder(64 * 1024);
        PageStart(sb, report.Title);
        Body(sb, report);
        PageEnd(sb);
        return sb.ToString();
    }

    // The page around the findings: head with the CSP and styles, and the footer. The fleet page uses them too.
    internal static void PageStart(StringBuilder sb, string title)
    {
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n");
        sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(ContentSecurityPolicy).Append("\" />\n");
        sb.Append("<meta name=\"referrer\" content=\"no-referrer\" />\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
        sb.Append("<meta name=\"generator\" content=\"OpsLogTools Export-OpsReport\" />\n");
        sb.Append("<title>").Append(ReportText.Html(title)).Append("</title>\n<style>\n").Append(Css).Append("\n</style>\n</head>\n<body>\n");
    }

    internal static void PageEnd(StringBuilder sb)
    {
        sb.Append("<footer>Written by OpsLogTools Export-OpsReport. Text from the logs is shown as text: nothing in this page links to or runs anything a log line says.</footer>\n");
        sb.Append("</body>\n</html>\n");
    }

    // One host's findings, from its header to the files read; also a host's section of the fleet page.
    internal static void Body(StringBuilder sb, OpsReport report)
    {
        Header(sb, report);
        Problems(sb, report);
        WhatHappened(sb, report);
        // A report that read nothing shows no "none found" in green: it could not have found anything.
        if (!report.Failed)
        {
            HtmlTables.Story(sb, report);
            Charts(sb, report);
            Summary(sb, report);
            HtmlTables.Outages(sb, report);
            HtmlTables.Anomalies(sb, report);
            HtmlTables.UpdateRuns(sb, report);
            HtmlTables.Bots(sb, report);
            HtmlTables.Sources(sb, report);
        }
    }

    internal static string Time(OpsReport report, DateTimeOffset t) =>
        report.Local(t).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    internal static string Duration(TimeSpan span)
    {
        span = span.Duration();
        if (span.TotalDays >= 1) return string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} d {span.Hours} h {span.Minutes} min");
        if (span.TotalHours >= 1) return string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min");
        if (span.TotalMinutes >= 1) return string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min {span.Seconds} s");
        return string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0} s");
    }

    private static void Header(StringBuilder sb, OpsReport r)
    {
        sb.Append("<header>\n<h1 id=\"title\">").Append(ReportText.Html(r.Title)).Append("</h1>\n<p class=\"meta\">");
        if (r.HostName is not null) sb.Append("Host <b>").Append(ReportText.Html(r.HostName)).Append("</b> · ");
        if (r.PeriodStart is { } s && r.PeriodEnd is { } e)
            sb.Append("Period ").Append(ReportText.HtmlEncode(Time(r, s))).Append(" – ").Append(ReportText.HtmlEncode(Time(r, e))).Append(" · ");
        sb.Append("Times in ").Append(ReportText.HtmlEncode(r.HostZone.DisplayName)).Append(" · ");
        sb.Append(ReportText.HtmlEncode(string.Create(CultureInfo.InvariantCulture, $"{r.Sources.Count} file(s), {r.Entries:N0} entries read, {r.EntriesInPeriod:N0} in the period")));
        if (r.BaseDirectory is not null) sb.Append(" · Files under <span class=\"mono\">").Append(ReportText.Html(r.BaseDirectory)).Append("</span>");
        if (r.GeneratedAt is { } g) sb.Append(" · Generated ").Append(ReportText.HtmlEncode(Time(r, g)));
        sb.Append("</p>\n</header>\n");
    }

    // In red at the very top: a scheduler's reader must not take an empty report for a quiet night.
    private static void Problems(StringBuilder sb, OpsReport r)
    {
        if (r.Problems.Count == 0) return;
        sb.Append("<section id=\"problems\" class=\"problems\" role=\"alert\">\n<h2>")
          .Append(r.Failed ? "The report could not see the host" : "Some input could not be read").Append("</h2>\n<ul>");
        foreach (var p in r.Problems) sb.Append("<li>").Append(ReportText.Html(r.Shorten(p))).Append("</li>");
        sb.Append("</ul>\n</section>\n");
    }

    private static void WhatHappened(StringBuilder sb, OpsReport r)
    {
        sb.Append("<section id=\"what-happened\">\n<h2>What happened</h2>\n<p id=\"narrative\" class=\"narrative\">");
        sb.Append(string.Join(" ", ReportNarrative.Sentences(r).Select(ReportText.Html)));
        sb.Append("</p>\n");
        var todo = ReportNarrative.WhatToDo(r);
        if (todo.Count > 0) sb.Append("<p id=\"todo\" class=\"narrative\"><b>What to do:</b> ").Append(ReportText.Html(string.Join("; ", todo) + ".")).Append("</p>\n");
        sb.Append("</section>\n");
    }

    private static void Summary(StringBuilder sb, OpsReport r)
    {
        sb.Append("<section id=\"summary\">\n<h2>Details at a glance</h2>\n<div class=\"cards\">\n");

        sb.Append("<div class=\"card\" id=\"summary-outages\"><h3>Outages</h3>");
        if (r.Outages.Count == 0) sb.Append("<p class=\"ok\">No service outage found.</p>");
        else
        {
            sb.Append("<ul>");
            foreach (var o in r.Outages)
            {
                sb.Append("<li><span class=\"bad\">").Append(ReportText.Html(o.Service ?? "service")).Append("</span> down ")
                  .Append(ReportText.HtmlEncode($"{Time(r, o.Start)} – {Time(r, o.End)} ({Duration(o.End - o.Start)}), {o.Cause}")).Append("</li>");
            }
            sb.Append("</ul>");
        }
        sb.Append("</div>\n");

        sb.Append("<div class=\"card\" id=\"summary-anomalies\"><h3>Anomalies</h3>");
        var others = r.Anomalies.Where(a => a.Kind != AnomalyKind.ServiceOutage).ToList();
        if (others.Count == 0) sb.Append("<p class=\"ok\">No anomaly found in the logs.</p>");
        else
        {
            sb.Append("<ul>");
            foreach (var group in others.GroupBy(a => a.Kind).OrderBy(g => g.Key))
            {
                var worst = group.Max(a => a.Tampering);
                sb.Append("<li>").Append(ReportText.HtmlEncode($"{group.Count()} × {group.Key}, tampering ")).Append("<span class=\"")
                  .Append(worst == TamperVerdict.Unlikely ? "ok" : worst == TamperVerdict.Possible ? "warn" : "bad").Append("\">")
                  .Append(worst == TamperVerdict.Unlikely ? "Unlikely" : $"{worst} ({group.Count(a => a.Tampering == worst)})").Append("</span>");
                if (group.Key == AnomalyKind.DisplacedTimestamps)
                {
                    var d = group.First();
                    sb.Append(": ").Append(ReportText.HtmlEncode($"{Time(r, d.Start)} – {Time(r, d.End)}, {d.Cause}"));
                }
                sb.Append("</li>");
            }
            sb.Append("</ul>");
        }
        sb.Append("</div>\n");

        sb.Append("<div class=\"card\" id=\"summary-updates\"><h3>Update runs near incidents</h3>");
        var near = r.UpdateRuns.Where(u => u.IsNear).ToList();
        if (near.Count == 0) sb.Append("<p>").Append(r.UpdateRuns.Count == 0 ? "No update run in the period." : $"{r.UpdateRuns.Count} update run(s), none near an incident.").Append("</p>");
        else
        {
            sb.Append("<ul>");
            foreach (var u in near)
            {
                sb.Append("<li>").Append(ReportText.HtmlEncode($"{Time(r, u.Result.UpdateStart)} {u.Result.Run.Tool}, {u.Result.Packages.Count} package(s), {ReportNarrative.Trigger(u.Result.Trigger)}: "))
                  .Append("<b>").Append(ReportText.Html(ReportNarrative.Effect(r, u))).Append("</b></li>");
            }
            sb.Append("</ul>");
        }
        sb.Append("</div>\n");

        sb.Append("<div class=\"card\" id=\"summary-bots\"><h3>Top bots</h3>");
        var top = r.Bots.Where(b => b.Activity.Intent != BotIntent.Benign).Take(5).ToList();
        if (top.Count == 0) sb.Append("<p class=\"ok\">No hostile bot found.</p>");
        else
        {
            sb.Append("<ul>");
            foreach (var b in top)
            {
                sb.Append("<li><span class=\"mono\">").Append(ReportText.Html(b.Activity.ClientIp)).Append("</span> ")
                  .Append(ReportText.HtmlEncode($"{b.Activity.Kind}, {b.Activity.Intent}, {b.Activity.Requests:N0} requests"))
                  .Append(" → ");
                if (b.Rule is not null) sb.Append("<code>").Append(ReportText.Html(b.Rule.Rule)).Append("</code>");
                else sb.Append("no rule: ").Append(ReportText.Html(b.Refusal?.ErrorId ?? "none suggested"));
                sb.Append("</li>");
            }
            sb.Append("</ul>");
        }
        sb.Append("</div>\n");

        sb.Append("</div>\n");
        if (r.Warnings.Count > 0)
        {
            sb.Append("<h3>Warnings</h3><ul id=\"warnings\">");
            foreach (var w in r.Warnings) sb.Append("<li>").Append(ReportText.Html(w)).Append("</li>");
            sb.Append("</ul>\n");
        }
        sb.Append("</section>\n");
    }

    private static void Charts(StringBuilder sb, OpsReport r)
    {
        sb.Append("<section id=\"charts\">\n<h2>Requests over time</h2>\n");
        if (r.PeriodStart is not { } periodStart || r.PeriodEnd is not { } periodEnd)
        {
            sb.Append("<p>No entries were read: nothing to chart.</p>\n</section>\n");
            return;
        }
        // The night, not the fortnight: the charts open on the incident window, and the whole period follows small.
        bool zoomed = r.IncidentStart is { } zs && r.IncidentEnd is { } ze && (ze - zs).Ticks < (periodEnd - periodStart).Ticks * 0.8;
        var (start, end) = zoomed ? (r.IncidentStart!.Value, r.IncidentEnd!.Value) : (periodStart, periodEnd);
        var markers = ChartMarkers.For(r);
        var main = new SvgChart.Layout(200, Labels: true);
        sb.Append("<p class=\"note\">").Append(ReportText.HtmlEncode(zoomed
            ? $"Shown: the incident window {Time(r, start)} – {Time(r, end)} (the findings with a margin); the whole period {Time(r, periodStart)} – {Time(r, periodEnd)} is charted below it."
            : $"Shown: the whole period {Time(r, start)} – {Time(r, end)}.")).Append("</p>\n");

        var classes = new (StatusClass Class, string Name, string Color)[]
        {
            (StatusClass.Success, "2xx", "#2ca02c"), (StatusClass.Redirect, "3xx", "#17becf"), (StatusClass.ClientError, "4xx", "#ff7f0e"),
            (StatusClass.ServerError, "5xx", "#d62728"), (StatusClass.Other, "other", "#7f7f7f"),
        };
        List<SvgChart.Series>? overview = null;
        string overviewName = "";
        foreach (var source in new[] { RequestSource.CloudFront, RequestSource.Origin })
        {
            var minutes = r.RequestMinutes.Where(m => m.Source == source).ToList();
            if (minutes.Count == 0) continue;
            string name = source == RequestSource.CloudFront ? "CloudFront (what viewers got)" : "Origin access log (what reached the web server)";
            sb.Append("<h3>").Append(ReportText.HtmlEncode(name)).Append("</h3>\n");
            var series = classes
                .Where(c => c.Class != StatusClass.Other || minutes.Any(m => m.Other > 0))
                .Select(c => new SvgChart.Series(c.Name, c.Color, minutes.Select(m => (m.Minute, m.Count(c.Class))))).ToList();
            SvgChart.Write(sb, source == RequestSource.CloudFront ? "chart-cloudfront" : "chart-origin",
                $"Requests per minute by status class, {name}",
                "Stacked bars: 2xx, 3xx, 4xx and 5xx responses. Lanes above: outages (red), displaced clocks at their true time (amber), update runs (blue). Dashed lines: the story's events.",
                start, end, r.HostZone, series, r.Bands, markers, r.Shorten, main);
            if (overview is null) (overview, overviewName) = (series, name);
        }
        if (overview is null) sb.Append("<p>No access-log or CloudFront requests in the period.</p>\n");

        var bots = r.Bots.Where(b => b.Minutes.Count > 0).Take(5).ToList();
        sb.Append("<h3 id=\"bots-over-time\">Bot requests over time</h3>\n");
        if (bots.Count == 0) sb.Append("<p>No bot requests to chart.</p>\n");
        else
        {
            string[] colors = ["#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#1f77b4"];
            var series = bots.Select((b, i) => new SvgChart.Series($"{b.Activity.ClientIp} {b.Activity.Kind}", colors[i % colors.Length],
                b.Minutes.Select(m => (m.Minute, m.Requests)))).ToList();
            SvgChart.Write(sb, "chart-bots", "Bot requests over time, busiest bots",
                "Stacked bars: requests of each of the busiest bot clients. Lanes and markers as above.", start, end, r.HostZone, series, r.Bands, markers, r.Shorten, main);
        }

        if (zoomed && overview is not null)
        {
            sb.Append("<h3>The whole period</h3>\n");
            SvgChart.Write(sb, "chart-overview", $"The whole period, {overviewName}",
                "Stacked bars by status class over the whole period; the dashed box is the incident window charted above.",
                periodStart, periodEnd, r.HostZone, overview, r.Bands, markers, r.Shorten, new SvgChart.Layout(80, Labels: false, start, end));
        }
        sb.Append("</section>\n");
    }
}
