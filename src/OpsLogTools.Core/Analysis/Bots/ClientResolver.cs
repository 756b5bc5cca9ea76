using System.Net;
using System.Runtime.CompilerServices;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Finds the real client of a request. The connecting address is the only one nobody can forge, so it is the client
/// unless it is a trusted hop: a CloudFront edge, a configured trusted proxy, or (by default) an internal address such
/// as a load balancer. Behind trusted hops, X-Forwarded-For is read right to left and the first address that is not
/// a trusted hop is the client (what mod_remoteip and nginx's real_ip_recursive do). For a CloudFront log line
/// <c>c-ip</c> is the client, and its <c>x-forwarded-for</c> is followed only when <c>c-ip</c> is a trusted proxy:
/// the header comes from the viewer and can name anyone. Addresses are read as strictly as <c>inet_pton</c> reads them
/// (<see cref="IpAddressText.TryParse"/>): a client field or forwarded element holding a network (<c>205.251.0.0/16</c>)
/// or loose text (<c>010.010.010.010</c>) is no address, so it is never a trusted hop, ends the forwarded chain, and
/// as a client stays the text logged, which no block rule accepts.
/// </summary>
public sealed class ClientResolver
{
    private readonly CdnRangeSet _ranges;
    private readonly IReadOnlyList<IPNetwork> _trusted;
    private readonly bool _trustInternal;
    private readonly Dictionary<string, (IPAddress? Address, AddressClass Class, bool Configured)> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates a resolver.</summary>
    /// <param name="ranges">CDN ranges (edges are trusted hops).</param>
    /// <param name="trustedProxies">Your own proxies and load balancers.</param>
    /// <param name="trustInternalProxies">Treat private, loopback and link-local hops as your own proxies.</param>
    public ClientResolver(CdnRangeSet ranges, IEnumerable<IPNetwork>? trustedProxies = null, bool trustInternalProxies = true)
    {
        _ranges = ranges;
        _trusted = trustedProxies?.ToArray() ?? [];
        _trustInternal = trustInternalProxies;
    }

    /// <summary>The CDN ranges in use.</summary>
    public CdnRangeSet Ranges => _ranges;

    /// <summary>Resolves the client of one request.</summary>
    public ResolvedClient Resolve(string connectingIp, string? forwardedFor, bool isCloudFront)
    {
        var first = Lookup(connectingIp);
        var direct = isCloudFront ? AddressSource.CloudFront : AddressSource.Origin;
        bool connectingIsEdge = first.Class == AddressClass.CdnEdge;
        string firstText = first.Address?.ToString() ?? connectingIp;
        if (!IsTrustedHop(first, isCloudFront) || string.IsNullOrWhiteSpace(forwardedFor) || forwardedFor == "-")
            return new ResolvedClient(firstText, direct, connectingIsEdge, connectingIsEdge);

        string lastTrusted = firstText;
        bool lastIsEdge = connectingIsEdge;
        var rest = forwardedFor.AsSpan();
        while (!rest.IsEmpty)
        {
            int comma = rest.LastIndexOf(',');
            var hopText = (comma < 0 ? rest : rest[(comma + 1)..]).Trim();
            rest = comma < 0 ? ReadOnlySpan<char>.Empty : rest[..comma];
            if (hopText.IsEmpty || hopText.Equals("unknown", StringComparison.OrdinalIgnoreCase) || hopText.SequenceEqual("-")) continue;
            var hop = Lookup(hopText.ToString());
            // A hop that is not an address ends what we can trust: the last trusted hop stands.
            if (hop.Address is null) break;
            if (!IsTrustedHop(hop, false))
                return new ResolvedClient(hop.Address.ToString(), AddressSource.ForwardedFor, false, connectingIsEdge);
            lastTrusted = hop.Address.ToString();
            lastIsEdge = hop.Class == AddressClass.CdnEdge;
        }
        var source = lastTrusted == firstText ? direct : AddressSource.ForwardedFor;
        return new ResolvedClient(lastTrusted, source, lastIsEdge, connectingIsEdge);
    }

    /// <summary>
    /// The client of a CloudFront line whose <c>c-ip</c> is a plain IPv4 address (as a number) and which has no
    /// x-forwarded-for to follow, without parsing or caching text; null when proxies are configured (then the text
    /// path decides, since <c>c-ip</c> may be one of them). The same answer as <see cref="Resolve"/> gives.
    /// </summary>
    internal ResolvedClient? ResolveCloudFrontViewer(uint ipv4, string text)
    {
        if (_trusted.Count > 0) return null;
        bool edge = !IpClassifier.IsSpecialV4(ipv4) && _ranges.ContainsV4(ipv4);
        return new ResolvedClient(text, AddressSource.CloudFront, edge, edge);
    }

    /// <summary>
    /// True when a CloudFront line with <c>c-ip</c> <paramref name="ipv4"/> and no x-forwarded-for has that address as
    /// its client, not an edge (what <see cref="ResolveCloudFrontViewer"/> answers without making the text).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool IsPlainCloudFrontViewer(uint ipv4) => _trusted.Count == 0 && (IpClassifier.IsSpecialV4(ipv4) || !_ranges.ContainsV4(ipv4));

    /// <summary>
    /// The /64 network and interface identifier of a CloudFront line's <c>c-ip</c> written as an IPv6 address, when
    /// that line (with no x-forwarded-for to follow) has the address as its client and the client is kept by its /64:
    /// no proxy is configured, the address is no edge, and it embeds no IPv4 address (<see cref="ClientKey"/>). What
    /// <see cref="Resolve"/> and <see cref="ClientKey.TryNetwork"/> answer together, without making an
    /// <see cref="IPAddress"/> or the canonical text.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool TryPlainCloudFrontViewerV6(string text, out ulong network, out ulong interfaceId)
    {
        network = interfaceId = 0;
        if (_trusted.Count > 0 || !IpAddressText.TryParseValue(text, out var value, out bool v6) || !v6) return false;
        if (_ranges.ContainsV6(value) && SpecialPurposeRegistry.ClassifyV6(value) == AddressClass.Public) return false;
        network = (ulong)(value >> 64);
        interfaceId = (ulong)value;
        return !ClientKey.EmbedsIpv4(network, interfaceId);
    }

    /// <summary>
    /// True when an origin line whose connecting address is <paramref name="ipv4"/> has that address as its client
    /// whatever X-Forwarded-For says: no proxy is configured, and the address is neither an edge nor special-purpose
    /// (internal ones are trusted hops; the rest are left to <see cref="Resolve"/>).
    /// </summary>
    internal bool IsPlainOriginClient(uint ipv4) => _trusted.Count == 0 && !IpClassifier.IsSpecialV4(ipv4) && !_ranges.ContainsV4(ipv4);

    /// <summary>The class of an address (cached).</summary>
    public AddressClass Classify(string address) => Lookup(address).Class;

    private bool IsTrustedHop((IPAddress? Address, AddressClass Class, bool Configured) hop, bool cloudFrontViewer)
    {
        if (hop.Address is null) return false;
        if (hop.Configured) return true;
        // CloudFront's c-ip is the viewer; only the admin's own proxies in front of CloudFront make it a hop.
        if (cloudFrontViewer) return false;
        return hop.Class == AddressClass.CdnEdge || (_trustInternal && IpClassifier.IsInternal(hop.Class));
    }

    private (IPAddress? Address, AddressClass Class, bool Configured) Lookup(string text)
    {
        if (_cache.TryGetValue(text, out var hit)) return hit;
        (IPAddress?, AddressClass, bool) value;
        if (IpAddressText.TryParse(text, out var ip))
        {
            bool configured = false;
            foreach (var n in _trusted)
            {
                if (n.BaseAddress.AddressFamily == ip.AddressFamily && n.Contains(ip)) { configured = true; break; }
            }
            value = (ip, IpClassifier.Classify(ip, _ranges), configured);
        }
        else
        {
            value = (null, AddressClass.Invalid, false);
        }
        // Bounded: the cache only saves work, so when it is full start again rather than grow with the input.
        if (_cache.Count >= 200_000) _cache.Clear();
        _cache[text] = value;
        return value;
    }
}
