using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>Cuts one difference file into segments at its displaced stretches.</summary>
internal static class SegmentBuilder
{
    private const double AgreesWithReference = 0.9;
    private const double AgreesWithItself = 0.6;

    public static TimelineSegment Displaced(DisplacedStretch s, IReadOnlyList<string> references, long? firstLine = null, long? lastLine = null, long? entries = null)
    {
        var a = s.Anomaly;
        long first = firstLine ?? a.FirstLine, last = lastLine ?? a.LastLine;
        return new TimelineSegment
        {
            Path = a.Path,
            FirstLine = first,
            LastLine = last,
            LineCount = last - first + 1,
            EntryCount = entries ?? a.LineCount,
            StampedStart = a.StampedStart,
            StampedEnd = a.StampedEnd,
            Start = a.Start,
            End = a.End,
            OffsetSeconds = a.OffsetSeconds,
            OffsetUncertaintySeconds = a.OffsetUncertaintySeconds,
            IsDisplaced = true,
            Basis = a.Basis,
            Cause = a.Cause,
            Confidence = a.Confidence,
            ReferencePaths = references,
            Evidence = a.Evidence,
        };
    }

    /// <summary>
    /// Every segment of the file, end to end by line number. A stretch between two runs that holds no entry (blank
    /// or header lines only) joins the segment after it, or the one before it at the end of the file.
    /// </summary>
    public static IEnumerable<TimelineSegment> Cover(TimelineFile f, IEnumerable<LogEntry> entries, IReadOnlyList<string> references)
    {
        var ranges = Plan(f);
        int at = 0;
        var years = new YearlessStamps(f.Format);
        foreach (var e in entries)
        {
            while (at < ranges.Count - 1 && e.LineNumber > ranges[at].Last) at++;
            ranges[at].Take(years.Next(e.Timestamp));
        }

        for (int i = 0; i < ranges.Count; i++)
        {
            var r = ranges[i];
            if (r.Stretch is not null || r.Entries > 0) continue;
            if (i + 1 < ranges.Count) ranges[i + 1].First = r.First;
            else if (i > 0) ranges[i - 1].Last = r.Last;
            r.Dropped = true;
        }

        foreach (var r in ranges)
        {
            if (r.Dropped) continue;
            if (r.Stretch is { } s)
            {
                yield return Displaced(s, references, r.First, r.Last, r.Entries);
                continue;
            }
            yield return Equal(f, r, references);
        }
    }

    private static TimelineSegment Equal(TimelineFile f, Range r, IReadOnlyList<string> references)
    {
        var evidence = new List<string>
        {
            $"{TimelineWords.Where(f.Path, r.First)} through {TimelineWords.Where(f.Path, r.Last)}: {TimelineWords.Count(r.Entries, "entry", "entries")} stamped "
            + $"{TimelineWords.Time(r.StampedStart)} to {TimelineWords.Time(r.StampedEnd)}, in order with no step beyond ordinary jitter: stamps taken as true time.",
        };
        if (references.Count > 0)
            evidence.Add($"Displacements were sought against {string.Join(", ", references.Select(Path.GetFileName))} together with this file; none covers these lines.");
        else
            evidence.Add("No reference clock was given: these lines only agree with the file's own order.");
        return new TimelineSegment
        {
            Path = f.Path,
            FirstLine = r.First,
            LastLine = r.Last,
            LineCount = r.Last - r.First + 1,
            EntryCount = r.Entries,
            StampedStart = r.StampedStart,
            StampedEnd = r.StampedEnd,
            Start = r.StampedStart,
            End = r.StampedEnd,
            OffsetSeconds = 0,
            IsDisplaced = false,
            Basis = OffsetBasis.None,
            Cause = AnomalyCause.Unknown,
            Confidence = references.Count > 0 ? AgreesWithReference : AgreesWithItself,
            ReferencePaths = references,
            Evidence = evidence,
        };
    }

    private static List<Range> Plan(TimelineFile f)
    {
        var ranges = new List<Range>();
        long next = 1;
        foreach (var s in f.Stretches)
        {
            if (s.FirstLine > next) ranges.Add(new Range(next, s.FirstLine - 1, null));
            ranges.Add(new Range(s.FirstLine, s.LastLine, s));
            next = s.LastLine + 1;
        }
        long end = Math.Max(f.TotalLines, next - 1);
        if (end >= next) ranges.Add(new Range(next, end, null));
        return ranges;
    }

    private sealed class Range(long first, long last, DisplacedStretch? stretch)
    {
        public long First { get; set; } = first;
        public long Last { get; set; } = last;
        public DisplacedStretch? Stretch { get; } = stretch;
        public long Entries { get; private set; }
        public DateTimeOffset StampedStart { get; private set; }
        public DateTimeOffset StampedEnd { get; private set; }
        public bool Dropped { get; set; }

        public void Take(DateTimeOffset stamp)
        {
            if (Entries == 0) StampedStart = stamp;
            StampedEnd = stamp;
            Entries++;
        }
    }
}
