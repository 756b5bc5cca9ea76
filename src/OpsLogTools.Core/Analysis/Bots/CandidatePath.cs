namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// What the whole input says about one path that matched a CMS or sensitive-file signature: whether it answered with a
/// body or 304, and the first request of each of the first few clients that asked for it (who, with which referer
/// host, answered how). <see cref="SiteKnowledge"/> decides from it whether the path is the site's own content.
/// </summary>
internal sealed class CandidatePath
{
    /// <summary>Clients remembered per path: enough to see "several ordinary visitors", bounded against floods.</summary>
    public const int MaxClients = 4;

    /// <summary>Size of the first 2xx answer that carried a body, or -1.</summary>
    public long OkBytes = -1;

    /// <summary>The detector's sequence number of the request <see cref="OkBytes"/> comes from.</summary>
    public long OkSequence;

    /// <summary>True once some client got 304: it already held a copy, so the file existed.</summary>
    public bool NotModified;

    /// <summary>The first request of each of the first <see cref="MaxClients"/> clients.</summary>
    public readonly List<CandidateRequest> Requests = new(1);

    /// <summary>Records one request (its client's first, or a referer its first lacked); <paramref name="sequence"/> is the detector's number of it.</summary>
    public void Add(ClientState client, string? referer, int status, long sequence)
    {
        for (int i = 0; i < Requests.Count; i++)
        {
            if (!ReferenceEquals(Requests[i].Client, client)) continue;
            // A later request of the same client counts for its referer when the first had none.
            if (Requests[i].RefererHost is null && HostOf(referer) is { } host) Requests[i] = new CandidateRequest(client, host, status, Requests[i].Sequence);
            return;
        }
        if (Requests.Count < MaxClients) Requests.Add(new CandidateRequest(client, HostOf(referer), status, sequence));
    }

    /// <summary>
    /// The path as one detector would have seen it, from what its shards saw (each shard's clients are its own): the
    /// first body's size, 304 from any, and the first requests of the first clients, by sequence number. A client among
    /// the first few of all is among the first few of its shard, so none is missing.
    /// </summary>
    public static CandidatePath Merge(IEnumerable<CandidatePath> parts)
    {
        var merged = new CandidatePath();
        var requests = new List<CandidateRequest>();
        foreach (var p in parts)
        {
            if (p.OkBytes >= 0 && (merged.OkBytes < 0 || p.OkSequence < merged.OkSequence)) (merged.OkBytes, merged.OkSequence) = (p.OkBytes, p.OkSequence);
            merged.NotModified |= p.NotModified;
            requests.AddRange(p.Requests);
        }
        requests.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        merged.Requests.AddRange(requests.Take(MaxClients));
        return merged;
    }

    private static string? HostOf(string? referer) =>
        referer is not null && RefererHosts.HostOf(referer) is { IsEmpty: false } host ? host.ToString() : null;
}
