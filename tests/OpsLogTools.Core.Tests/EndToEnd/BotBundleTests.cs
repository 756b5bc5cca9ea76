using System.Net;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Sample;
using Xunit;

namespace OpsLogTools.Core.Tests.EndToEnd;

/// <summary>
/// Find-BotRequest end to end on generated bundles: every planted bot with its exact count and kind, the crawler
/// Benign, nobody else flagged, each request counted once across CloudFront and the origin, the edge-only warning on an
/// origin log alone, and block rules that never name an edge or private address.
/// </summary>
public sealed class BotBundleTests(BotBundles bundles) : IClassFixture<BotBundles>
{
    public static TheoryData<int> All => new(Enumerable.Range(0, BotBundles.Scenarios.Length));

    private static BotKind KindOf(PlantedBotKind kind) => kind switch
    {
        PlantedBotKind.CmsProbe => BotKind.CmsProbe,
        PlantedBotKind.SensitiveFileScan => BotKind.SensitiveFileScan,
        PlantedBotKind.Crawler => BotKind.Crawler,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(All))]
    public void Each_planted_bot_is_found_with_its_exact_count_and_kind(int index)
    {
        var bundle = bundles[index];
        var report = bundle.Full.Report;
        Assert.NotEmpty(bundle.Truth.Bots);
        foreach (var bot in bundle.Truth.Bots)
        {
            var found = report.Find(bot.Address);
            Assert.True(found is not null, $"{bot.Kind} {bot.Address} was not reported");
            Assert.Equal(bot.Requests, found.Requests);
            Assert.Equal(KindOf(bot.Kind), found.Kind);
            Assert.Equal(bot.Kind == PlantedBotKind.Crawler ? BotIntent.Benign : BotIntent.Malicious, found.Intent);
            Assert.Equal(bot.FirstSeen, found.FirstSeen);
            Assert.Equal(bot.LastSeen, found.LastSeen);
            Assert.Equal(AddressSource.CloudFront, found.AddressSource);
            Assert.False(found.IsCdnEdge);
            Assert.Equal(bot.StatusCounts.Values.Sum(), found.StatusCounts.Values.Sum());
            foreach (var (status, count) in bot.StatusCounts) Assert.Equal(count, found.StatusCounts[status]);
        }
        // The planted prober's chosen address and rate are what was asked for.
        var prober = bundle.Truth.Bots.Single(b => b.Kind == PlantedBotKind.CmsProbe);
        if (bundle.Scenario.WordPressProber.Address is { } chosen) Assert.Equal(chosen, prober.Address);
        var median = report.Find(prober.Address)!.MedianIntervalSeconds!.Value;
        Assert.InRange(median, bundle.Scenario.WordPressProber.MeanInterval.TotalSeconds * 0.7, bundle.Scenario.WordPressProber.MeanInterval.TotalSeconds * 1.3);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Nobody_else_is_flagged(int index)
    {
        var bundle = bundles[index];
        var truth = bundle.Truth;
        var report = bundle.Full.Report;
        var bots = truth.Bots.Select(b => b.Address).ToHashSet(StringComparer.Ordinal);
        Assert.All(report.Activities, a => Assert.Contains(a.ClientIp, bots));
        Assert.All(truth.CrawlerAddresses, c => Assert.Equal(BotIntent.Benign, report.Find(c)?.Intent));

        Assert.NotEmpty(truth.EdgeAddresses);
        Assert.NotEmpty(truth.LegitimateReaderAddresses);
        Assert.NotEmpty(truth.VisitorAddresses);
        foreach (var innocent in truth.EdgeAddresses.Concat(truth.LegitimateReaderAddresses).Concat(truth.VisitorAddresses))
            Assert.Null(report.Find(innocent));
        if (truth.HumanNotFoundBurst is { } burst) Assert.Null(report.Find(burst.Address));
        Assert.All(report.Activities, a => Assert.False(a.IsCdnEdge));
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Each_request_is_counted_once_across_CloudFront_and_the_origin(int index)
    {
        var bundle = bundles[index];
        var report = bundle.Full.Report;
        Assert.Equal(bundle.Truth.ViewerRequests, report.CloudFrontLines);
        Assert.Equal(bundle.Truth.OriginRequests, report.OriginLines);
        Assert.Equal(bundle.Truth.OriginRequests, report.DuplicatesMatched);
        Assert.Equal(bundle.Truth.ViewerRequests, report.Requests);
        Assert.Equal(0, report.EdgeAttributedRequests);
        Assert.Empty(report.Warnings);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void An_origin_log_alone_shows_edges_and_says_so_or_follows_X_Forwarded_For(int index)
    {
        var bundle = bundles[index];
        var (report, diagnostics) = bundle.OriginOnly;
        Assert.Equal(0, report.CloudFrontLines);
        Assert.Equal(bundle.Truth.OriginRequests, report.Requests);
        if (!bundle.Truth.OriginLogsForwardedFor)
        {
            string warning = Assert.Single(report.Warnings);
            Assert.Contains("no CloudFront log was given", warning);
            Assert.Contains(diagnostics.Warnings, w => w.Message == warning);
            Assert.Equal(bundle.Truth.OriginRequests, report.EdgeAttributedRequests);
            Assert.NotEmpty(report.Activities);
            Assert.All(report.Activities, a =>
            {
                Assert.True(a.IsCdnEdge);
                Assert.Contains(a.ClientIp, bundle.Truth.EdgeAddresses);
            });
            // The prober's requests still show, under the edges that carried them.
            var prober = bundle.Truth.Bots.Single(b => b.Kind == PlantedBotKind.CmsProbe);
            Assert.Contains(report.Activities, a => a.Kind == BotKind.CmsProbe);
            Assert.True(report.Activities.Where(a => a.Kind == BotKind.CmsProbe).Sum(a => a.Requests) >= prober.ForwardedToOrigin);
        }
        else
        {
            Assert.Empty(report.Warnings);
            Assert.Equal(0, report.EdgeAttributedRequests);
            foreach (var bot in bundle.Truth.Bots.Where(b => b.ForwardedToOrigin > 0))
            {
                var found = report.Find(bot.Address);
                Assert.True(found is not null, $"{bot.Kind} {bot.Address} was not reported from X-Forwarded-For");
                Assert.Equal(bot.ForwardedToOrigin, found.Requests);
                Assert.Equal(AddressSource.ForwardedFor, found.AddressSource);
                Assert.False(found.IsCdnEdge);
            }
            Assert.All(report.Activities, a => Assert.DoesNotContain(a.ClientIp, bundle.Truth.EdgeAddresses));
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Block_rules_never_name_an_edge_or_a_private_address(int index)
    {
        var bundle = bundles[index];
        var truth = bundle.Truth;
        var writer = new BlockRuleWriter();
        var edges = truth.EdgeAddresses.Select(IPAddress.Parse).ToList();
        var candidates = bundle.Full.Report.Activities.Concat(bundle.OriginOnly.Report.Activities).Select(BlockCandidate.From)
            .Concat(truth.EdgeAddresses.Select(e => new BlockCandidate { ClientIp = e, Kind = BotKind.CmsProbe, Intent = BotIntent.Malicious }))
            .Concat(new[] { "10.0.3.7", "172.16.0.1", "192.168.1.20", "127.0.0.1", "169.254.169.254", "fd12:3456::1", "fe80::1", "::1", "100.64.0.9" }
                .Select(a => new BlockCandidate { ClientIp = a, Kind = BotKind.CmsProbe, Intent = BotIntent.Malicious }))
            .ToList();
        var malicious = truth.Bots.Where(b => b.Kind != PlantedBotKind.Crawler).Select(b => b.Address).ToList();

        foreach (var format in Enum.GetValues<BlockRuleFormat>())
        {
            foreach (bool force in new[] { false, true })
            {
                var result = writer.Write(candidates, format, new BlockRuleOptions { Force = force });
                foreach (var rule in result.Rules)
                {
                    Assert.True(IpAddressText.TryParseNetwork(rule.Address, out var network), rule.Address);
                    Assert.DoesNotContain(edges, e => network.Contains(e));
                    Assert.Equal(AddressClass.Public, IpClassifier.ClassifySpecial(network.BaseAddress));
                }
                // Every refusal of an edge says why, whichever way it was found; -Force changes none of them.
                foreach (var edge in truth.EdgeAddresses)
                    Assert.Contains(result.Refusals, r => r.ClientIp == edge && r.ErrorId == BotErrorIds.CdnEdgeAddress && !r.Overridable);
                Assert.Contains(result.Refusals, r => r.ClientIp == "10.0.3.7" && r.ErrorId == BotErrorIds.PrivateAddress);
                Assert.Contains(result.Refusals, r => r.ClientIp == "fd12:3456::1" && r.ErrorId == BotErrorIds.PrivateAddress);
                Assert.Contains(result.Refusals, r => r.ClientIp == "127.0.0.1" && r.ErrorId == BotErrorIds.LoopbackAddress);
                Assert.Contains(result.Refusals, r => r.ClientIp == "169.254.169.254" && r.ErrorId == BotErrorIds.LinkLocalAddress);
                // The real bots are what gets blocked.
                foreach (var bot in malicious)
                    Assert.Contains(result.Rules, r => r.SourceClientIp == bot);
                Assert.Equal(force, truth.CrawlerAddresses.All(c => result.Rules.Any(r => r.SourceClientIp == c)));
            }
        }
    }
}
