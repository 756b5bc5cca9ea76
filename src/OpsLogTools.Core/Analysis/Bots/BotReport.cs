using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>What <see cref="BotDetector.Finish"/> found: the bot clients, warnings, and counts for a summary.</summary>
public sealed class BotReport
{
    internal BotReport(IReadOnlyList<BotActivity> activities, IReadOnlyList<string> warnings, HashSet<long> matchedTwins)
    {
        Activities = activities;
        Warnings = warnings;
        MatchedTwinOrdinals = matchedTwins;
        _byClient = activities.ToDictionary(a => a.ClientIp, StringComparer.Ordinal);
    }

    private readonly Dictionary<string, BotActivity> _byClient;

    /// <summary>One entry per bot client, most requests first. Ordinary visitors are not listed.</summary>
    public IReadOnlyList<BotActivity> Activities { get; }

    /// <summary>Warnings for the admin (also sent to the diagnostics sink), e.g. an origin log that shows only CDN edges.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Requests counted (each request once).</summary>
    public long Requests { get; init; }

    /// <summary>CloudFront log lines read.</summary>
    public long CloudFrontLines { get; init; }

    /// <summary>Origin log lines read.</summary>
    public long OriginLines { get; init; }

    /// <summary>Origin lines recognised as the twin of a CloudFront line and not counted again.</summary>
    public long DuplicatesMatched { get; init; }

    /// <summary>Origin lines from CloudFront edges whose client could not be seen (counted under the edge address).</summary>
    public long EdgeAttributedRequests { get; init; }

    /// <summary>Distinct clients kept and classified (an IPv6 /64 counts once); at most <see cref="BotDetectorOptions.MaxClients"/>.</summary>
    public int DistinctClients { get; init; }

    /// <summary>Benign crawlers left out of <see cref="Activities"/> for having fewer requests than <see cref="BotDetectorOptions.MinCrawlerRequests"/>.</summary>
    public int CrawlersLeftOut { get; init; }
    /// <summary>About how many more clients came after <see cref="BotDetectorOptions.MaxClients"/> were kept: counted, not classified (an estimate within a few percent).</summary>
    public long UntrackedClients { get; init; }

    /// <summary>Requests of the clients in <see cref="UntrackedClients"/> (included in <see cref="Requests"/>).</summary>
    public long UntrackedRequests { get; init; }

    /// <summary>Which CloudFront ranges were used, in words.</summary>
    public string CdnRanges { get; init; } = "";

    /// <summary>The finding for a client, or null. An IPv6 address finds the finding for its /64 when that network was the client.</summary>
    public BotActivity? Find(string clientIp) =>
        _byClient.GetValueOrDefault(clientIp)
        ?? (ClientKey.TryNetwork(clientIp, out ulong network, out _) ? _byClient.GetValueOrDefault(ClientKey.NetworkText(network)) : null);

    /// <summary>Sequence numbers (0-based, in the order fed) of origin lines that were matched to a CloudFront twin.</summary>
    internal HashSet<long> MatchedTwinOrdinals { get; }
}
