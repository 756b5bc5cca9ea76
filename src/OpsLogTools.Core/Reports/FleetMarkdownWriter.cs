using System.Globalization;
using System.Text;
using OpsLogTools.Core.Text;

namespace OpsLogTools.Core.Reports;

/// <summary>
/// Writes a <see cref="FleetReport"/> as GitHub-flavoured Markdown: the fleet view first, then each host's report as
/// <see cref="MarkdownReportWriter"/> writes it, one heading level down. Host names and log text go through
/// <see cref="ReportText.Markdown"/>.
/// </summary>
public static class FleetMarkdownWriter
{
    /// <summary>The Markdown as a string.</summary>
    public static string Render(FleetReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var v = r.View;
        var sb = new StringBuilder(16 * 1024);
        sb.Append("# ").Append(ReportText.Markdown(r.Title)).Append("\n\n");
        sb.Append(Own($"{r.Hosts.Count} host(s): ")).Append(ReportText.Markdown(string.Join(", ", v.Hosts)))
          .Append(Own($" · Fleet view times in {r.ZoneName}"));
        if (r.GeneratedAt is { } g) sb.Append(Own($" · Generated {r.Time(g)}"));
        sb.Append("\n\n## The fleet\n\n").Append(string.Join(" ", FleetNarrative.Sentences(r).Select(ReportText.Markdown))).Append("\n\n");

        if (v.ClockFaults.Count > 0)
        {
            sb.Append("### Clock faults\n\n");
            MarkdownReportWriter.Table(sb, ["From", "To", "Hosts", "Whose problem", "Offset", "Files"], v.ClockFaults.Select(f => new[]
            {
                Own(r.Time(f.Start)), Own(r.Time(f.End)), ReportText.Markdown(string.Join(", ", f.Hosts)),
                f.IsShared ? "**the fleet's time source**" : "this host alone", Own(FleetNarrative.Offsets(f)),
                ReportText.Markdown(string.Join("; ", f.Runs.Select(x => $"{x.Host}: {x.Run.Path}:{x.Run.FirstLine}-{x.Run.LastLine}"))),
            }));
        }
        if (v.SharedBots.Count > 0)
        {
            sb.Append("### Bots on several hosts\n\n");
            MarkdownReportWriter.Table(sb, ["Client", "Hosts", "Requests", "Intent", "First", "Last"], v.SharedBots.Select(b => new[]
            {
                ReportText.Markdown(b.ClientIp), ReportText.Markdown(string.Join(", ", b.Hosts)), Own(b.Requests.ToString("N0", CultureInfo.InvariantCulture)),
                Own(b.Intent.ToString()), Own(r.Time(b.FirstSeen)), Own(r.Time(b.LastSeen)),
            }));
        }
        if (v.UpdateRuns.Count > 0)
        {
            sb.Append("### Update runs side by side\n\n");
            MarkdownReportWriter.Table(sb, ["Start", "End", "Host", "Tool", "Packages", "Trigger", "Alongside"], v.UpdateRuns.Select(u => new[]
            {
                Own(r.Time(u.Result.UpdateStart)), Own(r.Time(u.Result.UpdateEnd)), ReportText.Markdown(u.Host), ReportText.Markdown(u.Result.Run.Tool),
                Own(u.Result.Packages.Count.ToString(CultureInfo.InvariantCulture)), ReportText.Markdown(ReportNarrative.Trigger(u.Result.Trigger)),
                ReportText.Markdown(string.Join(", ", u.AlongsideHosts)),
            }));
        }

        foreach (var host in r.Hosts)
        {
            // ReportText.Markdown escapes '#' and turns line breaks into spaces, so every line that opens with '#' is a heading of ours.
            foreach (var line in MarkdownReportWriter.Render(host).Split('\n'))
            {
                if (line.StartsWith('#')) sb.Append('#');
                sb.Append(line).Append('\n');
            }
        }
        return sb.ToString();
    }

    private static string Own(string s) => ReportText.MarkdownEncode(s);
}
