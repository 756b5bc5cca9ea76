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

    /// <summary>True once some client got 304: it already held a copy, so the file existed.</summary>
    public bool NotModified;

    /// <summary>The first request of each of the first <see cref="MaxClients"/> clients.</summary>
    public readonly List<CandidateRequest> Requests = new(1);

    /// <summary>Records one request (its client's first, or a referer its first lacked).</summary>
    public void Add(ClientState client, string? referer, int status)
    {
        for (int i = 0; i < Requests.Count; i++)
        {
            if (!ReferenceEquals(Requests[i].Client, client)) continue;
            // A later request of the same client counts for its referer when the first had none.
            if (Requests[i].RefererHost is null && HostOf(referer) is { } host) Requests[i] = new CandidateRequest(client, host, status);
            return;
        }
        if (Requests.Count < MaxClients) Requests.Add(new CandidateRequest(client, HostOf(referer), status));
    }

    private static string? HostOf(string? referer) =>
        referer is not null && RefererHosts.HostOf(referer) is { IsEmpty: false } host ? host.ToString() : null;
}
