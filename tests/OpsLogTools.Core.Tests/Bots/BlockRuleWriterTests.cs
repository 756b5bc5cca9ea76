using System.Text.Json;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Model;
using Xunit;

namespace OpsLogTools.Core.Tests.Bots;

public class BlockRuleWriterTests
{
    private static readonly BlockRuleWriter Writer = new();

    private static BotActivity Bot(string ip, BotIntent intent = BotIntent.Malicious, BotKind kind = BotKind.CmsProbe, bool edge = false) =>
        new() { ClientIp = ip, Intent = intent, Kind = kind, IsCdnEdge = edge, Requests = 1 };

    private static readonly BotActivity[] Mixed =
    [
        Bot("198.51.7.20"), Bot("2a02:1234:0:0::55", kind: BotKind.Scanner), Bot("45.12.3.4", kind: BotKind.SensitiveFileScan),
        Bot("198.51.7.20"), // duplicate
    ];

    [Fact]
    public void Apache()
    {
        var result = Writer.Write(Mixed, BlockRuleFormat.Apache);
        Assert.Equal(["Require not ip 198.51.7.20", "Require not ip 2a02:1234::55", "Require not ip 45.12.3.4"], result.Rules.Select(r => r.Rule));
        Assert.Equal(["198.51.7.20/32", "2a02:1234::55/128", "45.12.3.4/32"], result.Rules.Select(r => r.Address));
        string text = Assert.Single(result.Documents).Text;
        Assert.Contains("<RequireAll>\n    Require all granted\n    Require not ip 198.51.7.20\n", text);
        Assert.EndsWith("</RequireAll>\n", text);
        Assert.Contains("RemoteIPHeader X-Forwarded-For", text);
        Assert.Contains("RemoteIPTrustedProxy", text);
        Assert.Contains("130.176.0.0/17", text);
        Assert.Empty(result.Refusals);
    }

    [Fact]
    public void Nginx()
    {
        var text = Writer.Write(Mixed, BlockRuleFormat.Nginx).Documents[0].Text;
        Assert.Contains("\ndeny 198.51.7.20;\ndeny 2a02:1234::55;\ndeny 45.12.3.4;\n", text);
        Assert.Contains("#   set_real_ip_from 130.176.0.0/17;", text);
        Assert.Contains("real_ip_header X-Forwarded-For;", text);
    }

    [Fact]
    public void IptablesAndNftablesSplitByVersion()
    {
        var ipt = Writer.Write(Mixed, BlockRuleFormat.Iptables);
        Assert.Contains("iptables -A INPUT -s 198.51.7.20 -j DROP", ipt.Rules.Select(r => r.Rule));
        Assert.Contains("ip6tables -A INPUT -s 2a02:1234::55 -j DROP", ipt.Rules.Select(r => r.Rule));
        var nft = Writer.Write(Mixed, BlockRuleFormat.Nftables);
        Assert.Contains("nft add element inet filter opslogtools_blocked_v4 { 45.12.3.4 }", nft.Rules.Select(r => r.Rule));
        Assert.Contains("nft add element inet filter opslogtools_blocked_v6 { 2a02:1234::55 }", nft.Rules.Select(r => r.Rule));
        Assert.Contains("type ipv6_addr", nft.Documents[0].Text);
    }

    [Fact]
    public void AwsWafIpSetsAreSeparatePerVersionWithCanonicalCidr()
    {
        var result = Writer.Write(Mixed.Append(Bot("2A02:1234::1")), BlockRuleFormat.AwsWafIpSet,
            new BlockRuleOptions { WafIPv4SetId = "abc-123", WafLockToken = "tok" });
        Assert.Equal(2, result.Documents.Count);
        using var v4 = JsonDocument.Parse(result.Documents.Single(d => d.IpVersion == 4).Text);
        using var v6 = JsonDocument.Parse(result.Documents.Single(d => d.IpVersion == 6).Text);
        Assert.Equal(["Name", "Scope", "Id", "Addresses", "LockToken"], v4.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("CLOUDFRONT", v4.RootElement.GetProperty("Scope").GetString());
        Assert.Equal("abc-123", v4.RootElement.GetProperty("Id").GetString());
        Assert.Equal("tok", v4.RootElement.GetProperty("LockToken").GetString());
        Assert.Equal(["198.51.7.20/32", "45.12.3.4/32"], v4.RootElement.GetProperty("Addresses").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["2a02:1234::55/128", "2a02:1234::1/128"], v6.RootElement.GetProperty("Addresses").EnumerateArray().Select(a => a.GetString()));

        // No IPv6 address: no IPv6 document (an empty list would empty the live set).
        Assert.Single(Writer.Write([Bot("45.12.3.4")], BlockRuleFormat.AwsWafIpSet).Documents);
    }

    [Theory]
    [InlineData("130.176.77.12", BotErrorIds.CdnEdgeAddress)]
    [InlineData("2600:9000:2000::1", BotErrorIds.CdnEdgeAddress)]
    [InlineData("130.176.0.0/16", BotErrorIds.CdnEdgeAddress)]
    [InlineData("10.0.0.8", BotErrorIds.PrivateAddress)]
    [InlineData("192.168.1.20", BotErrorIds.PrivateAddress)]
    [InlineData("172.16.5.5", BotErrorIds.PrivateAddress)]
    [InlineData("fd00::5", BotErrorIds.PrivateAddress)]
    [InlineData("127.0.0.1", BotErrorIds.LoopbackAddress)]
    [InlineData("::1", BotErrorIds.LoopbackAddress)]
    [InlineData("169.254.169.254", BotErrorIds.LinkLocalAddress)]
    [InlineData("fe80::1", BotErrorIds.LinkLocalAddress)]
    [InlineData("100.64.1.1", BotErrorIds.SharedAddressSpace)]
    [InlineData("224.0.0.1", BotErrorIds.ReservedAddress)]
    [InlineData("1.0.0.0/8", BotErrorIds.RangeTooWide)]
    [InlineData("nonsense", BotErrorIds.InvalidAddress)]
    [InlineData("", BotErrorIds.InvalidAddress)]
    public void RefusesWithAnIdAndForceDoesNotHelp(string address, string errorId)
    {
        foreach (bool force in new[] { false, true })
        {
            // Typed by hand (-IpAddress): a finding's client may not be a network at all (BlockRangeCheckerTests).
            var candidate = new BlockCandidate { ClientIp = address, Kind = BotKind.CmsProbe, Intent = BotIntent.Malicious };
            var result = Writer.Write([candidate], BlockRuleFormat.Nginx, new BlockRuleOptions { Force = force });
            Assert.Empty(result.Rules);
            var refusal = Assert.Single(result.Refusals);
            Assert.Equal(errorId, refusal.ErrorId);
            Assert.Equal(address, refusal.ClientIp);
            Assert.False(refusal.Overridable);
            Assert.DoesNotContain("deny", result.Documents[0].Text.Split('\n').Where(l => !l.StartsWith('#')));
        }
    }

    [Fact]
    public void AFindingMarkedAsEdgeIsRefusedEvenOutsideTheKnownRanges()
    {
        var result = Writer.Write([Bot("198.51.7.20", edge: true)], BlockRuleFormat.Apache, new BlockRuleOptions { Force = true });
        Assert.Equal(BotErrorIds.CdnEdgeAddress, Assert.Single(result.Refusals).ErrorId);
    }

    [Fact]
    public void BenignNeedsForce()
    {
        var crawler = Bot("66.249.66.1", BotIntent.Benign, BotKind.Crawler);
        var refused = Writer.Write([crawler], BlockRuleFormat.Iptables);
        var refusal = Assert.Single(refused.Refusals);
        Assert.Equal(BotErrorIds.BenignClient, refusal.ErrorId);
        Assert.True(refusal.Overridable);
        var forced = Writer.Write([crawler], BlockRuleFormat.Iptables, new BlockRuleOptions { Force = true });
        Assert.Equal("iptables -A INPUT -s 66.249.66.1 -j DROP", Assert.Single(forced.Rules).Rule);
        Assert.Empty(forced.Refusals);
    }

    [Fact]
    public void EndToEndNeverBlocksAnEdgeOrAReader()
    {
        var t = new TrafficBuilder(99) { OriginLogsForwardedFor = false };
        var start = new DateTimeOffset(2022, 7, 19, 3, 0, 0, TimeSpan.Zero);
        var readers = t.Readers(10, start, ["/", "/about.html"]);
        string prober = t.PublicAddress();
        for (int i = 0; i < 100; i++) t.Request(prober, start.AddMinutes(i), "GET", "/wp-login.php", 404, TrafficBuilder.Browser);
        // Origin log only, no forwarded header: the findings are edges.
        var originOnly = BotDetector.Analyze(t.Origin);
        var r1 = Writer.Write(originOnly.Activities, BlockRuleFormat.Apache, new BlockRuleOptions { Force = true });
        Assert.Empty(r1.Rules);
        Assert.All(r1.Refusals, r => Assert.Equal(BotErrorIds.CdnEdgeAddress, r.ErrorId));
        // With CloudFront's logs: the prober, and only the prober.
        var both = BotDetector.Analyze(t.Both());
        var r2 = Writer.Write(both.Activities, BlockRuleFormat.Apache);
        Assert.Equal($"Require not ip {prober}", Assert.Single(r2.Rules).Rule);
        Assert.DoesNotContain(r2.Rules, r => readers.Contains(r.SourceClientIp) || t.Edges.Contains(r.SourceClientIp));
    }
}
