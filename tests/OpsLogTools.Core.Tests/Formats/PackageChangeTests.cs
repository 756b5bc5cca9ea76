using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using Xunit;

namespace OpsLogTools.Core.Tests.Formats;

/// <summary>NEVRA strings written after rpm's naming rules (name may hold dashes; version and release may not).</summary>
public class PackageChangeTests
{
    [Theory]
    [InlineData("httpd-tools-2.4.54-1.amzn2.x86_64", "httpd-tools", 0, "2.4.54", "1.amzn2", "x86_64")]
    [InlineData("tzdata-2022a-1.amzn2.noarch", "tzdata", 0, "2022a", "1.amzn2", "noarch")]
    [InlineData("1:openssl-libs-1.0.2k-24.amzn2.0.4.x86_64", "openssl-libs", 1, "1.0.2k", "24.amzn2.0.4", "x86_64")]
    [InlineData("openssl-libs-1:1.0.2k-24.amzn2.0.4.x86_64", "openssl-libs", 1, "1.0.2k", "24.amzn2.0.4", "x86_64")]
    [InlineData("perl-Pod-Escapes-1.04-299.amzn2.0.1.noarch", "perl-Pod-Escapes", 0, "1.04", "299.amzn2.0.1", "noarch")]
    [InlineData("glibc-2.26-59.amzn2.i686", "glibc", 0, "2.26", "59.amzn2", "i686")]
    [InlineData("kernel-5.14.0-70.13.1.el9_0.aarch64", "kernel", 0, "5.14.0", "70.13.1.el9_0", "aarch64")]
    [InlineData("httpd-2.4.54-1.amzn2", "httpd", 0, "2.4.54", "1.amzn2", "")]
    [InlineData("python3-dnf-plugin-versionlock-4.0.21-3.fc36.noarch", "python3-dnf-plugin-versionlock", 0, "4.0.21", "3.fc36", "noarch")]
    [InlineData("12:dhclient-4.2.5-79.amzn2.1.x86_64", "dhclient", 12, "4.2.5", "79.amzn2.1", "x86_64")]
    public void ParsesNevra(string text, string name, int epoch, string version, string release, string arch)
    {
        Assert.True(PackageChange.TryParseNevra(text, PackageAction.Installed, out var c));
        Assert.Equal((name, epoch, version, release, arch), (c.Name, c.Epoch, c.Version, c.Release, c.Arch));
        Assert.Equal(PackageAction.Installed, c.Action);
        Assert.Equal(text, c.Package);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("httpd")]
    [InlineData("httpd-tools")]
    [InlineData("foo-bar-baz.x86_64")]
    [InlineData("-2.4.54-1.x86_64")]
    [InlineData("x:httpd-2.4.54-1.x86_64")]
    [InlineData("httpd-2.4.54-.x86_64")]
    [InlineData("httpd 2.4.54-1.x86_64")]
    public void RejectsWhatIsNoPackage(string text) => Assert.False(PackageChange.TryParseNevra(text, PackageAction.Erased, out _));

    [Theory]
    [InlineData("openssl-libs-1:1.0.2k-24.amzn2.0.4.x86_64")]
    [InlineData("tzdata-2022a-1.amzn2.noarch")]
    public void ToStringPrintsDnfStyle(string text)
    {
        Assert.True(PackageChange.TryParseNevra(text, PackageAction.Updated, out var c));
        Assert.Equal(text, c.ToString());
    }

    [Theory]
    [InlineData("Upgrade", PackageAction.Updated)]
    [InlineData("Upgraded", PackageAction.Replaced)]
    [InlineData("Installed", PackageAction.Installed)]
    [InlineData("Install", PackageAction.Installed)]
    [InlineData("Erase", PackageAction.Erased)]
    [InlineData("Cleanup", PackageAction.Replaced)]
    [InlineData("Downgrade", PackageAction.Downgraded)]
    [InlineData("Reinstall", PackageAction.Reinstalled)]
    [InlineData("Obsoleted", PackageAction.Replaced)]
    [InlineData("Updated", PackageAction.Updated)]
    public void VerbMapping(string verb, PackageAction action)
    {
        Assert.True(PackageLogLine.TryParse($"{verb}: tzdata-2022a-1.amzn2.noarch", out var c));
        Assert.Equal(action, c.Action);
        Assert.Equal(verb, c.Verb);
    }

    [Theory]
    [InlineData("Running scriptlet: tzdata-2022a-1.amzn2.noarch")]
    [InlineData("--- logging initialized ---")]
    [InlineData("Updated:tzdata-2022a-1.amzn2.noarch")]
    [InlineData("Updated: not a package at all")]
    [InlineData("")]
    public void NotAPackageLine(string message) => Assert.False(PackageLogLine.TryParse(message, out _));

    [Fact]
    public void EntriesOfOtherFormatsGiveNothing()
    {
        var e = new LogEntry { Format = LogFormat.ApacheError24, Message = "Updated: tzdata-2022a-1.amzn2.noarch" };
        Assert.False(PackageLogLine.TryGetChange(e, out _));
    }
}
