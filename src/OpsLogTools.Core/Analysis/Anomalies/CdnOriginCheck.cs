namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Direct evidence for an origin access log behind CloudFront. Every request CloudFront forwarded (a Miss or
/// RefreshHit it answered with the origin's reply) must be in the origin's log, so a silence in that log is missing
/// lines exactly when CloudFront forwarded requests during it; a quiet stretch without forwarded requests is just
/// a quiet site (or a well-cached one), whatever the log's usual rate. A file counts as the origin when most of
/// CloudFront's forwarded requests elsewhere have a line of it within <see cref="Slack"/>.
/// </summary>
internal sealed class CdnOriginCheck
{
    /// <summary>CloudFront stamps when it finished answering, Apache when the request arrived: allow for slow answers.</summary>
    public const long Slack = TimeSpan.TicksPerMinute;

    private readonly long[] _fetches;
    private readonly List<(FileFacts File, int Index, long Time)> _where;

    private CdnOriginCheck(List<(FileFacts File, int Index, long Time)> fetches)
    {
        _where = fetches;
        _fetches = fetches.Select(x => x.Time).ToArray();
    }

    /// <summary>The bundle's CloudFront forwarded requests, or null when it has no CloudFront log.</summary>
    public static CdnOriginCheck? For(BundleFacts bundle)
    {
        var cdn = bundle.Files.Where(f => f.IsCloudFront && f.Count > 0).ToList();
        if (cdn.Count == 0) return null;
        var fetches = new List<(FileFacts, int, long)>();
        foreach (var c in cdn)
        {
            for (int i = 0; i < c.Count; i++)
            {
                if ((c.Flags[i] & LineFlags.CdnOriginFetch) != 0) fetches.Add((c, i, c.True[i]));
            }
        }
        fetches.Sort((a, b) => a.Item3.CompareTo(b.Item3));
        return new CdnOriginCheck(fetches);
    }

    /// <summary>
    /// Share of CloudFront's forwarded requests within the file's span that the file logged (a line within
    /// <see cref="Slack"/>), and how many there were; NaN when CloudFront forwarded nothing in that span.
    /// </summary>
    public (double Share, int Fetches) OriginShare(FileMoments m)
    {
        int a = Lower(m.Start), b = Lower(m.End + 1);
        if (b <= a) return (double.NaN, 0);
        int matched = 0;
        for (int i = a; i < b; i++)
        {
            if (m.HasNear(_fetches[i], Slack)) matched++;
        }
        return (matched / (double)(b - a), b - a);
    }

    /// <summary>True when CloudFront's logs reach before <paramref name="t1"/> and after <paramref name="t2"/> (its record covers the silence).</summary>
    public bool Covers(long t1, long t2) => _fetches.Length > 0 && _fetches[0] <= t1 && _fetches[^1] >= t2;

    /// <summary>Forwarded requests strictly inside the silence, away from its ends by <see cref="Slack"/>.</summary>
    public List<(FileFacts File, int Index, long Time)> Inside(long t1, long t2)
    {
        long from = t1 + Slack, to = t2 - Slack;
        if (to <= from) return [];
        int a = Lower(from), b = Lower(to);
        return _where.GetRange(a, Math.Max(0, b - a));
    }

    private int Lower(long t)
    {
        int i = Array.BinarySearch(_fetches, t);
        if (i < 0) return ~i;
        while (i > 0 && _fetches[i - 1] == t) i--;
        return i;
    }
}
