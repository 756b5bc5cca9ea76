using System.Net;
using System.Text;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Bots;

public class CdnRangeSetTests
{
    // Hand-written after AWS's ip-ranges.json format (syncToken, createDate, prefixes/ipv6_prefixes with service).
    private const string Sample = """
        {
          "syncToken": "1658224000",
          "createDate": "2022-07-19-09-46-40",
          "prefixes": [
            { "ip_prefix": "44.0.0.0/8", "region": "GLOBAL", "service": "CLOUDFRONT", "network_border_group": "GLOBAL" },
            { "ip_prefix": "44.10.0.0/16", "region": "GLOBAL", "service": "CLOUDFRONT_ORIGIN_FACING", "network_border_group": "GLOBAL" },
            { "ip_prefix": "44.10.20.0/24", "region": "ap-northeast-1", "service": "CLOUDFRONT", "network_border_group": "ap-northeast-1" },
            { "ip_prefix": "52.95.0.0/16", "region": "us-east-1", "service": "EC2", "network_border_group": "us-east-1" },
            { "ip_prefix": "45.1.2.3/16", "region": "GLOBAL", "service": "CLOUDFRONT", "network_border_group": "GLOBAL" },
            { "ip_prefix": "not-a-prefix", "region": "GLOBAL", "service": "CLOUDFRONT", "network_border_group": "GLOBAL" }
          ],
          "ipv6_prefixes": [
            { "ipv6_prefix": "2600:9000::/28", "region": "GLOBAL", "service": "CLOUDFRONT", "network_border_group": "GLOBAL" },
            { "ipv6_prefix": "2600:9000:2000::/36", "region": "GLOBAL", "service": "CLOUDFRONT_ORIGIN_FACING", "network_border_group": "GLOBAL" },
            { "ipv6_prefix": "2600:1f00::/24", "region": "us-east-1", "service": "EC2", "network_border_group": "us-east-1" }
          ]
        }
        """;

    private static CdnRangeSet Load(CollectingDiagnostics? diag = null) =>
        CdnRangeSet.Parse(new MemoryStream(Encoding.UTF8.GetBytes(Sample)), "sample.json", diag);

    // Options left to the shipped sets (or set to null) read them when first asked, so a caller that builds options
    // before the scan does not load them on its own thread (BotScan loads them beside the bundle scan).
    [Fact]
    public void OptionsLeftToTheShippedSetsReadThemWhenAsked()
    {
        var shipped = new BotDetectorOptions { CdnRanges = null, Signatures = null };
        Assert.True(shipped.ShippedCdnRanges);
        Assert.True(shipped.ShippedSignatures);
        Assert.Same(CdnRangeSet.Default, shipped.CdnRanges);
        Assert.Same(BotSignatureSet.Default, shipped.Signatures);
        Assert.True(new BotDetectorOptions().ShippedCdnRanges);
        var own = new BotDetectorOptions { CdnRanges = CdnRangeSet.FromPrefixes(["45.155.205.0/24"]) };
        Assert.False(own.ShippedCdnRanges);
        Assert.True(own.ShippedSignatures);
        Assert.True(own.CdnRanges.Contains(System.Net.IPAddress.Parse("45.155.205.233")));
    }

    [Fact]
    public void LongestPrefixWinsForIPv4()
    {
        var set = Load();
        Assert.Equal("44.10.20.0/24", set.Match(IPAddress.Parse("44.10.20.77"))!.Prefix);
        Assert.Equal("44.10.0.0/16", set.Match(IPAddress.Parse("44.10.21.1"))!.Prefix);
        Assert.Equal("CLOUDFRONT_ORIGIN_FACING", set.Match(IPAddress.Parse("44.10.21.1"))!.Service);
        Assert.Equal("44.0.0.0/8", set.Match(IPAddress.Parse("44.200.1.1"))!.Prefix);
        Assert.Null(set.Match(IPAddress.Parse("43.255.255.255")));
        Assert.Null(set.Match(IPAddress.Parse("52.95.1.1"))); // EC2 is not CloudFront
        Assert.Equal("ap-northeast-1", set.Match(IPAddress.Parse("44.10.20.1"))!.Region);
    }

    [Fact]
    public void LongestPrefixWinsForIPv6AndMappedAddresses()
    {
        var set = Load();
        Assert.Equal("2600:9000:2000::/36", set.Match(IPAddress.Parse("2600:9000:2abc::1"))!.Prefix);
        Assert.Equal("2600:9000::/28", set.Match(IPAddress.Parse("2600:9000:3000::1"))!.Prefix);
        Assert.Null(set.Match(IPAddress.Parse("2600:1f00::1")));
        Assert.Equal("44.10.20.0/24", set.Match(IPAddress.Parse("::ffff:44.10.20.9"))!.Prefix);
    }

    [Fact]
    public void KeepsDateCanonicalisesAndWarnsAboutBadPrefixes()
    {
        var diag = new CollectingDiagnostics();
        var set = Load(diag);
        Assert.Equal("2022-07-19-09-46-40", set.CreateDate);
        Assert.Equal("1658224000", set.SyncToken);
        Assert.Contains(set.Ranges, r => r.Prefix == "45.1.0.0/16");
        Assert.Equal(4, set.Ranges.Count(r => r.Network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork));
        Assert.Equal(2, set.Ranges.Count(r => r.Network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6));
        Assert.Single(diag.Warnings, w => w.Message.Contains("not-a-prefix"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void BoundariesOfEveryShippedPrefix(int seed)
    {
        var set = CdnRangeSet.Default;
        var rng = new Random(seed);
        foreach (var range in set.Ranges.OrderBy(_ => rng.Next()).Take(60))
        {
            var first = range.Network.BaseAddress;
            var bytes = first.GetAddressBytes();
            for (int bit = range.Network.PrefixLength; bit < bytes.Length * 8; bit++)
                if (rng.Next(2) == 0) bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
            var inside = new IPAddress(bytes);
            Assert.True(set.Contains(first), range.Prefix);
            Assert.True(set.Contains(inside), $"{inside} in {range.Prefix}");
            Assert.True(set.Match(inside)!.Network.PrefixLength >= range.Network.PrefixLength);
        }
    }

    [Fact]
    public void ShippedSnapshotKnowsTheEdgesOfTheSeedIncident()
    {
        var set = CdnRangeSet.Default;
        Assert.StartsWith("2024-09-13", set.CreateDate);
        foreach (var edge in new[] { "130.176.5.17", "64.252.90.3", "70.132.33.9", "54.239.130.1", "52.84.1.1", "13.32.7.7", "204.246.165.1", "15.158.44.10", "2600:9000:2000::1", "2600:9000:f600::9" })
            Assert.True(set.Contains(edge), edge);
        foreach (var other in new[] { "8.8.8.8", "1.1.1.1", "52.95.1.1", "2001:4860:4860::8888", "not an ip" })
            Assert.False(set.Contains(other), other);
        Assert.All(set.Ranges, r => Assert.StartsWith("CLOUDFRONT", r.Service));
    }

    [Fact]
    public void LoadsAFileFromDisk()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ip-ranges-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, Sample);
        try
        {
            var set = CdnRangeSet.Load(path);
            Assert.Equal(path, set.Source);
            Assert.True(set.Contains("44.1.1.1"));
        }
        finally { File.Delete(path); }
    }
}
