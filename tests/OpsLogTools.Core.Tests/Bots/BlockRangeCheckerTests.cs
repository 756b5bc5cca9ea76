using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Model;
using Xunit;

namespace OpsLogTools.Core.Tests.Bots;

/// <summary>
/// Issue 12, item 1: ranges that hide CloudFront edges, octal and other loose address text, documentation and
/// special-purpose space, IPv4 embedded in IPv6. Every case here was written as a rule by the writer before the fix
/// (it checked a range at its first and last address only, read 010.010.010.010 as 8.8.8.8, and knew no
/// documentation, NAT64, 6to4, Teredo or discard-only block).
/// </summary>
public class BlockRangeCheckerTests
{
    private static readonly BlockRuleWriter Writer = new();

    // Typed by hand (-IpAddress): a prefix is allowed there.
    private static BlockRuleResult ByHand(params string[] addresses) =>
        Writer.Write(addresses.Select(a => new BlockCandidate { ClientIp = a, Kind = BotKind.Scanner }), BlockRuleFormat.Nginx);

    private static BlockRuleRefusal RefusedByHand(string address)
    {
        var result = ByHand(address);
        Assert.True(result.Rules.Count == 0, $"{address} was written as {string.Join(", ", result.Rules.Select(r => r.Rule))}");
        return Assert.Single(result.Refusals);
    }

    [Theory]
    // The issue's ranges: CloudFront prefixes lie strictly inside (205.251.200.0/24 ... 205.251.254.0/24;
    // 2409:8c00:2421:300::/56 and :400::/56), and neither end is an edge.
    [InlineData("205.251.0.0/16", true)]
    [InlineData("2409:8c00::/32", true)]
    // Its last address is in 2600:9000:f800::/37; inside an edge prefix (52.84.0.0/15); an edge address itself.
    [InlineData("2600:9000::/32", false)]
    [InlineData("52.84.0.0/16", false)]
    [InlineData("52.85.255.255", false)]
    public void A_range_sharing_any_address_with_an_edge_is_refused(string range, bool edgesStrictlyInside)
    {
        var refusal = RefusedByHand(range);
        Assert.Equal(BotErrorIds.CdnEdgeAddress, refusal.ErrorId);
        Assert.Equal(range, refusal.ClientIp);
        // The edge named is a prefix of the snapshot that shares addresses with the range.
        var named = AddressRange.Parse(refusal.OverlappingRange!);
        Assert.Contains(CdnRangeSet.Default.Ranges, r => r.Prefix == refusal.OverlappingRange);
        var checkedRange = AddressRange.Parse(range.Contains('/') ? range : range + "/32");
        Assert.True(checkedRange.Overlaps(named));
        if (edgesStrictlyInside)
        {
            // What the old check looked at: the first and the last address. Neither is an edge.
            Assert.False(CdnRangeSet.Default.Contains(checkedRange.FirstAddress));
            Assert.False(CdnRangeSet.Default.Contains(AddressRange.ToAddress(checkedRange.Last, checkedRange.IsV6)));
        }
    }

    [Theory]
    // Leading zeros: octal to inet_aton and .NET (8.8.8.8), decimal to a reader (10.10.10.10).
    [InlineData("010.010.010.010", "8.8.8.8")]
    [InlineData("0127.0.0.1", "87.0.0.1")]
    [InlineData("192.168.001.010", null)]
    // Short, hex and single-number IPv4: 127.0.0.1 to inet_aton, nothing to inet_pton.
    [InlineData("127.1", "127.0.0.1")]
    [InlineData("0x7f.0.0.1", "127.0.0.1")]
    [InlineData("0x7f.1", "127.0.0.1")]
    [InlineData("2130706433", "127.0.0.1")]
    // Zone ids, brackets and ports are no part of an address to block.
    [InlineData("fe80::1%eth0", null)]
    [InlineData("2a02:1234::55%1", null)]
    [InlineData("[2a02:1234::55]", null)]
    [InlineData("45.12.3.4:80", null)]
    // A loose dotted quad inside IPv6.
    [InlineData("::ffff:010.0.0.1", "8.0.0.1")]
    // A leading zero in the prefix length.
    [InlineData("45.12.0.0/016", null)]
    public void Loose_address_text_is_refused_by_name(string text, string? lenientReading)
    {
        var refusal = RefusedByHand(text);
        Assert.Equal(BotErrorIds.NonCanonicalAddress, refusal.ErrorId);
        Assert.Contains($"'{text}'", refusal.Message);
        if (lenientReading is not null) Assert.Contains(lenientReading, refusal.Message);
    }

    [Fact]
    public void The_octal_reading_of_010_010_010_010_is_named_with_the_decimal_one()
    {
        var refusal = RefusedByHand("010.010.010.010");
        Assert.Contains("8.8.8.8", refusal.Message);
        Assert.Contains("10.10.10.10", refusal.Message);
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1::2::3")]
    [InlineData("45.12.0.0/33")]
    [InlineData("2a02::/129")]
    [InlineData("45.12.0.0/")]
    [InlineData("45.12.0.0/+16")]
    [InlineData("45.12.0.0/ 16")]
    [InlineData("45.12.0.0/16/16")]
    public void Text_that_no_tool_reads_as_an_address_is_invalid(string text) =>
        Assert.Equal(BotErrorIds.InvalidAddress, RefusedByHand(text).ErrorId);

    [Theory]
    [InlineData("192.0.2.0/24")]
    [InlineData("192.0.2.7")]
    [InlineData("198.51.100.0/24")]
    [InlineData("198.51.100.77")]
    [InlineData("203.0.113.0/24")]
    [InlineData("2001:db8::/32")]
    [InlineData("2001:db8::7")]
    [InlineData("3fff::/20")]
    [InlineData("3fff:fff::1")]
    public void Documentation_ranges_are_refused(string text)
    {
        var refusal = RefusedByHand(text);
        Assert.Equal(BotErrorIds.ReservedAddress, refusal.ErrorId);
        Assert.Contains("Documentation", refusal.Message);
    }

    [Theory]
    // Special-purpose blocks named in the issue and the registries, and a range merely overlapping one.
    [InlineData("64:ff9b::/96", BotErrorIds.ReservedAddress, "64:ff9b::/96")]
    [InlineData("64:ff9b:1::/48", BotErrorIds.ReservedAddress, "64:ff9b:1::/48")]
    [InlineData("2001::/32", BotErrorIds.ReservedAddress, "2001::/32")]
    [InlineData("100::/64", BotErrorIds.ReservedAddress, "100::/64")]
    [InlineData("2002::/16", BotErrorIds.ReservedAddress, "2002::/16")]
    [InlineData("5f00::/16", BotErrorIds.ReservedAddress, "5f00::/16")]
    [InlineData("2001:2::/48", BotErrorIds.ReservedAddress, "2001:2::/48")]
    [InlineData("192.0.0.0/24", BotErrorIds.ReservedAddress, null)]
    [InlineData("192.88.99.1", BotErrorIds.ReservedAddress, "192.88.99.0/24")]
    [InlineData("192.31.196.0/24", BotErrorIds.ReservedAddress, "192.31.196.0/24")]
    [InlineData("198.18.0.0/16", BotErrorIds.ReservedAddress, "198.18.0.0/15")]
    [InlineData("255.255.255.255", BotErrorIds.ReservedAddress, "255.255.255.255/32")]
    [InlineData("240.1.0.0/16", BotErrorIds.ReservedAddress, "240.0.0.0/4")]
    [InlineData("0.1.2.3", BotErrorIds.ReservedAddress, "0.0.0.0/8")]
    [InlineData("::", BotErrorIds.ReservedAddress, "::/128")]
    [InlineData("::1", BotErrorIds.LoopbackAddress, "::1/128")]
    [InlineData("fe80::/10", BotErrorIds.LinkLocalAddress, "fe80::/10")]
    [InlineData("fec0::1", BotErrorIds.ReservedAddress, "fec0::/10")]
    [InlineData("4000::1", BotErrorIds.ReservedAddress, "4000::/3")]
    [InlineData("100.64.0.0/16", BotErrorIds.SharedAddressSpace, "100.64.0.0/10")]
    // The last /16 of 172.16/12.
    [InlineData("172.31.0.0/16", BotErrorIds.PrivateAddress, "172.16.0.0/12")]
    public void Special_purpose_space_is_refused(string text, string errorId, string? overlapping)
    {
        var refusal = RefusedByHand(text);
        Assert.Equal(errorId, refusal.ErrorId);
        if (overlapping is not null) Assert.Equal(overlapping, refusal.OverlappingRange);
    }

    [Theory]
    // IPv4-compatible, IPv4-mapped, NAT64, 6to4 and Teredo (client bits inverted): checked as their IPv4 address.
    [InlineData("::10.0.0.1", "10.0.0.1", BotErrorIds.PrivateAddress)]
    [InlineData("::a00:1", "10.0.0.1", BotErrorIds.PrivateAddress)]
    [InlineData("::ffff:10.0.0.1", "10.0.0.1", BotErrorIds.PrivateAddress)]
    [InlineData("64:ff9b::10.0.0.1", "10.0.0.1", BotErrorIds.PrivateAddress)]
    [InlineData("64:ff9b::127.0.0.1", "127.0.0.1", BotErrorIds.LoopbackAddress)]
    [InlineData("2002:a00:1::", "10.0.0.1", BotErrorIds.PrivateAddress)]
    [InlineData("2002:a00:1::/48", "10.0.0.1", BotErrorIds.PrivateAddress)]
    [InlineData("2002:a9fe:a9fe::1", "169.254.169.254", BotErrorIds.LinkLocalAddress)]
    // 6to4 and NAT64 forms of CloudFront edges (205.251.208.1 in 205.251.208.0/20; 13.32.0.9 in 13.32.0.0/15).
    [InlineData("2002:cdfb:d001::/48", "205.251.208.1", BotErrorIds.CdnEdgeAddress)]
    [InlineData("64:ff9b::d20:9", "13.32.0.9", BotErrorIds.CdnEdgeAddress)]
    // Teredo: server 65.54.227.120 in clear, client 10.0.0.1 inverted (0xf5fffffe), as in RFC 4380 §4's layout.
    [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffe", "10.0.0.1", BotErrorIds.PrivateAddress)]
    // A public IPv4 in a special form: the IPv6 block itself refuses it, and the refusal names the IPv4 to block.
    [InlineData("::ffff:45.12.3.4", "45.12.3.4", BotErrorIds.ReservedAddress)]
    [InlineData("2002:2d0c:304::", "45.12.3.4", BotErrorIds.ReservedAddress)]
    [InlineData("64:ff9b::2d0c:304", "45.12.3.4", BotErrorIds.ReservedAddress)]
    public void IPv4_embedded_in_IPv6_is_checked_as_IPv4(string text, string v4, string errorId)
    {
        var refusal = RefusedByHand(text);
        Assert.Equal(errorId, refusal.ErrorId);
        Assert.Equal(v4, refusal.EmbeddedIPv4);
        Assert.Contains(v4, refusal.Message);
    }

    [Theory]
    [InlineData("45.12.3.4/24", "45.12.3.0/24", "45.12.3.4")]
    [InlineData("2a02:1234::55/64", "2a02:1234::/64", "2a02:1234::55")]
    [InlineData("45.12.3.0/16", "45.12.0.0/16", "45.12.3.0")]
    public void A_prefix_with_host_bits_set_is_refused_not_widened(string text, string network, string host)
    {
        var refusal = RefusedByHand(text);
        Assert.Equal(BotErrorIds.HostBitsSet, refusal.ErrorId);
        Assert.Contains(network, refusal.Message);
        Assert.Contains(host, refusal.Message);
    }

    [Theory]
    [InlineData("45.12.3.4", "deny 45.12.3.4;", "45.12.3.4/32")]
    [InlineData("45.12.3.4/32", "deny 45.12.3.4;", "45.12.3.4/32")]
    [InlineData("45.12.0.0/16", "deny 45.12.0.0/16;", "45.12.0.0/16")]
    [InlineData(" 45.12.3.4 ", "deny 45.12.3.4;", "45.12.3.4/32")]
    [InlineData("2A02:1234:0000::0055", "deny 2a02:1234::55;", "2a02:1234::55/128")]
    [InlineData("2a02:1234::/32", "deny 2a02:1234::/32;", "2a02:1234::/32")]
    // Right beside special and edge space, and sharing nothing with it.
    [InlineData("172.32.0.0/16", "deny 172.32.0.0/16;", "172.32.0.0/16")]
    [InlineData("100.128.0.0/16", "deny 100.128.0.0/16;", "100.128.0.0/16")]
    [InlineData("13.34.0.0/16", "deny 13.34.0.0/16;", "13.34.0.0/16")]
    [InlineData("2001:200::/32", "deny 2001:200::/32;", "2001:200::/32")]
    public void Public_ranges_clear_of_every_forbidden_range_are_written(string text, string rule, string address)
    {
        var result = ByHand(text);
        Assert.Empty(result.Refusals);
        var written = Assert.Single(result.Rules);
        Assert.Equal(rule, written.Rule);
        Assert.Equal(address, written.Address);
    }

    [Theory]
    // From a log's client field: one address or nothing, even when the network itself would be blockable by hand.
    [InlineData("205.251.0.0/16")]
    [InlineData("45.12.0.0/16")]
    [InlineData("45.12.3.4/32")]
    [InlineData("2a02:1234::/32")]
    [InlineData("crawl-66-249-66-1.googlebot.com")]
    public void A_client_taken_from_a_log_is_one_address_never_a_network(string client)
    {
        var finding = new BotActivity { ClientIp = client, Kind = BotKind.CmsProbe, Intent = BotIntent.Malicious, Requests = 50 };
        foreach (bool force in new[] { false, true })
        {
            var result = Writer.Write([finding], BlockRuleFormat.Nginx, new BlockRuleOptions { Force = force });
            Assert.Empty(result.Rules);
            Assert.Equal(BotErrorIds.InvalidAddress, Assert.Single(result.Refusals).ErrorId);
        }
    }

    [Fact]
    public void A_logged_client_that_is_one_public_address_gets_its_rule()
    {
        var finding = new BotActivity { ClientIp = "45.12.3.4", Kind = BotKind.CmsProbe, Intent = BotIntent.Malicious, Requests = 50 };
        Assert.Equal("deny 45.12.3.4;", Assert.Single(Writer.Write([finding], BlockRuleFormat.Nginx).Rules).Rule);
    }

    [Fact]
    public void The_shipped_snapshot_is_refused_even_when_another_set_is_given()
    {
        // A newer file that lists only one unrelated prefix: the snapshot's edges stay refused.
        var newer = CdnRangeSet.FromPrefixes(["44.10.20.0/24"], source: "newer.json");
        var writer = new BlockRuleWriter(newer);
        var result = writer.Write(new[] { "205.251.0.0/16", "44.10.20.77", "44.10.0.0/16", "45.12.3.4" }.Select(a => new BlockCandidate { ClientIp = a }), BlockRuleFormat.Nginx);
        Assert.Equal(["205.251.0.0/16", "44.10.20.77", "44.10.0.0/16"], result.Refusals.Select(r => r.ClientIp));
        Assert.All(result.Refusals, r => Assert.Equal(BotErrorIds.CdnEdgeAddress, r.ErrorId));
        Assert.Equal("deny 45.12.3.4;", Assert.Single(result.Rules).Rule);
    }

    [Fact]
    public void Other_cdn_ranges_given_to_the_checker_are_refused_too()
    {
        var other = CdnRangeSet.FromPrefixes(["45.12.3.0/24", "2a02:1234:5678::/48"], source: "-CdnRange");
        var checker = new BlockRangeChecker([other]);
        Assert.False(checker.MayBlock("45.12.0.0/16"));
        Assert.False(checker.MayBlock("2a02:1234::/32"));
        Assert.False(checker.MayBlock("2002:2d0c:304::")); // 6to4 of 45.12.3.4
        Assert.True(checker.MayBlock("45.13.0.0/16"));
        Assert.True(BlockRangeChecker.Default.MayBlock("45.12.0.0/16"));
    }

    [Fact]
    public void A_very_long_token_is_refused_without_quoting_all_of_it()
    {
        string token = new string('9', 5000);
        var refusal = RefusedByHand(token);
        Assert.Equal(BotErrorIds.InvalidAddress, refusal.ErrorId);
        Assert.Equal(token, refusal.ClientIp);
        Assert.True(refusal.Message.Length < 400, refusal.Message);
    }

    [Theory]
    // Client column: the token stays as logged (no address), so it is never an edge, a trusted hop or a rule.
    [InlineData("205.251.0.0/16", null, false, "205.251.0.0/16")]
    [InlineData("010.010.010.010", null, true, "010.010.010.010")]
    // X-Forwarded-For behind a balancer or an edge: the loose element ends the chain; the last trusted hop stands
    // (before: 010.010.010.010 became the client 8.8.8.8).
    [InlineData("10.0.0.5", "205.251.0.0/16", false, "10.0.0.5")]
    [InlineData("130.176.212.18", "010.010.010.010", false, "130.176.212.18")]
    [InlineData("130.176.212.18", "45.12.3.4, 2409:8c00::/32, 130.176.77.12", false, "130.176.77.12")]
    public void The_resolver_never_takes_a_network_or_loose_text_for_an_address(string connecting, string? forwardedFor, bool isCloudFront, string client)
    {
        var resolved = new ClientResolver(CdnRangeSet.Default).Resolve(connecting, forwardedFor, isCloudFront);
        Assert.Equal(client, resolved.ClientIp);
        var finding = new BotActivity { ClientIp = resolved.ClientIp, IsCdnEdge = resolved.IsCdnEdge, Kind = BotKind.CmsProbe, Intent = BotIntent.Malicious, Requests = 9 };
        Assert.Empty(Writer.Write([finding], BlockRuleFormat.Nginx).Rules);
    }
}
