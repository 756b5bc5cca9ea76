namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// The requests that failed in a stretch of time: 5xx answers in access logs, CloudFront's own errors, error-level
/// lines of web error logs. A service that was stopped while requests kept failing was down for its users, whoever
/// stopped it; one stopped while none failed was restarted.
/// </summary>
internal sealed class RequestFailures
{
    /// <summary>Fewest failed requests that make a planned stop an outage (a lone 500 is the site's everyday noise).</summary>
    public const int Fewest = 3;

    private readonly List<(FileFacts File, int Count, int First)> _byFile = [];

    private RequestFailures(bool webLogs) => HasWebLogs = webLogs;

    /// <summary>True when the bundle holds any log that could show a failed request.</summary>
    public bool HasWebLogs { get; }

    public int Count => _byFile.Sum(x => x.Count);

    public static RequestFailures Between(BundleFacts bundle, long from, long to)
    {
        var web = bundle.Files.Where(f => f.IsAccessLog || f.IsCloudFront || f.IsErrorLog).ToList();
        var result = new RequestFailures(web.Count > 0);
        foreach (var f in web)
        {
            int count = 0, first = -1;
            for (int i = f.LowerBound(from); i < f.Count && f.True[i] <= to; i++)
            {
                if ((f.Flags[i] & LineFlags.Error) == 0) continue;
                if (first < 0) first = i;
                count++;
            }
            if (count > 0) result._byFile.Add((f, count, first));
        }
        return result;
    }

    /// <summary>What failed, per file, with the first failing line of each.</summary>
    public string Describe()
    {
        if (_byFile.Count == 0)
            return HasWebLogs ? "No request failed meanwhile (no 5xx, no CloudFront error, no error-level line in the web logs)." : "No access or error log in the input shows whether requests failed meanwhile.";
        var parts = _byFile.Select(x => $"{x.Count} in {Words.File(x.File.Path)} (first {x.File.Where(x.First)}, {Words.Time(x.File.TrueAt(x.First))})");
        return "Requests failed meanwhile: " + string.Join("; ", parts) + ".";
    }
}
