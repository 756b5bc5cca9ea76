using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>Settings of <see cref="BotDetector"/>. The defaults suit a site behind CloudFront.</summary>
public sealed class BotDetectorOptions
{
    private readonly CdnRangeSet? _cdnRanges;
    private readonly BotSignatureSet? _signatures;

    /// <summary>
    /// CloudFront ranges (default, or set to null: the shipped snapshot, loaded when first read; <c>-IpRangesPath</c>
    /// loads a newer one).
    /// </summary>
    [AllowNull]
    public CdnRangeSet CdnRanges
    {
        get => _cdnRanges ?? CdnRangeSet.Default;
        init => _cdnRanges = value;
    }

    /// <summary>
    /// Signatures (default, or set to null: the shipped file, loaded when first read; see <see cref="BotSignatureSet.Load"/>
    /// for user files).
    /// </summary>
    [AllowNull]
    public BotSignatureSet Signatures
    {
        get => _signatures ?? BotSignatureSet.Default;
        init => _signatures = value;
    }

    /// <summary>True when <see cref="CdnRanges"/> is the shipped snapshot (whether loaded yet or not).</summary>
    internal bool ShippedCdnRanges => _cdnRanges is null;

    /// <summary>True when <see cref="Signatures"/> is the shipped file (whether loaded yet or not).</summary>
    internal bool ShippedSignatures => _signatures is null;

    /// <summary>Your own proxies and load balancers: X-Forwarded-For is followed through them.</summary>
    public IReadOnlyList<IPNetwork> TrustedProxies { get; init; } = [];

    /// <summary>Treat private, loopback and link-local hops as your own proxies (default true).</summary>
    public bool TrustInternalProxies { get; init; } = true;

    /// <summary>How far apart a CloudFront line and its origin twin may be stamped (default 5 s, plus time-taken).</summary>
    public TimeSpan TwinWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Requests to never-existing CMS paths before a client counts as a CMS prober (default 2).</summary>
    public int MinProbeRequests { get; init; } = 2;

    /// <summary>POSTs to login paths before a client counts as guessing passwords (default 10).</summary>
    public int BruteForceMinPosts { get; init; } = 10;

    /// <summary>Distinct paths answered 404 (and never 2xx to anyone) before a client counts as a scanner by behaviour (default 15).</summary>
    public int ScannerMinMissingPaths { get; init; } = 15;

    /// <summary>Report crawlers (Benign) too (default true).</summary>
    public bool IncludeBenign { get; init; } = true;

    /// <summary>
    /// Benign crawlers with fewer requests than this are left out of the report and only counted in
    /// <see cref="BotReport.CrawlersLeftOut"/> (default 3: on a public site most crawler addresses ask for one or two
    /// pages, and listing each buries the findings). 1 reports every one.
    /// </summary>
    public int MinCrawlerRequests { get; init; } = 3;
    /// <summary>
    /// Requests a client with an address keeps as a light slot (a few dozen bytes) while they are ordinary, before it
    /// becomes a full state (about a kilobyte); 0 makes every client a full state from its first request, the
    /// reference the light slots are tested against (the report is the same).
    /// </summary>
    internal int LightClientRequests { get; init; } = ClientTable.LightRequests;

    /// <summary>The default of <see cref="MaxClients"/>.</summary>
    public const int DefaultMaxClients = 5_000_000;

    /// <summary>
    /// The most distinct clients kept and classified (default 5,000,000; an IPv6 /64 counts once). A client seen up to four
    /// times with ordinary requests costs a few dozen bytes, one that does more about a kilobyte.
    /// Requests of clients first seen after that are counted, not classified, with a warning.
    /// </summary>
    public int MaxClients { get; init; } = DefaultMaxClients;
}
