using System.Net;
using OpsLogTools.Core.Analysis.Bots;
using Xunit;

namespace OpsLogTools.Core.Tests.Bots;

public class AddressTests
{
    [Theory]
    [InlineData("10.1.2.3", AddressClass.Private)]
    [InlineData("172.31.255.1", AddressClass.Private)]
    [InlineData("172.32.0.1", AddressClass.Public)]
    [InlineData("192.168.0.10", AddressClass.Private)]
    [InlineData("fd12:3456::1", AddressClass.Private)]
    [InlineData("127.0.0.1", AddressClass.Loopback)]
    [InlineData("::1", AddressClass.Loopback)]
    [InlineData("169.254.169.254", AddressClass.LinkLocal)]
    [InlineData("fe80::1", AddressClass.LinkLocal)]
    [InlineData("100.64.0.1", AddressClass.SharedAddressSpace)]
    [InlineData("100.128.0.1", AddressClass.Public)]
    [InlineData("0.0.0.0", AddressClass.Unspecified)]
    [InlineData("::", AddressClass.Unspecified)]
    [InlineData("224.0.0.251", AddressClass.Multicast)]
    [InlineData("ff02::1", AddressClass.Multicast)]
    [InlineData("192.0.2.1", AddressClass.Documentation)]
    [InlineData("2001:db8::1", AddressClass.Documentation)]
    [InlineData("130.176.1.1", AddressClass.CdnEdge)]
    [InlineData("2600:9000:2000::1", AddressClass.CdnEdge)]
    [InlineData("8.8.8.8", AddressClass.Public)]
    [InlineData("::ffff:10.0.0.1", AddressClass.Private)]
    [InlineData("-", AddressClass.Invalid)]
    [InlineData("1.2", AddressClass.Invalid)]
    [InlineData("example.com", AddressClass.Invalid)]
    public void Classifies(string text, AddressClass expected) => Assert.Equal(expected, IpClassifier.Classify(text, CdnRangeSet.Default));

    [Theory]
    [InlineData("10.1.2.3/8", "10.0.0.0/8")]
    [InlineData("198.51.100.77", "198.51.100.77/32")]
    [InlineData("2001:DB8:0:0::7", "2001:db8::7/128")]
    [InlineData("2001:db8::ffff/32", "2001:db8::/32")]
    [InlineData("::ffff:1.2.3.4/128", "1.2.3.4/32")]
    [InlineData("::ffff:1.2.3.4", "1.2.3.4/32")]
    [InlineData("::ffff:1.2.3.0/120", "1.2.3.0/24")]
    [InlineData("::ffff:1.2.3.4/32", "::/32")]
    public void CanonicalCidr(string text, string canonical)
    {
        Assert.True(IpAddressText.TryParseNetwork(text, out var net));
        Assert.Equal(canonical, net.ToString());
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0/8")]
    [InlineData("x/8")]
    [InlineData("10.0.0.0/-1")]
    // Octal, short and hex IPv4 (8.0.0.0/8 or 127.0.0.0/8 to inet_aton), a zone, a padded length: never a trusted proxy or a CDN range.
    [InlineData("010.0.0.0/8")]
    [InlineData("127.1/8")]
    [InlineData("0x7f.0.0.0/8")]
    [InlineData("fe80::%eth0/10")]
    [InlineData("10.0.0.0/08")]
    public void RejectsBadCidr(string text) => Assert.False(IpAddressText.TryParseNetwork(text, out _));

    [Theory]
    [InlineData(" 198.51.100.7 ", "198.51.100.7")]
    [InlineData("198.51.100.7:8443", "198.51.100.7")]
    [InlineData("[2001:db8::7]:443", "2001:db8::7")]
    [InlineData("fe80::1%eth0", "fe80::1")]
    [InlineData("::ffff:198.51.100.7", "198.51.100.7")]
    [InlineData("2001:0DB8:0000::7", "2001:db8::7")]
    public void ParsesLoggedForms(string text, string expected)
    {
        Assert.True(IpAddressText.TryParse(text, out var ip));
        Assert.Equal(IPAddress.Parse(expected), ip);
    }

    [Theory]
    // A client field or X-Forwarded-For element that is a network, or address text inet_pton refuses, is not an
    // address: before, 010.010.010.010 became the client 8.8.8.8 (and a rule for it), 127.1 the loopback.
    [InlineData("205.251.0.0/16")]
    [InlineData("2409:8c00::/32")]
    [InlineData("010.010.010.010")]
    [InlineData("127.1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("2130706433")]
    [InlineData("198.51.100.7:")]
    [InlineData("198.51.100.7:x")]
    [InlineData("[2001:db8::7]x")]
    [InlineData("::ffff:010.0.0.1")]
    public void LooseOrNetworkTextIsNoLoggedAddress(string text) => Assert.False(IpAddressText.TryParse(text, out _));
}
