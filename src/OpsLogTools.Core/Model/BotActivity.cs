namespace OpsLogTools.Core.Model;

/// <summary>
/// One client that behaved like a bot, as Find-BotRequest reports it: who (the real client behind the CDN when the
/// logs allow it), what kind of bot, how many requests, and evidence an admin can check by hand.
/// </summary>
public sealed class BotActivity
{
    /// <summary>The client address: the viewer from CloudFront logs or X-Forwarded-For, else the connecting address.</summary>
    public string ClientIp { get; init; } = "";

    /// <summary>The main kind of behaviour (see <see cref="OtherKinds"/> for the rest).</summary>
    public BotKind Kind { get; init; }

    /// <summary>Other kinds of behaviour the same client also showed.</summary>
    public IReadOnlyList<BotKind> OtherKinds { get; init; } = [];

    /// <summary>Malicious, Suspicious or Benign.</summary>
    public BotIntent Intent { get; init; }

    /// <summary>0–100: how sure the classification is.</summary>
    public int Score { get; init; }

    /// <summary>Exactly how many requests this client made in the input (a request seen by both CloudFront and the origin counts once).</summary>
    public long Requests { get; init; }

    /// <summary>First request.</summary>
    public DateTimeOffset FirstSeen { get; init; }

    /// <summary>Last request.</summary>
    public DateTimeOffset LastSeen { get; init; }

    /// <summary>Median seconds between successive requests; null with fewer than two requests.</summary>
    public double? MedianIntervalSeconds { get; init; }

    /// <summary>Distinct paths asked for (a lower bound when <see cref="DistinctPathsCapped"/>).</summary>
    public int DistinctPaths { get; init; }

    /// <summary>True when the distinct-path count reached its cap and is a lower bound.</summary>
    public bool DistinctPathsCapped { get; init; }

    /// <summary>Up to ten paths, the telling ones (probes, sensitive files) first.</summary>
    public IReadOnlyList<string> SamplePaths { get; init; } = [];

    /// <summary>
    /// Requests per HTTP status, keyed by the status as text (<c>"404"</c>) in ascending order, so that
    /// ConvertTo-Json, Export-Clixml and remoting carry it (JSON objects need string keys). In PowerShell
    /// <c>$bot.StatusCounts[404]</c> and <c>$bot.StatusCounts['404']</c> both work on the live object.
    /// </summary>
    public IReadOnlyDictionary<string, long> StatusCounts { get; init; } = new Dictionary<string, long>();

    /// <summary>Up to five user agents the client sent.</summary>
    public IReadOnlyList<string> UserAgents { get; init; } = [];

    /// <summary>Where <see cref="ClientIp"/> came from.</summary>
    public AddressSource AddressSource { get; init; }

    /// <summary>True when <see cref="ClientIp"/> is a CloudFront edge: it stands for every visitor routed through that edge and must never be blocked.</summary>
    public bool IsCdnEdge { get; init; }

    /// <summary>
    /// Distinct addresses the client used: 1 for a single address; more when <see cref="ClientIp"/> is an IPv6 /64
    /// network (<c>2001:db8:1:2::/64</c>) whose addresses rotate, which counts as one client (a lower bound when
    /// <see cref="AddressesSeenCapped"/>).
    /// </summary>
    public int AddressesSeen { get; init; } = 1;

    /// <summary>True when more addresses of the network were seen than were told apart: <see cref="AddressesSeen"/> is a lower bound.</summary>
    public bool AddressesSeenCapped { get; init; }

    /// <summary>When <see cref="ClientIp"/> is a network: up to five of its addresses, in the order first seen; else empty.</summary>
    public IReadOnlyList<string> SampleAddresses { get; init; } = [];

    /// <summary>Statements an admin can check against the logs.</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <summary>Status counts as one line, most frequent first: <c>404=812 200=3</c>.</summary>
    public string StatusSummary => string.Join(' ', StatusCounts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.Length).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));

    /// <inheritdoc />
    public override string ToString() => $"{ClientIp} {Kind} {Intent} {Requests} requests";
}
