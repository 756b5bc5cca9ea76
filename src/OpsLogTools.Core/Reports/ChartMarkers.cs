using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Reports;

/// <summary>The events the charts mark: the story's when it was told, else what the findings say (outages, clocks, update runs).</summary>
internal static class ChartMarkers
{
    public static IReadOnlyList<ChartMarker> For(OpsReport r)
    {
        var list = new List<ChartMarker>();
        if (r.Story.Count > 0)
        {
            foreach (var e in r.Story)
            {
                if (Label(e.Event) is not { } label) continue;
                list.Add(new ChartMarker(e.Time, label, $"{HtmlReportWriter.Time(r, e.Time)} {e.Summary} ({r.Shorten(e.Path)}:{e.LineNumber})", Color(e.Event)));
            }
        }
        else
        {
            foreach (var o in r.Outages)
            {
                list.Add(new ChartMarker(o.Start, "down", $"{HtmlReportWriter.Time(r, o.Start)} {o.Service} down ({o.Cause})", Color(StoryEventKind.ServiceDown)));
                list.Add(new ChartMarker(o.End, "up", $"{HtmlReportWriter.Time(r, o.End)} {o.Service} up", Color(StoryEventKind.ServiceUp)));
            }
            foreach (var d in r.Anomalies.Where(a => a.Kind == AnomalyKind.DisplacedTimestamps))
            {
                list.Add(new ChartMarker(d.Start, "clock wrong", $"{HtmlReportWriter.Time(r, d.Start)} {OpsReportBuilder.Describe(d)}", Color(StoryEventKind.ClockWrong)));
                list.Add(new ChartMarker(d.End, "clock right", $"{HtmlReportWriter.Time(r, d.End)} stamps right again in {Path.GetFileName(d.Path)}", Color(StoryEventKind.ClockRight)));
            }
            foreach (var u in r.UpdateRuns)
                list.Add(new ChartMarker(u.Result.UpdateStart, "update run", $"{HtmlReportWriter.Time(r, u.Result.UpdateStart)} {u.Result.Run.Tool}, {u.Result.Packages.Count} package(s)", Color(StoryEventKind.UpdateRun)));
        }
        list.Sort((a, b) => a.Time.CompareTo(b.Time));
        return list;
    }

    private static string? Label(StoryEventKind kind) => kind switch
    {
        StoryEventKind.FirstServerError => "first 5xx",
        StoryEventKind.WorkerLimitReached => "worker limit",
        StoryEventKind.OomKill => "OOM kill",
        StoryEventKind.ServiceDown => "down",
        StoryEventKind.ServiceUp => "up",
        StoryEventKind.ClockWrong => "clock wrong",
        StoryEventKind.ClockRight => "clock right",
        StoryEventKind.UpdateRun => "update run",
        StoryEventKind.HostRebooted => "reboot",
        StoryEventKind.HostShutDown => "shutdown",
        _ => null,
    };

    private static string Color(StoryEventKind kind) => kind switch
    {
        StoryEventKind.FirstServerError or StoryEventKind.WorkerLimitReached or StoryEventKind.OomKill or StoryEventKind.ServiceDown => "#b00020",
        StoryEventKind.ServiceUp => "#256029",
        StoryEventKind.ClockWrong or StoryEventKind.ClockRight => "#a15c00",
        StoryEventKind.UpdateRun => "#1f4e9c",
        _ => "#444",
    };
}
