using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// What this site serves, learned from the whole input, so that a request for the site's own content is never taken
/// for a probe. Every path that answered 2xx or 304 to someone, and whether to more than one client: a WordPress path
/// on a site without WordPress never answers 2xx; a real page whose name contains "wordpress" does, to ordinary
/// readers. Other 3xx are left out on purpose: blanket redirects (http→https, trailing slash) answer 301 for paths
/// that do not exist.
/// For the paths that look like probe targets (a CMS or sensitive-file signature matched), more: whether one answered
/// with a body or 304, which clients asked, and whether they came by a link from the site's own pages (see
/// <see cref="IsContent"/>). A release tarball that one visitor downloads (200, 1.2 MB) is the site's content; the
/// same name answered 404 to a client that asks for nothing else is a guess.
/// </summary>
internal sealed class SiteKnowledge
{
    // Paths that look like probe targets, with up to four requests each: a flood of random names stops here.
    private const int MaxCandidates = 1 << 16;
    private const int MaxRootSizes = 4;
    private readonly Dictionary<string, (string FirstClient, bool Several)> _ok = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CandidatePath> _candidates = new(StringComparer.Ordinal);
    private readonly RefererHosts _referers = new();
    private readonly List<(long Bytes, long Sequence)> _rootSizes = new(1);
    private readonly int _limit;
    private Dictionary<string, bool>? _content;
    private HashSet<long>? _catchAllSizes;

    public SiteKnowledge(int limit = 2_000_000) => _limit = limit;

    /// <summary>
    /// The detector's sequence number of the request being noted: what is kept as "the first" (a probe-like path's
    /// first clients and body, the front page's first sizes) is kept with it, so that a detector whose clients are
    /// shared out merges its shards' knowledge into what one table would have learned (<see cref="Merge"/>).
    /// </summary>
    public long Sequence { get; set; }

    /// <summary>Paths that look like probe targets with what was learned about them (at most 65,536).</summary>
    public int CandidateCount => _candidates.Count;

    /// <summary>False when a path table hit its limit: "never answered 2xx" is then less certain.</summary>
    public bool Complete { get; private set; } = true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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

    /// <summary>
    /// Learns from one request what <see cref="Record"/> does not keep: the Referer of assets (which hosts are the
    /// site's own pages), the size of the front page (what a catch-all answer looks like), and everything about
    /// requests for paths that look like probe targets. Cheap for the rest.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Note(string path, in RequestFacts f, in PathTraits traits, ClientState client)
    {
        if (traits.Cms is not null || traits.Sensitive is not null) NoteCandidate(path, f, client);
        else NoteOrdinary(path, f, traits);
    }

    /// <summary>What <see cref="Note"/> learns from a request for a path that looks like no probe target (no client needed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void NoteOrdinary(string path, in RequestFacts f, in PathTraits traits)
    {
        if (traits.IsAsset) { if (f.Referer is { } referer && IsSuccess(f.Status)) _referers.NoteAsset(referer); }
        else if (path is "/" && f.Status == 200 && f.Bytes > 0) NoteRootSize(f.Bytes);
    }

    private void NoteCandidate(string key, in RequestFacts f, ClientState client)
    {
        if (!_candidates.TryGetValue(key, out var path))
        {
            if (_candidates.Count >= MaxCandidates) { Complete = false; return; }
            _candidates[key] = path = new CandidatePath();
        }
        if (f.Status is >= 200 and < 300 && f.Bytes > 0 && path.OkBytes < 0) (path.OkBytes, path.OkSequence) = (f.Bytes, Sequence);
        if (f.Status == 304) path.NotModified = true;
        path.Add(client, f.Referer, f.Status, Sequence);
    }

    private void NoteRootSize(long bytes)
    {
        if (_rootSizes.Count >= MaxRootSizes) return;
        foreach (var known in _rootSizes)
        {
            if (known.Bytes == bytes) return;
        }
        _rootSizes.Add((bytes, Sequence));
    }

    /// <summary>True when the path answered 2xx/304 to some client other than <paramref name="client"/>.</summary>
    public bool ExistsForOthers(string path, string client) =>
        _ok.TryGetValue(path, out var rec) && (rec.Several || !string.Equals(rec.FirstClient, client, StringComparison.Ordinal));

    /// <summary>True when the path answered 2xx/304 to anyone.</summary>
    public bool Exists(string path) => _ok.ContainsKey(path);

    /// <summary>The site's own hosts, learned from the Referer of asset requests (see <see cref="RefererHosts.Own"/>).</summary>
    public IReadOnlySet<string> OwnHosts => _referers.Own;

    /// <summary>
    /// True when the path is the site's own content, so asking for it is no probe: it answered 2xx/304 to another
    /// client, or answered anyone with a body that is not a catch-all page (not the front page's size, not the size
    /// another probe-like name got) or with 304, or an ordinary visitor came to it by a link from the site's own pages,
    /// or several ordinary visitors asked for it (a dead link on the site, not a guess). Asked only once every
    /// request has been added.
    /// </summary>
    public bool IsContent(string path, ClientState client)
    {
        if (ExistsForOthers(path, client.Key)) return true;
        _content ??= new Dictionary<string, bool>(StringComparer.Ordinal);
        if (_content.TryGetValue(path, out bool known)) return known;
        bool content = _candidates.TryGetValue(path, out var candidate) && Decide(candidate);
        _content[path] = content;
        return content;
    }

    /// <summary>The reason <see cref="IsContent"/> gave for a path that is content, in words, or null.</summary>
    public string? WhyContent(string path, ClientState client)
    {
        if (ExistsForOthers(path, client.Key)) return "answered 2xx/304 to other clients";
        if (!_candidates.TryGetValue(path, out var c) || !Decide(c)) return null;
        if (c.NotModified) return "answered 304 Not Modified: the client held a copy";
        if (Served(c)) return $"answered 2xx with {c.OkBytes} bytes";
        if (Linked(c)) return "linked from the site's own pages";
        return "asked for by several ordinary visitors";
    }

    private bool Decide(CandidatePath c) => c.NotModified || Served(c) || Linked(c) || c.Requests.Count(r => IsOrdinary(r.Client)) >= 2;

    private bool Served(CandidatePath c) => c.OkBytes > 0 && !CatchAllSizes().Contains(c.OkBytes);

    // A link from the site's own pages counts when it was followed successfully, or by an ordinary visitor (a dead
    // link on the site); a scanner that sends the site's address as its Referer gets 404s and is no ordinary visitor.
    private bool Linked(CandidatePath c)
    {
        var own = _referers.Own;
        if (own.Count == 0) return false;
        foreach (var r in c.Requests)
        {
            if (r.RefererHost is { } host && own.Contains(host) && (IsSuccess(r.Status) || IsOrdinary(r.Client))) return true;
        }
        return false;
    }

    // Sizes that say "catch-all page", not "this file": the front page's size (a site that answers every unknown path
    // with its index), and a size that two different probe-like names both got.
    private HashSet<long> CatchAllSizes()
    {
        if (_catchAllSizes is not null) return _catchAllSizes;
        var sizes = new HashSet<long>(_rootSizes.Select(r => r.Bytes));
        var seen = new HashSet<long>();
        foreach (var c in _candidates.Values)
        {
            if (c.OkBytes > 0 && !seen.Add(c.OkBytes)) sizes.Add(c.OkBytes);
        }
        return _catchAllSizes = sizes;
    }

    /// <summary>
    /// What one detector would have learned from all the requests that <paramref name="parts"/> (its shards, each
    /// with its own clients) learned from between them: a path answered several clients when it did so in one shard or
    /// answered different clients in two; a probe-like path's first clients and body are the first by sequence number;
    /// asset referrals add up; the front page's first sizes are the first by sequence number (each is among the first
    /// few of its own shard). Tables that stopped at their limits leave the merge incomplete, as they would one table.
    /// </summary>
    public static SiteKnowledge Merge(IReadOnlyList<SiteKnowledge> parts)
    {
        var merged = new SiteKnowledge(parts[0]._limit);
        foreach (var part in parts)
        {
            if (!part.Complete) merged.Complete = false;
            foreach (var (path, rec) in part._ok)
            {
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(merged._ok, path, out bool exists);
                if (!exists) slot = rec;
                else if (!slot.Several && (rec.Several || !string.Equals(slot.FirstClient, rec.FirstClient, StringComparison.Ordinal))) slot.Several = true;
            }
            merged._referers.Add(part._referers);
        }
        if (merged._ok.Count > merged._limit) merged.Complete = false;
        foreach (var group in parts.SelectMany(p => p._candidates).GroupBy(kv => kv.Key, StringComparer.Ordinal))
            merged._candidates[group.Key] = CandidatePath.Merge(group.Select(kv => kv.Value));
        if (merged._candidates.Count > MaxCandidates) merged.Complete = false;
        foreach (var size in parts.SelectMany(p => p._rootSizes).OrderBy(r => r.Sequence))
        {
            merged.Sequence = size.Sequence;
            merged.NoteRootSize(size.Bytes);
        }
        return merged;
    }

    /// <summary>
    /// An ordinary visitor: not a CDN edge (which stands for many), no scanner user agent, no request for a secret
    /// name (.env, .git, keys, dumps), and most of its requests answered 2xx or 3xx (a scanner a firewall answers 403
    /// is no more ordinary than one answered 404). Its requests say what the site serves.
    /// </summary>
    public static bool IsOrdinary(ClientState c)
    {
        if (c.IsCdnEdge || c.StrongScanner is not null || c.NotFoundRequests * 2 >= c.Requests) return false;
        if (c.Flagged is { } flagged)
        {
            foreach (var fp in flagged.Values)
            {
                if (fp.Sensitive is { WhenMissingOnly: false }) return false;
            }
        }
        long answered = 0;
        foreach (var (status, count) in c.StatusCounts())
        {
            if (status is >= 200 and < 400) answered += count;
        }
        return answered * 2 > c.Requests;
    }
}
