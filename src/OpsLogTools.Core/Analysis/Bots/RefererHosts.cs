using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Learns which hosts are the site's own pages from the Referer of asset requests: a browser loading a page asks for
/// its stylesheets, scripts and images with that page as the Referer, so the host that refers most assets is the
/// site itself (a search engine refers pages, not their stylesheets). No host name has to be configured, and the
/// access log need not log one. Bounded: past <see cref="MaxHosts"/> distinct hosts, new ones are not counted.
/// </summary>
internal sealed class RefererHosts
{
    private const int MaxHosts = 4096;
    private const int Slots = 1 << 10;
    // Host names are case-insensitive; the span lookup counts without allocating the host.
    private readonly Dictionary<string, long> _assetReferrals = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    // The fast readers share one string per distinct Referer, and a page's assets come together: requests are counted
    // per Referer string (by identity) in a small direct-mapped table, and the host is read once per run of a Referer.
    private readonly (string? Referer, long Count)[] _pending = new (string?, long)[Slots];
    private HashSet<string>? _own;

    public RefererHosts() => _lookup = _assetReferrals.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Counts one asset request answered 2xx/304 that carried <paramref name="referer"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void NoteAsset(string referer)
    {
        ref var slot = ref _pending[RuntimeHelpers.GetHashCode(referer) & (Slots - 1)];
        if (ReferenceEquals(slot.Referer, referer)) { slot.Count++; return; }
        if (slot.Referer is not null) Count(slot.Referer, slot.Count);
        slot = (referer, 1);
    }

    /// <summary>Adds the asset referrals <paramref name="other"/> counted (it is done counting; neither has been asked for <see cref="Own"/>).</summary>
    public void Add(RefererHosts other)
    {
        other.Flush();
        foreach (var (host, requests) in other._assetReferrals)
        {
            if (_assetReferrals.TryGetValue(host, out long n)) _assetReferrals[host] = n + requests;
            else if (_assetReferrals.Count < MaxHosts) _assetReferrals[host] = requests;
        }
    }

    private void Flush()
    {
        for (int i = 0; i < _pending.Length; i++)
        {
            if (_pending[i].Referer is { } referer) Count(referer, _pending[i].Count);
        }
        Array.Clear(_pending);
    }

    private void Count(string referer, long requests)
    {
        var host = HostOf(referer);
        if (host.IsEmpty) return;
        if (_lookup.TryGetValue(host, out long n)) _lookup[host] = n + requests;
        else if (_assetReferrals.Count < MaxHosts) _assetReferrals[host.ToString()] = requests;
    }

    /// <summary>
    /// The site's own hosts: those that referred at least two asset requests and at least a tenth as many as the
    /// host that referred most (a site reached as example.com and www.example.com has both). Empty when no asset
    /// was ever fetched with a Referer: then no request counts as linked. Fixed once asked.
    /// </summary>
    public IReadOnlySet<string> Own
    {
        get
        {
            if (_own is not null) return _own;
            Flush();
            long top = _assetReferrals.Count == 0 ? 0 : _assetReferrals.Values.Max();
            _own = new HashSet<string>(_assetReferrals.Where(kv => kv.Value >= 2 && kv.Value * 10 >= top).Select(kv => kv.Key), StringComparer.OrdinalIgnoreCase);
            return _own;
        }
    }

    /// <summary>The host a Referer names (no scheme, user, port or trailing dot), or the text up to its first '/' when it has no scheme.</summary>
    public static ReadOnlySpan<char> HostOf(ReadOnlySpan<char> referer)
    {
        int scheme = referer.IndexOf("://", StringComparison.Ordinal);
        var rest = scheme >= 0 ? referer[(scheme + 3)..] : referer;
        int end = rest.IndexOfAny('/', '?', '#');
        if (end >= 0) rest = rest[..end];
        int at = rest.LastIndexOf('@');
        if (at >= 0) rest = rest[(at + 1)..];
        if (rest.StartsWith('['))
        {
            int close = rest.IndexOf(']');
            if (close > 0) rest = rest[..(close + 1)];
        }
        else
        {
            int colon = rest.IndexOf(':');
            if (colon >= 0) rest = rest[..colon];
        }
        return rest.TrimEnd('.').Trim();
    }
}
