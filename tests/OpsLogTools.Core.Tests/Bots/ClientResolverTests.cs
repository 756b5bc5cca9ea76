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
