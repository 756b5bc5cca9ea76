namespace OpsLogTools.Core.Reports;

/// <summary>Merges overlapping stretches of one kind into one band (the same displaced clock in messages, cron and secure is one band, not three).</summary>
internal static class ReportBands
{
    public static List<ReportBand> Merge(ReportBandKind kind, IEnumerable<(DateTimeOffset Start, DateTimeOffset End, string Label, string Source)> stretches)
    {
        var sorted = stretches.Select(s => s.End < s.Start ? (Start: s.End, End: s.Start, s.Label, s.Source) : s).OrderBy(s => s.Start).ToList();
        var bands = new List<ReportBand>();
        int i = 0;
        while (i < sorted.Count)
        {
            var (start, end, label, source) = sorted[i];
            var sources = new List<string> { source };
            int more = 0;
            int j = i + 1;
            for (; j < sorted.Count && sorted[j].Start <= end; j++)
            {
                if (sorted[j].End > end) end = sorted[j].End;
                sources.Add(sorted[j].Source);
                more++;
            }
            bands.Add(new ReportBand
            {
                Kind = kind,
                Start = start,
                End = end,
                Label = more == 0 ? label : $"{label} (+{more} more)",
                Source = string.Join(", ", sources),
            });
            i = j;
        }
        return bands;
    }
}
