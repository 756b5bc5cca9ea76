using OpsLogTools.Core.Model;
using Xunit;

namespace OpsLogTools.Core.Tests.Updates;

public class PackageChangeTests
{
    [Theory]
    [InlineData("httpd-tools-2.4.54-1.amzn2.x86_64", "httpd-tools", null, "2.4.54", "1.amzn2", "x86_64")]
    [InlineData("tzdata-2022a-1.amzn2.noarch", "tzdata", null, "2022a", "1.amzn2", "noarch")]
    [InlineData("1:openssl-libs-1.0.2k-24.amzn2.0.4.x86_64", "openssl-libs", 1, "1.0.2k", "24.amzn2.0.4", "x86_64")]
    [InlineData("openssl-libs-1:1.1.1k-7.el8_6.x86_64", "openssl-libs", 1, "1.1.1k", "7.el8_6", "x86_64")]
    [InlineData("32:bind-license-9.11.4-26.P2.amzn2.13.noarch", "bind-license", 32, "9.11.4", "26.P2.amzn2.13", "noarch")]
    [InlineData("kernel-5.10.130-118.517.amzn2.aarch64", "kernel", null, "5.10.130", "118.517.amzn2", "aarch64")]
    [InlineData("apr-util-1.6.1-5.amzn2.0.2.i686", "apr-util", null, "1.6.1", "5.amzn2.0.2", "i686")]
    [InlineData("glibc-2.26-59.amzn2", "glibc", null, "2.26", "59.amzn2", "")]
    public void SplitsNevra(string text, string name, int? epoch, string version, string release, string arch)
    {
        Assert.True(PackageChange.TryParseNevra(text, PackageAction.Updated, out var p));
        Assert.Equal(name, p.Name);
        Assert.Equal(epoch, p.Epoch);
        Assert.Equal(version, p.Version);
        Assert.Equal(release, p.Release);
        Assert.Equal(arch, p.Arch);
        Assert.Equal(PackageAction.Updated, p.Action);
    }

    [Theory]
    [InlineData("httpd-tools")]
    [InlineData("perl-Time-HiRes")]
    public void BareNamesStayNames(string text)
    {
        Assert.True(PackageChange.TryParseNevra(text, PackageAction.Erased, out var p));
        Assert.Equal(text, p.Name);
        Assert.Equal("", p.Version);
        Assert.Equal(text, p.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("x:foo-1-1.noarch")]
    [InlineData("foo bar-1-1.noarch")]
    [InlineData("-1-1.noarch")]
    public void RejectsGarbage(string text) => Assert.False(PackageChange.TryParseNevra(text, PackageAction.Installed, out _));

    [Fact]
    public void RoundTripsThroughToString()
    {
        Assert.True(PackageChange.TryParseNevra("2:vim-minimal-8.2.5172-1.amzn2.0.1.x86_64", PackageAction.Updated, out var p));
        Assert.Equal("vim-minimal-2:8.2.5172-1.amzn2.0.1.x86_64", p.ToString());
        Assert.True(PackageChange.TryParseNevra(p.ToString(), PackageAction.Updated, out var q));
        Assert.Equal((p.Name, p.Epoch, p.Version, p.Release, p.Arch), (q.Name, q.Epoch, q.Version, q.Release, q.Arch));
    }
}
