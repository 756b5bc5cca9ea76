using System.Globalization;
using System.Text;
using OpsLogTools.Core.Text;

namespace OpsLogTools.Core.Reports;

/// <summary>
/// Stacked-bar time charts as inline SVG: a legend that wraps to fit, one lane per kind of band (outages, displaced
/// clocks, update runs: they never cover each other), labelled event markers, and a time axis whose ticks suit the
/// span (minutes to decades), in the host's zone.
/// </summary>
/// <remarks>
/// Written by hand rather than with ScottPlot (which restores here): ScottPlot draws through SkiaSharp, whose native
/// library adds megabytes per platform to the module for what is a few hundred rectangles; its SVG output has no place
/// for a &lt;title&gt; per band, marker or series (what a screen reader and a hovering mouse need); and every string in
/// the chart (band labels, bot addresses) must go through <see cref="ReportText"/>, which is simplest when the code that
/// writes the markup is ours.
/// </remarks>
internal static class SvgChart
{
    private const double Width = 1100, Left = 96, Right = 16, Bottom = 46, LegendRow = 18, Lane = 13, MarkerRow = 13;
    private const int MaxBuckets = 800, MaxMarkerRows = 3, MaxShift = 160;
    private static readonly int[] BucketMinutes = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080, 20160, 43200, 131400, 525600];
    private static readonly ReportBandKind[] LaneOrder = [ReportBandKind.Outage, ReportBandKind.DisplacedClock, ReportBandKind.UpdateRun];

    /// <summary>One stacked series: a name (escaped when written), a colour, counts per minute.</summary>
    public sealed record Series(string Name, string Color, IEnumerable<(DateTimeOffset Minute, long Count)> Points);

    /// <summary>How a chart is drawn: its size, what it marks, and the stretch to outline (the zoomed window, on the overview).</summary>
    public sealed record Layout(double PlotHeight, bool Labels, DateTimeOffset? HighlightStart = null, DateTimeOffset? HighlightEnd = null);

    /// <summary>Band colours by kind.</summary>
    public static string BandColor(ReportBandKind kind) => kind switch
    {
        ReportBandKind.Outage => "#d62728",
        ReportBandKind.DisplacedClock => "#ff9f1c",
        _ => "#1f77b4",
    };

    /// <summary>Words for a band kind in legends and lanes.</summary>
    public static string BandName(ReportBandKind kind) => kind switch
    {
        ReportBandKind.Outage => "outage",
        ReportBandKind.DisplacedClock => "displaced clock",
        _ => "update run",
    };

    /// <summary>Writes one chart. <paramref name="title"/> and <paramref name="description"/> are the report's own words.</summary>
    public static void Write(StringBuilder sb, string id, string title, string description, DateTimeOffset start, DateTimeOffset end,
        TimeZoneInfo zone, IReadOnlyList<Series> series, IReadOnlyList<ReportBand> bands, IReadOnlyList<ChartMarker> markers,
        Func<string, string> shorten, Layout layout)
    {
        if (end <= start) end = start + TimeSpan.FromHours(1);
        double totalMinutes = (end - start).TotalMinutes;
        int bucket = BucketMinutes.FirstOrDefault(b => totalMinutes / b <= MaxBuckets, BucketMinutes[^1]);
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
        long yMax = NiceCeiling(Math.Max(totals.Count == 0 ? 0 : totals.Values.Max(), 1));

        var visibleBands = bands.Where(b => b.End >= start && b.Start <= end).ToList();
        var lanes = LaneOrder.Where(k => visibleBands.Any(b => b.Kind == k)).ToList();
        var visibleMarkers = markers.Where(m => m.Time >= start && m.Time <= end).ToList();
        var legend = LegendItems(series, lanes);
        var legendRows = LegendRows(legend);
        double plotWidth = Width - Left - Right;
        double X(DateTimeOffset t) => Left + Math.Clamp((t - start).TotalMinutes / totalMinutes, 0, 1) * plotWidth;
        var labels = layout.Labels ? PlaceLabels(visibleMarkers, X) : [];
        int labelRows = labels.Count == 0 ? 0 : labels.Max(l => l.Row) + 1;

        double lanesTop = 6 + legendRows.Count * LegendRow + 4;
        double labelsTop = lanesTop + lanes.Count * Lane + (lanes.Count > 0 ? 4 : 0);
        double top = labelsTop + labelRows * MarkerRow + 4;
        double plotHeight = layout.PlotHeight, height = top + plotHeight + Bottom;
        double Y(double v) => top + plotHeight - v / yMax * plotHeight;

        string unit = Unit(bucket);
        sb.Append("<figure class=\"chart\"><svg id=\"").Append(id).Append("\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
          .Append(N(Width)).Append(' ').Append(N(height)).Append("\" width=\"100%\" role=\"img\" aria-labelledby=\"")
          .Append(id).Append("-title ").Append(id).Append("-desc\" data-start=\"").Append(start.ToString("o", CultureInfo.InvariantCulture))
          .Append("\" data-end=\"").Append(end.ToString("o", CultureInfo.InvariantCulture)).Append("\">\n");
        sb.Append("<title id=\"").Append(id).Append("-title\">").Append(ReportText.HtmlEncode(title)).Append("</title>\n");
        sb.Append("<desc id=\"").Append(id).Append("-desc\">").Append(ReportText.HtmlEncode($"{description} Bars count requests per {unit}; times in {zone.DisplayName}.")).Append("</desc>\n");

        Legend(sb, legendRows);

        // Lanes: one row per kind, so a short update run is not lost under an outage of eleven hours.
        sb.Append("<g class=\"bands\" font-size=\"11\" fill=\"#333\">\n");
        for (int i = 0; i < lanes.Count; i++)
        {
            double y = lanesTop + i * Lane;
            sb.Append("<text x=\"").Append(N(Left - 6)).Append("\" y=\"").Append(N(y + 10)).Append("\" text-anchor=\"end\">").Append(BandName(lanes[i])).Append("</text>")
              .Append("<rect x=\"").Append(N(Left)).Append("\" y=\"").Append(N(y)).Append("\" width=\"").Append(N(plotWidth)).Append("\" height=\"").Append(N(Lane - 3)).Append("\" fill=\"#f4f4f4\"/>\n");
            foreach (var band in visibleBands.Where(b => b.Kind == lanes[i]))
            {
                double x0 = X(band.Start), x1 = Math.Max(X(band.End), x0 + 3);
                sb.Append("<rect class=\"band band-").Append(band.Kind).Append("\" x=\"").Append(N(x0)).Append("\" y=\"").Append(N(y)).Append("\" width=\"").Append(N(x1 - x0))
                  .Append("\" height=\"").Append(N(Lane - 3)).Append("\" fill=\"").Append(BandColor(band.Kind)).Append("\"><title>")
                  .Append(ReportText.HtmlEncode($"{BandName(band.Kind)} {Local(band.Start, zone, "yyyy-MM-dd HH:mm")} – {Local(band.End, zone, "yyyy-MM-dd HH:mm")}: "))
                  .Append(ReportText.Html(band.Label)).Append(ReportText.HtmlEncode(" — ")).Append(ReportText.Html(shorten(band.Source))).Append("</title></rect>\n");
                // Outages are also shaded faintly behind the bars: the gap in the bars is the outage.
                if (band.Kind == ReportBandKind.Outage)
                    sb.Append("<rect class=\"shade\" x=\"").Append(N(x0)).Append("\" y=\"").Append(N(top)).Append("\" width=\"").Append(N(x1 - x0)).Append("\" height=\"")
                      .Append(N(plotHeight)).Append("\" fill=\"").Append(BandColor(band.Kind)).Append("\" fill-opacity=\"0.07\"/>\n");
            }
        }
        sb.Append("</g>\n");

        Axes(sb, start, end, zone, yMax, X, Y, unit, top, plotHeight, layout.Labels ? 10 : 8);

        double barWidth = Math.Max(plotWidth * bucket / totalMinutes - (bucket * plotWidth / totalMinutes > 3 ? 1 : 0), 0.6);
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

        Markers(sb, visibleMarkers, labels, X, labelsTop, top, plotHeight);
        if (layout.HighlightStart is { } hs && layout.HighlightEnd is { } he && he > start && hs < end)
        {
            double x0 = X(hs), x1 = Math.Max(X(he), x0 + 2);
            sb.Append("<rect class=\"zoom-window\" x=\"").Append(N(x0)).Append("\" y=\"").Append(N(top)).Append("\" width=\"").Append(N(x1 - x0)).Append("\" height=\"").Append(N(plotHeight))
              .Append("\" fill=\"none\" stroke=\"#222\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"><title>")
              .Append(ReportText.HtmlEncode($"the incident window shown above: {Local(hs, zone, "yyyy-MM-dd HH:mm")} – {Local(he, zone, "yyyy-MM-dd HH:mm")}")).Append("</title></rect>\n");
        }
        sb.Append("</svg></figure>\n");
    }

    private sealed record Label(ChartMarker First, int Count, double X, int Row, double TextX, string Text);

    // Markers of one kind close together share a label ("OOM kill ×4"); labels go on the first row where they do not
    // run into the one before, and are left out (the line and its tooltip stay) when no row has room.
    private static List<Label> PlaceLabels(IReadOnlyList<ChartMarker> markers, Func<DateTimeOffset, double> x)
    {
        var groups = new List<(ChartMarker First, int Count, double X)>();
        foreach (var m in markers)
        {
            double px = x(m.Time);
            if (groups.Count > 0 && groups[^1].First.Label == m.Label && px - groups[^1].X < 40) groups[^1] = (groups[^1].First, groups[^1].Count + 1, groups[^1].X);
            else groups.Add((m, 1, px));
        }
        var rowEnds = new double[MaxMarkerRows];
        Array.Fill(rowEnds, double.MinValue);
        var labels = new List<Label>();
        foreach (var (first, count, px) in groups)
        {
            string text = count > 1 ? $"{first.Label} ×{count}" : first.Label;
            double w = text.Length * 6.2 + 6;
            // A label may move right of its line (a leader joins them) to the first row with room; the row that moves it least wins.
            int best = -1;
            double bestFrom = 0;
            for (int row = 0; row < MaxMarkerRows; row++)
            {
                double from = Math.Max(px, rowEnds[row] + 4);
                if (from + w > Width - Right || from - px > MaxShift) continue;
                if (best < 0 || from < bestFrom) (best, bestFrom) = (row, from);
            }
            if (best < 0)
            {
                // At the right edge: end the label at its line instead, when that row is free there.
                for (int row = 0; row < MaxMarkerRows && best < 0; row++)
                {
                    if (rowEnds[row] + 4 <= px - w && px + w > Width - Right) (best, bestFrom) = (row, px - w);
                }
                if (best < 0) continue;
            }
            rowEnds[best] = bestFrom + w;
            labels.Add(new Label(first, count, px, best, bestFrom, text));
        }
        return labels;
    }

    private static void Markers(StringBuilder sb, IReadOnlyList<ChartMarker> markers, IReadOnlyList<Label> labels, Func<DateTimeOffset, double> x,
        double labelsTop, double top, double plotHeight)
    {
        if (markers.Count == 0) return;
        sb.Append("<g class=\"markers\" font-size=\"11\">\n");
        foreach (var m in markers)
        {
            double px = x(m.Time);
            sb.Append("<line class=\"marker m-").Append(m.Label.Replace(' ', '-')).Append("\" x1=\"").Append(N(px)).Append("\" x2=\"").Append(N(px)).Append("\" y1=\"").Append(N(top)).Append("\" y2=\"").Append(N(top + plotHeight))
              .Append("\" stroke=\"").Append(m.Color).Append("\" stroke-width=\"1.2\" stroke-dasharray=\"3 2\"><title>").Append(ReportText.Html(m.Detail)).Append("</title></line>\n");
        }
        // Leaders first, then each label on a white box: a leader passing behind another label never strikes it through.
        foreach (var l in labels)
        {
            double y = labelsTop + l.Row * MarkerRow + 10;
            double joinX = Math.Max(l.TextX, l.X);
            sb.Append("<polyline fill=\"none\" points=\"").Append(N(l.X)).Append(',').Append(N(top)).Append(' ').Append(N(l.X)).Append(',').Append(N(y - 4)).Append(' ')
              .Append(N(joinX)).Append(',').Append(N(y - 4)).Append("\" stroke=\"").Append(l.First.Color).Append("\" stroke-width=\"0.7\"/>\n");
        }
        foreach (var l in labels)
        {
            double y = labelsTop + l.Row * MarkerRow + 10;
            double w = l.Text.Length * 6.2 + 6;
            sb.Append("<rect x=\"").Append(N(l.TextX + 1)).Append("\" y=\"").Append(N(y - 10)).Append("\" width=\"").Append(N(w - 2)).Append("\" height=\"12\" fill=\"#fff\"/>");
            sb.Append("<text class=\"marker-label\" x=\"").Append(N(l.TextX + 3)).Append("\" y=\"").Append(N(y)).Append("\" fill=\"").Append(l.First.Color)
              .Append("\"><title>").Append(ReportText.Html(l.First.Detail)).Append("</title>")
              .Append(ReportText.HtmlEncode(l.Text)).Append("</text>\n");
        }
        sb.Append("</g>\n");
    }

    private static void Axes(StringBuilder sb, DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone, long yMax,
        Func<DateTimeOffset, double> x, Func<double, double> y, string unit, double top, double plotHeight, int maxTicks)
    {
        sb.Append("<g class=\"axes\" font-size=\"11\" fill=\"#333\">\n");
        int yTicks = plotHeight >= 150 ? 4 : 2;
        for (int i = 0; i <= yTicks; i++)
        {
            double v = yMax * i / (double)yTicks;
            double py = y(v);
            sb.Append("<line x1=\"").Append(N(Left)).Append("\" x2=\"").Append(N(Width - Right)).Append("\" y1=\"").Append(N(py)).Append("\" y2=\"").Append(N(py))
              .Append("\" stroke=\"#e4e4e4\" stroke-width=\"1\"/>");
            sb.Append("<text x=\"").Append(N(Left - 6)).Append("\" y=\"").Append(N(py + 4)).Append("\" text-anchor=\"end\">")
              .Append(Math.Round(v, 1).ToString("#,0.#", CultureInfo.InvariantCulture)).Append("</text>\n");
        }
        sb.Append("<text transform=\"rotate(-90)\" x=\"").Append(N(-(top + plotHeight / 2))).Append("\" y=\"14\" text-anchor=\"middle\">per ")
          .Append(ReportText.HtmlEncode(unit)).Append("</text>\n");

        double baseY = top + plotHeight;
        sb.Append("<line x1=\"").Append(N(Left)).Append("\" x2=\"").Append(N(Width - Right)).Append("\" y1=\"").Append(N(baseY)).Append("\" y2=\"").Append(N(baseY)).Append("\" stroke=\"#333\"/>\n");
        foreach (var tick in TimeTicks.For(start, end, zone, maxTicks))
        {
            double px = x(tick.Time);
            sb.Append("<line x1=\"").Append(N(px)).Append("\" x2=\"").Append(N(px)).Append("\" y1=\"").Append(N(baseY)).Append("\" y2=\"").Append(N(baseY + 4)).Append("\" stroke=\"#333\"/>");
            sb.Append("<text class=\"tick\" x=\"").Append(N(px)).Append("\" y=\"").Append(N(baseY + 16)).Append("\" text-anchor=\"middle\">").Append(ReportText.HtmlEncode(tick.Label)).Append("</text>");
            if (tick.Context is { } context)
                sb.Append("<text x=\"").Append(N(px)).Append("\" y=\"").Append(N(baseY + 30)).Append("\" text-anchor=\"middle\" font-weight=\"bold\">").Append(ReportText.HtmlEncode(context)).Append("</text>");
            sb.Append('\n');
        }
        sb.Append("<text x=\"").Append(N(Width - Right)).Append("\" y=\"").Append(N(baseY + 42)).Append("\" text-anchor=\"end\">")
          .Append(ReportText.HtmlEncode($"time in {zone.DisplayName}")).Append("</text>\n");
        sb.Append("</g>\n");
    }

    private static List<(string Name, string Color, bool Band)> LegendItems(IReadOnlyList<Series> series, IReadOnlyList<ReportBandKind> lanes)
    {
        var items = series.Select(s => (Name: Fit(ReportText.Clean(s.Name)), s.Color, Band: false)).ToList();
        foreach (var kind in lanes) items.Add((BandName(kind), BandColor(kind), true));
        return items;
    }

    // Items flow left to right and wrap to a new row, so a legend of long bot names stays inside the chart.
    private static List<List<(string Name, string Color, bool Band, double X)>> LegendRows(List<(string Name, string Color, bool Band)> items)
    {
        var rows = new List<List<(string, string, bool, double)>>();
        double x = Left;
        foreach (var (name, color, band) in items)
        {
            double w = 28 + name.Length * 6.6;
            if (rows.Count == 0 || (x + w > Width - Right && rows[^1].Count > 0)) { rows.Add([]); x = Left; }
            rows[^1].Add((name, color, band, x));
            x += w;
        }
        return rows;
    }

    private static void Legend(StringBuilder sb, List<List<(string Name, string Color, bool Band, double X)>> rows)
    {
        sb.Append("<g class=\"legend\" font-size=\"12\" fill=\"#222\">\n");
        for (int r = 0; r < rows.Count; r++)
        {
            double y = 6 + r * LegendRow;
            foreach (var (name, color, band, x) in rows[r])
            {
                sb.Append("<rect x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append("\" width=\"12\" height=\"12\" fill=\"").Append(color).Append('"')
                  .Append(band ? " rx=\"2\"" : "").Append("/>");
                sb.Append("<text x=\"").Append(N(x + 16)).Append("\" y=\"").Append(N(y + 10)).Append("\">").Append(ReportText.Html(name)).Append("</text>\n");
            }
        }
        sb.Append("</g>\n");
    }

    private static string Fit(string name) => name.Length <= 48 ? name : name[..47] + "…";

    private static string Unit(int bucket) => bucket switch
    {
        1 => "minute",
        < 60 => $"{bucket} minutes",
        60 => "hour",
        < 1440 => $"{bucket / 60} hours",
        1440 => "day",
        10080 => "week",
        20160 => "2 weeks",
        525600 => "year",
        _ => $"{bucket / 1440} days",
    };

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
