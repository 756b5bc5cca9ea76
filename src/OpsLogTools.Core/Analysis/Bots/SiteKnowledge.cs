using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    /// <summary>Records one answer; true when the path is now known to have answered 2xx/304 to several clients (it stays so).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Record(string path, int status, string client)
    {
        if (!IsSuccess(status)) return false;
        if (_ok.Count < _limit)
        {
            // One lookup for the common case: a path seen before, or a new one while there is room.
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_ok, path, out bool exists);
            if (!exists) { slot = (client, false); return false; }
            if (!slot.Several && !string.Equals(slot.FirstClient, client, StringComparison.Ordinal)) slot.Several = true;
            return slot.Several;
        }
        ref var known = ref CollectionsMarshal.GetValueRefOrNullRef(_ok, path);
        if (Unsafe.IsNullRef(ref known)) { Complete = false; return false; }
        if (!known.Several && !string.Equals(known.FirstClient, client, StringComparison.Ordinal)) known.Several = true;
        return known.Several;
    }

    /// <summary>True when the path answered 2xx/304 to some client other than <paramref name="client"/>.</summary>
    public bool ExistsForOthers(string path, string client) =>
        _ok.TryGetValue(path, out var rec) && (rec.Several || !string.Equals(rec.FirstClient, client, StringComparison.Ordinal));

    /// <summary>True when the path answered 2xx/304 to anyone.</summary>
    public bool Exists(string path) => _ok.ContainsKey(path);
}
