namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// What this site serves, learned from the whole input: every path that answered 2xx or 304 to someone, and whether
/// to more than one client. A WordPress path on a site without WordPress never answers 2xx; a real page whose name
/// contains "wordpress" does, to ordinary readers. Other 3xx are left out on purpose: blanket redirects
/// (http→https, trailing slash) answer 301 for paths that do not exist.
/// </summary>
internal sealed class SiteKnowledge
{
    private readonly Dictionary<string, (string FirstClient, bool Several)> _ok = new(StringComparer.Ordinal);
    private readonly int _limit;

    public SiteKnowledge(int limit = 2_000_000) => _limit = limit;

    /// <summary>False when the path table hit its limit: "never answered 2xx" is then less certain.</summary>
    public bool Complete { get; private set; } = true;

    public static bool IsSuccess(int status) => status is >= 200 and < 300 or 304;

    public void Record(string path, int status, string client)
    {
        if (!IsSuccess(status)) return;
        if (_ok.TryGetValue(path, out var rec))
        {
            if (!rec.Several && !string.Equals(rec.FirstClient, client, StringComparison.Ordinal)) _ok[path] = (rec.FirstClient, true);
            return;
        }
        if (_ok.Count >= _limit) { Complete = false; return; }
        _ok[path] = (client, false);
    }

    /// <summary>True when the path answered 2xx/304 to some client other than <paramref name="client"/>.</summary>
    public bool ExistsForOthers(string path, string client) =>
        _ok.TryGetValue(path, out var rec) && (rec.Several || !string.Equals(rec.FirstClient, client, StringComparison.Ordinal));

    /// <summary>True when the path answered 2xx/304 to anyone.</summary>
    public bool Exists(string path) => _ok.ContainsKey(path);
}
