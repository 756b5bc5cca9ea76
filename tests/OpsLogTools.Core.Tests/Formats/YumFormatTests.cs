using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using Xunit;
using static OpsLogTools.Core.Tests.Formats.FormatTestKit;

namespace OpsLogTools.Core.Tests.Formats;

/// <summary>
/// Fixtures are hand-written after yum's rpmtrans filelog ("%s: %s" % (fileaction, package), stamped by yum's
/// logging as "%b %d %H:%M:%S") with Amazon Linux 2 package names, as /var/log/yum.log holds them.
/// </summary>
public class YumFormatTests
{
    private static readonly YumFormat Format = new();

    [Fact]
    public void UpdatedLine()
    {
        var clock = SeedNightClock();
        var e = ParseOne(Format, "Jul 20 03:00:12 Updated: tzdata-2022a-1.amzn2.noarch", clock);
        Assert.Equal(LogFormat.Yum, e.Format);
        Assert.Equal(new DateTimeOffset(2022, 7, 20, 3, 0, 12, Jst), e.Timestamp);
        Assert.Equal("Jul 20 03:00:12", e.StampText);
        Assert.Equal("yum", e.Program);
        Assert.Null(e.HostName);
        Assert.Null(e.ProcessId);
        Assert.Equal("Updated: tzdata-2022a-1.amzn2.noarch", e.Message);
        Assert.Equal(clock.YearlessBasis, e.TimeBasis);
        Assert.False(Format.StampsAreAbsolute);

        Assert.True(PackageLogLine.TryGetChange(e, out var change));
        Assert.Equal(PackageAction.Updated, change.Action);
        Assert.Equal("Updated", change.Verb);
        Assert.Equal("tzdata", change.Name);
        Assert.Equal(0, change.Epoch);
        Assert.Equal("2022a", change.Version);
        Assert.Equal("1.amzn2", change.Release);
        Assert.Equal("noarch", change.Arch);
        Assert.Equal("tzdata-2022a-1.amzn2.noarch", change.Package);
    }

    [Fact]
    public void EpochBeforeTheName()
    {
        var e = ParseOne(Format, "Jul 20 03:00:15 Updated: 1:openssl-libs-1.0.2k-24.amzn2.0.4.x86_64");
        Assert.True(PackageLogLine.TryGetChange(e, out var change));
        Assert.Equal("openssl-libs", change.Name);
        Assert.Equal(1, change.Epoch);
        Assert.Equal("1.0.2k", change.Version);
        Assert.Equal("24.amzn2.0.4", change.Release);
        Assert.Equal("x86_64", change.Arch);
    }

    [Theory]
    [InlineData("Jul 20 03:00:16 Installed: httpd-tools-2.4.54-1.amzn2.x86_64", PackageAction.Installed, false, "httpd-tools")]
    [InlineData("Jul 20 03:00:16 Dep-Installed: apr-util-1.6.1-5.amzn2.0.2.x86_64", PackageAction.Installed, true, "apr-util")]
    [InlineData("Jul 20 03:00:17 Erased: 1:mod_ssl-2.4.53-1.amzn2.x86_64", PackageAction.Erased, false, "mod_ssl")]
    [InlineData("Jul 20 03:00:17 Erased: httpd-manual", PackageAction.Erased, false, "httpd-manual")]
    [InlineData("Jul 20 03:00:17 Obsoleted: python-urlgrabber-3.10-9.amzn2.noarch", PackageAction.Replaced, false, "python-urlgrabber")]
    public void Verbs(string line, PackageAction action, bool dependency, string name)
    {
        var e = ParseOne(Format, line);
        Assert.True(PackageLogLine.TryGetChange(e, out var change));
        Assert.Equal(action, change.Action);
        Assert.Equal(dependency, change.IsDependency);
        Assert.Equal(name, change.Name);
    }

    [Fact]
    public void DecemberToJanuary()
    {
        var clock = Clock(new(2023, 1, 5, 0, 0, 0, Jst), new(2023, 1, 6, 0, 0, 0, Jst));
        var rows = ParseAll(Format, """
            Dec 28 03:00:10 Updated: kernel-tools-4.14.301-224.520.amzn2.x86_64
            Jan 04 03:00:11 Installed: kernel-4.14.302-225.521.amzn2.x86_64
            """, clock);
        Assert.Equal(2022, rows[0].Entry!.Timestamp.Year);
        Assert.Equal(2023, rows[1].Entry!.Timestamp.Year);
        Assert.Contains("year 2023", rows[1].Entry!.TimeBasis);
    }

    [Fact]
    public void ProbeBeatsSyslogOnYumLinesAndLeavesSyslogLinesAlone()
    {
        var syslog = new SyslogFormat();
        foreach (var line in new[]
        {
            "Jul 20 03:00:12 Updated: tzdata-2022a-1.amzn2.noarch",
            "Jul  2 03:00:12 Installed: httpd-tools-2.4.54-1.amzn2.x86_64",
            "Jul 20 03:00:12 Erased: httpd-manual",
            "Jul 20 03:00:12 Dep-Installed: apr-1.7.0-9.amzn2.x86_64",
        })
        {
            Assert.True(Format.Probe(Bytes(line)) > syslog.Probe(Bytes(line)), line);
            Assert.Equal(LogFormat.Yum, Best(line));
        }
        Assert.Equal(0, Format.Probe(Bytes("Jul 20 03:00:12 host sshd[1]: Updated: x")));
        Assert.Equal(0, Format.Probe(Bytes("Jul 20 03:00:12 Something: else")));
        Assert.Equal(LogFormat.Syslog, Best("Jul 20 03:00:14 host yum[161]: Updated: tzdata-2022a-1.amzn2.noarch"));
    }

    [Fact]
    public void YumLinesCopiedToSyslogAlsoGiveChanges()
    {
        var e = ParseOne(new SyslogFormat(), "Jul 20 03:00:14 ip-172-26-1-10 yum[161]: Updated: tzdata-2022a-1.amzn2.noarch");
        Assert.True(PackageLogLine.TryGetChange(e, out var change));
        Assert.Equal("tzdata", change.Name);
        var other = ParseOne(new SyslogFormat(), "Jul 20 03:00:14 ip-172-26-1-10 sshd[161]: Updated: tzdata-2022a-1.amzn2.noarch");
        Assert.False(PackageLogLine.TryGetChange(other, out _));
    }

    [Theory]
    [InlineData("Jul 20 03:00:12")]
    [InlineData("Jul 20 03:00:12 ")]
    [InlineData("Updated: tzdata-2022a-1.amzn2.noarch")]
    [InlineData("Jul 40 03:00:12 Updated: x")]
    public void MalformedLines(string line) => Assert.Equal(LineParseStatus.Malformed, Status(Format, line));
}
