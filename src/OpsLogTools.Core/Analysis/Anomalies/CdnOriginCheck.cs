namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Direct evidence for an origin access log behind CloudFront. Every request CloudFront forwarded (a Miss or
/// RefreshHit it answered with the origin's reply) must be in the origin's log, so a silence in that log is missing
/// lines exactly when CloudFront forwarded requests during it; a quiet stretch without forwarded requests is just
/// a quiet site (or a well-cached one), whatever the log's usual rate. A file counts as the origin when most of
/// CloudFront's forwarded requests elsewhere have a line of it within <see cref="Slack"/>.
/// The forwarded requests are read from the CloudFront files' facts when asked for, never copied out (issue 19: a
/// month of a busy CDN forwards millions, which cost 24 bytes each in a sorted list, 600 MB while it grew): each file's
/// span of true times is kept, so a question about an hour reads only the files that reach into it. Forwarded requests
/// are ordered by true time, then by file in bundle order and line (where the list's unstable sort left ties as it happened).
/// </summary>
internal sealed class CdnOriginCheck
{
    /// <summary>CloudFront stamps when it finished answering, Apache when the request arrived: allow for slow answers.</summary>
    public const long Slack = TimeSpan.TicksPerMinute;

    private readonly List<(FileFacts File, long Min, long Max)> _files;
    private readonly long _first;
    private readonly long _last;
    private readonly int _count;

    private CdnOriginCheck(List<(FileFacts File, long Min, long Max)> files, long first, long last, int count)
    {
        _files = files;
        _first = first;
        _last = last;
        _count = count;
    }

    /// <summary>The bundle's CloudFront forwarded requests, or null when it has no CloudFront log.</summary>
    public static CdnOriginCheck? For(BundleFacts bundle)
    {
        var cdn = bundle.Files.Where(f => f.IsCloudFront && f.Count > 0).ToList();
        if (cdn.Count == 0) return null;
        var files = new List<(FileFacts, long, long)>();
        long first = long.MaxValue, last = long.MinValue;
        int count = 0;
        foreach (var c in cdn)
        {
            long min = long.MaxValue, max = long.MinValue;
            for (int i = 0; i < c.Count; i++)
            {
                if ((c.Flags[i] & LineFlags.CdnOriginFetch) == 0) continue;
                long t = c.True[i];
                min = Math.Min(min, t);
                max = Math.Max(max, t);
                count++;
            }
            if (min > max) continue;
            files.Add((c, min, max));
            first = Math.Min(first, min);
            last = Math.Max(last, max);
        }
        return new CdnOriginCheck(files, first, last, count);
    }

    /// <summary>
    /// Share of CloudFront's forwarded requests within the file's span that the file logged (a line within
    /// <see cref="Slack"/>), and how many there were; NaN when CloudFront forwarded nothing in that span.
    /// </summary>
    public (double Share, int Fetches) OriginShare(FileMoments m)
    {
        long from = m.Start, to = m.End;
        int all = 0, matched = 0;
        foreach (var (c, min, max) in _files)
        {
            if (max < from || min > to) continue;
            for (int i = 0; i < c.Count; i++)
            {
                if ((c.Flags[i] & LineFlags.CdnOriginFetch) == 0) continue;
                long t = c.True[i];
                if (t < from || t > to) continue;
                all++;
                if (m.HasNear(t, Slack)) matched++;
            }
        }
        if (all == 0) return (double.NaN, 0);
        return (matched / (double)all, all);
    }

    /// <summary>True when CloudFront's logs reach before <paramref name="t1"/> and after <paramref name="t2"/> (its record covers the silence).</summary>
    public bool Covers(long t1, long t2) => _count > 0 && _first <= t1 && _last >= t2;

    /// <summary>Forwarded requests strictly inside the silence, away from its ends by <see cref="Slack"/>: how many, the first and last, and their files.</summary>
    public Forwarded Inside(long t1, long t2)
    {
        long from = t1 + Slack, to = t2 - Slack;
        var inside = new Forwarded();
        if (to <= from) return inside;
        var firstOfFile = new List<((long Time, int Index) Key, FileFacts File)>();
        foreach (var (c, min, max) in _files)
        {
            if (max < from || min >= to) continue;
            (long Time, int Index)? own = null;
            for (int i = 0; i < c.Count; i++)
            {
                if ((c.Flags[i] & LineFlags.CdnOriginFetch) == 0) continue;
                long t = c.True[i];
                if (t < from || t >= to) continue;
                inside.Count++;
                // Files come in bundle order and lines in line order: a tie in time keeps the one met first as first, the one met last as last.
                if (inside.Count == 1 || t < inside.First.Time) inside.First = (c, i, t);
                if (inside.Count == 1 || t >= inside.Last.Time) inside.Last = (c, i, t);
                if (own is null || t < own.Value.Time) own = (t, i);
            }
            if (own is { } o) firstOfFile.Add((o, c));
        }
        // Each file's path where its first forwarded request falls in that order (ties: bundle order, kept by the stable sort).
        inside.Paths = firstOfFile.OrderBy(x => x.Key.Time).Select(x => x.File.Path).ToList();
        return inside;
    }

    /// <summary>What CloudFront forwarded inside a silence.</summary>
    public sealed class Forwarded
    {
        public int Count { get; set; }
        public (FileFacts File, int Index, long Time) First { get; set; }
        public (FileFacts File, int Index, long Time) Last { get; set; }
        /// <summary>The files the requests are in, by their first forwarded request.</summary>
        public List<string> Paths { get; set; } = [];
    }
}
