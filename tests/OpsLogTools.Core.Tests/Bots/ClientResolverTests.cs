using System.Net;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Model;
using Xunit;

namespace OpsLogTools.Core.Tests.Bots;

public class ClientResolverTests
{
    private const string Edge = "130.176.77.12";
    private const string Edge2 = "64.252.100.4";
    private static readonly ClientResolver Resolver = new(CdnRangeSet.Default);

    [Theory]
    // Origin behind CloudFront: the right-most address that is not a trusted hop.
    [InlineData(Edge, "198.51.7.20", false, "198.51.7.20", AddressSource.ForwardedFor, false)]
    [InlineData(Edge, "1.2.3.4, 198.51.7.20", false, "198.51.7.20", AddressSource.ForwardedFor, false)]          // 1.2.3.4 forged by the client
    [InlineData(Edge, "198.51.7.20, " + Edge2, false, "198.51.7.20", AddressSource.ForwardedFor, false)]          // two edges
    [InlineData("10.0.3.8", "198.51.7.20, " + Edge, false, "198.51.7.20", AddressSource.ForwardedFor, false)]     // ALB behind CloudFront
    [InlineData(Edge, "2a02:1234::55", false, "2a02:1234::55", AddressSource.ForwardedFor, false)]
    [InlineData(Edge, "[2a02:1234::55]:51234", false, "2a02:1234::55", AddressSource.ForwardedFor, false)]      // CloudFront-Viewer-Address
    [InlineData(Edge, "198.51.7.20:443", false, "198.51.7.20", AddressSource.ForwardedFor, false)]
    [InlineData(Edge, null, false, Edge, AddressSource.Origin, true)]                                              // nothing better logged
    [InlineData(Edge, "-", false, Edge, AddressSource.Origin, true)]
    [InlineData(Edge, "unknown", false, Edge, AddressSource.Origin, true)]
    [InlineData(Edge, "garbage, " + Edge2, false, Edge2, AddressSource.ForwardedFor, true)]                      // chain ends at something unparsable
    // Direct to the origin: the connecting address, X-Forwarded-For ignored (anyone can send it).
    [InlineData("198.51.7.20", "9.9.9.9", false, "198.51.7.20", AddressSource.Origin, false)]
    // CloudFront's own log: c-ip is the viewer; its x-forwarded-for comes from the viewer.
    [InlineData("198.51.7.20", "9.9.9.9", true, "198.51.7.20", AddressSource.CloudFront, false)]
    [InlineData("198.51.7.20", null, true, "198.51.7.20", AddressSource.CloudFront, false)]
    [InlineData("::ffff:198.51.7.20", null, true, "198.51.7.20", AddressSource.CloudFront, false)]
    public void ResolvesTheRealClient(string connecting, string? xff, bool cloudFront, string client, AddressSource source, bool isEdge)
    {
        var r = Resolver.Resolve(connecting, xff, cloudFront);
        Assert.Equal(client, r.ClientIp);
        Assert.Equal(source, r.Source);
        Assert.Equal(isEdge, r.IsCdnEdge);
    }

    [Fact]
    public void ConfiguredProxyInFrontOfCloudFrontIsFollowed()
    {
        var resolver = new ClientResolver(CdnRangeSet.Default, [IPNetwork.Parse("203.0.113.0/24")]);
        var r = resolver.Resolve("203.0.113.9", "5.6.7.8, 192.0.2.44", isCloudFront: true);
        Assert.Equal("192.0.2.44", r.ClientIp);
        Assert.Equal(AddressSource.ForwardedFor, r.Source);
        Assert.False(r.ConnectingIsEdge);
    }

    [Fact]
    public void InternalHopsCanBeDistrusted()
    {
        var resolver = new ClientResolver(CdnRangeSet.Default, trustInternalProxies: false);
        Assert.Equal("10.0.3.8", resolver.Resolve("10.0.3.8", "198.51.7.20", false).ClientIp);
        Assert.Equal("198.51.7.20", Resolver.Resolve("10.0.3.8", "198.51.7.20", false).ClientIp);
    }

    [Fact]
    public void RandomChainsAlwaysYieldTheLastUntrustedHop()
    {
        var rng = new Random(1234);
        for (int i = 0; i < 200; i++)
        {
            string client = $"{rng.Next(1, 99)}.{rng.Next(256)}.{rng.Next(256)}.{rng.Next(1, 255)}";
            if (IpClassifier.Classify(client, CdnRangeSet.Default) != AddressClass.Public) continue;
            var hops = new List<string> { $"{rng.Next(1, 99)}.{rng.Next(256)}.1.1", client };
            int trusted = rng.Next(0, 3);
            for (int h = 0; h < trusted; h++) hops.Add(rng.Next(2) == 0 ? $"130.176.{rng.Next(128)}.{rng.Next(1, 255)}" : $"10.{rng.Next(256)}.0.{rng.Next(1, 255)}");
            var r = Resolver.Resolve($"64.252.{rng.Next(64, 128)}.{rng.Next(1, 255)}", string.Join(", ", hops), false);
            Assert.Equal(client, r.ClientIp);
        }
    }
}

/// <summary>
/// The detector's address-as-number path for CloudFront viewers (c-ip a plain IPv4 address, no x-forwarded-for) must
/// give what the text path gives: the same client text and the same edge verdict, for ordinary, edge and special
/// addresses alike; and the fast parser's number must be taken only from canonical dotted quads.
/// </summary>
public class ViewerByNumberTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(77)]
    [InlineData(2024)]
    public void NumberPathAgreesWithTextPath(int seed)
    {
        var rng = new Random(seed);
        var resolver = new ClientResolver(CdnRangeSet.Default);
        var edges = CdnRangeSet.Default.Ranges.Where(r => r.Network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork).ToList();
        string[] special = ["10.1.2.3", "127.0.0.1", "169.254.9.9", "172.16.5.5", "192.168.1.1", "100.64.0.1", "192.0.2.7", "203.0.113.9", "224.0.0.1", "255.255.255.255", "0.0.0.1"];
        var addresses = new List<string>(special);
        for (int i = 0; i < 3000; i++) addresses.Add(new IPAddress(rng.NextInt64(1, 1L << 32)).ToString());
        for (int i = 0; i < 300; i++)
        {
            var net = edges[rng.Next(edges.Count)].Network;
            uint baseValue = IpAddressText.ToUInt32(net.BaseAddress);
            uint span = net.PrefixLength >= 32 ? 1u : 1u << (32 - net.PrefixLength);
            addresses.Add(IpAddressText.FormatV4(baseValue + (uint)rng.NextInt64(0, span)));
        }
        int edgeCount = 0;
        foreach (string text in addresses)
        {
            uint v4 = RequestFactParser.Ipv4Key(System.Text.Encoding.ASCII.GetBytes(text));
            Assert.NotEqual(0u, v4);
            Assert.Equal(text, IpAddressText.FormatV4(v4));
            Assert.Equal(IPAddress.Parse(text).ToString(), IpAddressText.FormatV4(v4));
            var byText = resolver.Resolve(text, null, isCloudFront: true);
            var byNumber = resolver.ResolveCloudFrontViewer(v4, text);
            Assert.Equal(byText, byNumber);
            if (byText.IsCdnEdge) edgeCount++;
        }
        Assert.True(edgeCount >= 300);
    }

    [Theory]
    [InlineData("01.2.3.4")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3.4 ")]
    [InlineData("1.2.3.04")]
    [InlineData("::ffff:1.2.3.4")]
    [InlineData("1.2.3.%34")]
    [InlineData("")]
    public void OnlyCanonicalDottedQuadsBecomeNumbers(string text) =>
        Assert.Equal(0u, RequestFactParser.Ipv4Key(System.Text.Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void ConfiguredProxiesSendViewersThroughTheTextPath()
    {
        var resolver = new ClientResolver(CdnRangeSet.Default, [IPNetwork.Parse("198.51.100.0/24")]);
        Assert.Null(resolver.ResolveCloudFrontViewer(0xC6336407, "198.51.100.7"));
    }
}
