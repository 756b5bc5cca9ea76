using System.Globalization;
using System.Text;
using OpsLogTools.Core.Text;

namespace OpsLogTools.Core.Reports;

/// <summary>
/// Stacked-bar time charts as inline SVG, with shaded bands, time axes in the host's zone, a legend and
/// accessible titles.
/// </summary>
/// <remarks>
/// Written by hand rather than with ScottPlot (which restores here): ScottPlot draws through SkiaSharp, whose native
/// library adds megabytes per platform to the module for what is a few hundred rectangles; its SVG output has no place
/// for a &lt;title&gt; per band or per series (what a screen reader and a hovering mouse need); and every string in the
/// chart (band labels, bot addresses) must go through <see cref="ReportText"/>, which is simplest when the code that
/// writes the markup is ours.
/// </remarks>
internal sealed class SvgChart
{
    private const double Width = 1100, Height = 300, Left = 60, Right = 16, Top = 34, Bottom = 44;
    private const double PlotWidth = Width - Left - Right, PlotHeight = Height - Top - Bottom;
    private const int MaxBuckets = 800;
    private static readonly int[] BucketMinutes = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];
    private static readonly (TimeSpan Step, string Format)[] TickSteps =
    [
        (TimeSpan.FromMinutes(5), "HH:mm"), (TimeSpan.FromMinutes(10), "HH:mm"), (TimeSpan.FromMinutes(15), "HH:mm"),
        (TimeSpan.FromMinutes(30), "HH:mm"), (TimeSpan.FromHours(1), "HH:mm"), (TimeSpan.FromHours(2), "HH:mm"),
        (TimeSpan.FromHours(3), "HH:mm"), (TimeSpan.FromHours(6), "HH:mm"), (TimeSpan.FromHours(12), "HH:mm"),
        (TimeSpan.FromDays(1), "MM-dd"), (TimeSpan.FromDays(2), "MM-dd"), (TimeSpan.FromDays(7), "MM-dd"), (TimeSpan.FromDays(14), "MM-dd"),
    ];

    /// <summary>One stacked series: a name (escaped when written), a colour, counts per minute.</summary>
    public sealed record Series(string Name, string Color, IEnumerable<(DateTimeOffset Minute, long Count)> Points);

    /// <summary>Band colours by kind.</summary>
    public static string BandColor(ReportBandKind kind) => kind switch
    {
        ReportBandKind.Outage => "#d62728",
        ReportBandKind.DisplacedClock => "#ff9f1c",
        _ => "#1f77b4",
    };

    /// <summary>Words for a band kind in legends.</summary>
    public static string BandName(ReportBandKind kind) => kind switch
    {
        ReportBandKind.Outage => "outage",
        ReportBandKind.DisplacedClock => "displaced clock",
        _ => "update run",
    };

    /// <summary>Writes one chart. <paramref name="title"/> and <paramref name="description"/> are the report's own words.</summary>
    public static void Write(StringBuilder sb, string id, string title, string description, DateTimeOffset start, DateTimeOffset end,
        TimeZoneInfo zone, IReadOnlyList<Series> series, IReadOnlyList<ReportBand> bands, Func<string, string> shorten)
    {
        if (end <= start) end = start + TimeSpan.FromHours(1);
        double totalMinutes = (end - start).TotalMinutes;
        int bucket = BucketMinutes.FirstOrDefault(b => totalMinutes / b <= MaxBuckets, 1440);
        long bucketTicks = bucket * TimeSpan.TicksPerMinute;
        long origin = start.UtcTicks / bucketTicks * bucketTicks;

        // Sum each series into display buckets; the model keeps minutes, the screen has about a thousand pixels.
        var sums = new List<Dictionary<long, long>>();
        var totals = new Dictionary<long, long>();
        foreach (var s in series)
        {
            var d = new Dictionary<long, long>();
            foreach (var (minute, count) in s.Points)
            {
                if (minute < start || minute >= end) continue;
                long b = (minute.UtcTicks - origin) / bucketTicks;
                d[b] = d.GetValueOrDefault(b) + count;
                totals[b] = totals.GetValueOrDefault(b) + count;
            }
            sums.Add(d);
        }
        long max = totals.Count == 0 ? 0 : totals.Values.Max();
        long yMax = NiceCeiling(Math.Max(max, 1));

        double X(DateTimeOffset t) => Left + Math.Clamp((t - start).TotalMinutes / totalMinutes, 0, 1) * PlotWidth;
        double Y(double v) => Top + PlotHeight - v / yMax * PlotHeight;

        string unit = bucket == 1 ? "minute" : bucket < 60 ? $"{bucket} minutes" : bucket == 60 ? "hour" : $"{bucket / 60} hours";
        sb.Append("<figure class=\"chart\"><svg id=\"").Append(id).Append("\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
          .Append(N(Width)).Append(' ').Append(N(Height)).Append("\" width=\"100%\" role=\"img\" aria-labelledby=\"")
          .Append(id).Append("-title ").Append(id).Append("-desc\">\n");
        sb.Append("<title id=\"").Append(id).Append("-title\">").Append(ReportText.HtmlEncode(title)).Append("</title>\n");
        sb.Append("<desc id=\"").Append(id).Append("-desc\">").Append(ReportText.HtmlEncode($"{description} Bars count requests per {unit}; times in {zone.DisplayName}.")).Append("</desc>\n");

        // Bands first, so bars are drawn over them.
        sb.Append("<g class=\"bands\">\n");
        foreach (var band in bands)
        {
            if (band.End < start || band.Start > end) continue;
            double x0 = X(band.Start), x1 = Math.Max(X(band.End), x0 + 2);
            sb.Append("<rect class=\"band band-").Append(band.Kind).Append("\" x=\"").Append(N(x0)).Append("\" y=\"").Append(N(Top))
              .Append("\" width=\"").Append(N(x1 - x0)).Append("\" height=\"").Append(N(PlotHeight)).Append("\" fill=\"").Append(BandColor(band.Kind))
              .Append("\" fill-opacity=\"0.16\"><title>")
              .Append(ReportText.HtmlEncode($"{BandName(band.Kind)} {Local(band.Start, zone, "yyyy-MM-dd HH:mm")} – {Local(band.End, zone, "yyyy-MM-dd HH:mm")}: "))
              .Append(ReportText.Html(band.Label)).Append(ReportText.HtmlEncode(" — ")).Append(ReportText.Html(shorten(band.Source)))
              .Append("</title></rect>\n");
        }
        sb.Append("</g>\n");

        Axes(sb, start, end, zone, yMax, X, Y, unit);

        double barWidth = Math.Max(PlotWidth * bucket / totalMinutes - (bucket * PlotWidth / totalMinutes > 3 ? 1 : 0), 0.6);
        var baseline = new Dictionary<long, long>();
        for (int i = 0; i < series.Count; i++)
        {
            sb.Append("<g class=\"series\" fill=\"").Append(series[i].Color).Append("\"><title>").Append(ReportText.Html(series[i].Name)).Append("</title>\n");
            foreach (var (b, count) in sums[i].OrderBy(kv => kv.Key))
            {
                if (count <= 0) continue;
                long below = baseline.GetValueOrDefault(b);
                baseline[b] = below + count;
                var t = new DateTimeOffset(origin + b * bucketTicks, TimeSpan.Zero);
                double x = X(t), y0 = Y(below), y1 = Y(below + count);
                sb.Append("<rect x=\"").Append(N(x)).Append("\" y=\"").Append(N(y1)).Append("\" width=\"").Append(N(barWidth))
                  .Append("\" height=\"").Append(N(Math.Max(y0 - y1, 0.5))).Append("\"/>\n");
            }
            sb.Append("</g>\n");
        }

        Legend(sb, series, bands);
        sb.Append("</svg></figure>\n");
    }

    private static void Axes(StringBuilder sb, DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone, long yMax,
        Func<DateTimeOffset, double> x, Func<double, double> y, string unit)
    {
        sb.Append("<g class=\"axes\" font-size=\"11\" fill=\"#333\">\n");
        for (int i = 0; i <= 4; i++)
        {
            double v = yMax * i / 4.0;
            double py = y(v);
            sb.Append("<line x1=\"").Append(N(Left)).Append("\" x2=\"").Append(N(Width - Right)).Append("\" y1=\"").Append(N(py)).Append("\" y2=\"").Append(N(py))
              .Append("\" stroke=\"#ddd\" stroke-width=\"1\"/>");
            sb.Append("<text x=\"").Append(N(Left - 6)).Append("\" y=\"").Append(N(py + 4)).Append("\" text-anchor=\"end\">").Append(N(Math.Round(v, 1))).Append("</text>\n");
        }
        sb.Append("<text transform=\"rotate(-90)\" x=\"").Append(N(-(Top + PlotHeight / 2))).Append("\" y=\"14\" text-anchor=\"middle\">requests per ")
          .Append(ReportText.HtmlEncode(unit)).Append("</text>\n");

        double span = (end - start).TotalMinutes;
        var (step, format) = TickSteps.FirstOrDefault(s => span / s.Step.TotalMinutes <= 10, TickSteps[^1]);
        var localStart = TimeZoneInfo.ConvertTime(start, zone);
        // Ticks fall on round local times (midnight for whole days), so labels read as the host's clock.
        var first = new DateTimeOffset(localStart.Year, localStart.Month, localStart.Day, 0, 0, 0, localStart.Offset);
        while (first < localStart) first += step;
        sb.Append("<line x1=\"").Append(N(Left)).Append("\" x2=\"").Append(N(Width - Right)).Append("\" y1=\"").Append(N(Top + PlotHeight))
          .Append("\" y2=\"").Append(N(Top + PlotHeight)).Append("\" stroke=\"#333\"/>\n");
        string? lastDay = null;
        for (var t = first; t <= end; t += step)
        {
            double px = x(t);
            var local = TimeZoneInfo.ConvertTime(t, zone);
            string day = local.ToString("MM-dd", CultureInfo.InvariantCulture);
            sb.Append("<line x1=\"").Append(N(px)).Append("\" x2=\"").Append(N(px)).Append("\" y1=\"").Append(N(Top + PlotHeight)).Append("\" y2=\"")
              .Append(N(Top + PlotHeight + 4)).Append("\" stroke=\"#333\"/>");
            sb.Append("<text x=\"").Append(N(px)).Append("\" y=\"").Append(N(Top + PlotHeight + 16)).Append("\" text-anchor=\"middle\">")
              .Append(local.ToString(format, CultureInfo.InvariantCulture)).Append("</text>");
            if (format == "HH:mm" && day != lastDay)
            {
                sb.Append("<text x=\"").Append(N(px)).Append("\" y=\"").Append(N(Top + PlotHeight + 30)).Append("\" text-anchor=\"middle\" font-weight=\"bold\">")
                  .Append(day).Append("</text>");
                lastDay = day;
            }
            sb.Append('\n');
        }
        sb.Append("<text x=\"").Append(N(Width - Right)).Append("\" y=\"").Append(N(Height - 2)).Append("\" text-anchor=\"end\">")
          .Append(ReportText.HtmlEncode($"time ({zone.DisplayName})")).Append("</text>\n");
        sb.Append("</g>\n");
    }

    private static void Legend(StringBuilder sb, IReadOnlyList<Series> series, IReadOnlyList<ReportBand> bands)
    {
        var items = series.Select(s => (Name: s.Name, s.Color, Band: false)).ToList();
        foreach (var kind in bands.Select(b => b.Kind).Distinct().OrderBy(k => k)) items.Add((BandName(kind), BandColor(kind), true));
        sb.Append("<g class=\"legend\" font-size=\"12\" fill=\"#222\">\n");
        double x = Left;
        foreach (var (name, color, band) in items)
        {
            string text = ReportText.Clean(name);
            sb.Append("<rect x=\"").Append(N(x)).Append("\" y=\"10\" width=\"12\" height=\"12\" fill=\"").Append(color).Append('"')
              .Append(band ? " fill-opacity=\"0.3\"" : "").Append("/>");
            sb.Append("<text x=\"").Append(N(x + 16)).Append("\" y=\"20\">").Append(ReportText.Html(text)).Append("</text>\n");
            x += 30 + Math.Min(text.Length, 40) * 6.6;
        }
        sb.Append("</g>\n");
    }

    private static string Local(DateTimeOffset t, TimeZoneInfo zone, string format) =>
        TimeZoneInfo.ConvertTime(t, zone).ToString(format, CultureInfo.InvariantCulture);

    private static long NiceCeiling(long v)
    {
        long p = 1;
        while (p * 10 < v) p *= 10;
        foreach (long m in new long[] { 1, 2, 4, 5, 10 })
        {
            if (m * p >= v) return m * p;
        }
        return 10 * p;
    }

    private static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
