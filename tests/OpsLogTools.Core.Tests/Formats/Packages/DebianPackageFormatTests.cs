using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using Xunit;
using static OpsLogTools.Core.Tests.Formats.FormatTestKit;

namespace OpsLogTools.Core.Tests.Formats.Packages;

/// <summary>
/// The Debian package logs, line by line. Fixtures are written here in the shapes Debian 12's tools write them:
/// dpkg 1.21 (src/main/log.c: <c>%Y-%m-%d %H:%M:%S</c> then the body), apt 2.6 (apt-pkg/deb/dpkgpm.cc: history.log and
/// term.log records with <c>%F  %T</c>), unattended-upgrades 2.9 (Python logging, <c>%(asctime)s %(levelname)s %(message)s</c>).
/// </summary>
public sealed class DebianPackageFormatTests
{
    private static readonly TimeSpan Berlin = TimeSpan.FromHours(1);

    private static OpsLogTools.Core.Reading.StampClock WinterClock() =>
        Clock(new(2024, 1, 1, 0, 0, 0, Berlin), new(2024, 2, 1, 0, 0, 0, Berlin), Berlin);

    [Theory]
    [InlineData("2024-01-10 06:25:30 upgrade tzdata:all 2023c-5+deb12u1 2024a-0+deb12u1", LogFormat.Dpkg)]
    [InlineData("2024-01-10 06:25:30 status installed tzdata:all 2024a-0+deb12u1", LogFormat.Dpkg)]
    [InlineData("Start-Date: 2024-01-10  06:25:14", LogFormat.AptHistory)]
    [InlineData("Commandline: /usr/bin/unattended-upgrade", LogFormat.AptHistory)]
    [InlineData("Log started: 2024-01-10  06:25:14", LogFormat.AptTerm)]
    [InlineData("Setting up tzdata (2024a-0+deb12u1) ...", LogFormat.AptTerm)]
    [InlineData("2024-01-10 06:25:12,513 INFO Starting unattended upgrades script", LogFormat.UnattendedUpgrades)]
    [InlineData("update-alternatives 2024-01-10 06:25:31: run with --install /usr/bin/editor editor /usr/bin/vim.basic 30", LogFormat.Alternatives)]
    public void Each_line_is_claimed_by_its_own_format_first(string line, LogFormat expected)
    {
        var bytes = Bytes(line);
        var best = FormatRegistry.All.OrderByDescending(f => f.Probe(bytes)).First();
        Assert.True(best.Probe(bytes) > 0);
        Assert.Equal(expected, best.Format);
    }

    [Theory]
    [InlineData("2024-01-10T06:25:30+01:00 host sshd[1]: x")]
    [InlineData("Jan 10 06:25:30 host sshd[1]: upgrade tzdata:all 1 2")]
    [InlineData("2024-13-10 06:25:30 upgrade tzdata:all 1 2")]
    [InlineData("2024-01-10 06:25:30 unpacked tzdata:all 1 2")]
    [InlineData("Start-Date: 2024-02-30  06:25:14")]
    public void Other_lines_are_not_claimed_by_the_package_formats(string line)
    {
        var bytes = Bytes(line);
        Assert.All(PackageFormats.All, f => Assert.Equal(0, f.Probe(bytes)));
    }

    [Fact]
    public void Dpkg_lines_read_in_local_time_with_their_year()
    {
        var e = ParseOne(new DpkgFormat(), "2024-01-10 06:25:30 upgrade tzdata:all 2023c-5+deb12u1 2024a-0+deb12u1", WinterClock());
        Assert.Equal(new DateTimeOffset(2024, 1, 10, 6, 25, 30, Berlin), e.Timestamp);
        Assert.Equal(("2024-01-10 06:25:30", "dpkg", "upgrade tzdata:all 2023c-5+deb12u1 2024a-0+deb12u1"), (e.StampText, e.Program, e.Message));
        Assert.StartsWith("zone ", e.TimeBasis);
        Assert.True(DebPackage.TryParseDpkgAction(e.Message, out var c));
        Assert.Equal((PackageAction.Updated, "tzdata", "all", "2023c-5+deb12u1", "2024a", "0+deb12u1"), (c.Action, c.Name, c.Arch, c.FromVersion, c.Version, c.Release));
    }

    [Theory]
    [InlineData("install nginx:amd64 <none> 1.22.1-9", PackageAction.Installed, "", "1.22.1")]
    [InlineData("install nginx:amd64 1.22.1-8 1.22.1-9", PackageAction.Updated, "1.22.1-8", "1.22.1")]
    [InlineData("install nginx:amd64 1.22.1-9 1.22.1-9", PackageAction.Reinstalled, "1.22.1-9", "1.22.1")]
    [InlineData("remove nginx:amd64 1.22.1-9 <none>", PackageAction.Erased, "", "1.22.1")]
    [InlineData("purge nginx:amd64 1.22.1-9 <none>", PackageAction.Erased, "", "1.22.1")]
    [InlineData("upgrade libc6:amd64 2.36-9+deb12u3 2.36-9+deb12u4", PackageAction.Updated, "2.36-9+deb12u3", "2.36")]
    public void Dpkg_actions_give_changes_with_from_and_to(string body, PackageAction action, string from, string version)
    {
        Assert.True(DebPackage.TryParseDpkgAction(body, out var c));
        Assert.Equal((action, from, version), (c.Action, c.FromVersion, c.Version));
    }

    [Theory]
    [InlineData("configure nginx:amd64 1.22.1-9 <none>")]
    [InlineData("trigproc man-db:amd64 2.11.2-2 <none>")]
    [InlineData("status installed nginx:amd64 1.22.1-9")]
    [InlineData("startup packages configure")]
    [InlineData("upgrade nginx:amd64 1.22.1-8")]
    public void Dpkg_lines_that_change_nothing_are_not_changes(string body) =>
        Assert.False(DebPackage.TryParseDpkgAction(body, out _));

    [Fact]
    public void Apt_history_gives_one_entry_per_record_at_its_end_date()
    {
        const string text = """
            Start-Date: 2024-01-10  06:25:14
            Commandline: /usr/bin/unattended-upgrade
            Upgrade: tzdata:all (2023c-5+deb12u1, 2024a-0+deb12u1), libc6:amd64 (2.36-9+deb12u3, 2.36-9+deb12u4)
            End-Date: 2024-01-10  06:25:40

            Start-Date: 2024-01-10  14:02:01
            Commandline: apt install nginx
            Requested-By: alice (1000)
            Install: nginx:amd64 (1.22.1-9), nginx-common:amd64 (1.22.1-9, automatic)
            End-Date: 2024-01-10  14:02:09
            """;
        var results = ParseAll(new AptHistoryFormat(), text, WinterClock());
        var entries = results.Where(r => r.Status == LineParseStatus.Parsed).Select(r => Assert.IsType<AptHistoryEntry>(r.Entry)).ToList();
        Assert.Equal(2, entries.Count);
        Assert.DoesNotContain(results, r => r.Status == LineParseStatus.Malformed);
        var (u, m) = (entries[0], entries[1]);
        Assert.Equal(new DateTimeOffset(2024, 1, 10, 6, 25, 14, Berlin), u.Timestamp);
        Assert.Equal(new DateTimeOffset(2024, 1, 10, 6, 25, 40, Berlin), u.End);
        Assert.Equal(("/usr/bin/unattended-upgrade", null), (u.CommandLine, u.User));
        Assert.Equal(["tzdata 2023c-5+deb12u1 -> 2024a", "libc6 2.36-9+deb12u3 -> 2.36"], u.Packages.Select(p => $"{p.Name} {p.FromVersion} -> {p.Version}"));
        Assert.Equal((6L, 10L), (m.LineNumber, m.EndLine));
        Assert.Equal(("apt install nginx", "alice (1000)", "alice"), (m.CommandLine, m.RequestedBy, m.User));
        Assert.Equal([false, true], m.Packages.Select(p => p.IsDependency));
    }

    [Fact]
    public void An_apt_record_without_end_date_is_handed_over_by_the_next_record_and_at_the_end()
    {
        const string text = """
            Start-Date: 2024-01-10  06:25:14
            Commandline: apt-get upgrade
            Upgrade: tzdata:all (2023c-5+deb12u1, 2024a-0+deb12u1)
            Start-Date: 2024-01-10  07:00:00
            Commandline: apt-get install vim
            Install: vim:amd64 (2:9.0.1378-2)
            """;
        var parser = (IRecordLineParser)Parser(new AptHistoryFormat(), WinterClock());
        var got = new List<AptHistoryEntry>();
        long n = 0;
        foreach (var line in text.Split('\n'))
            if (parser.TryParse(Bytes(line), ++n, out var e) == LineParseStatus.Parsed) got.Add((AptHistoryEntry)e!);
        Assert.Single(got);
        Assert.True(parser.TryFinish(out var last));
        Assert.False(parser.TryFinish(out _));
        got.Add((AptHistoryEntry)last!);
        Assert.All(got, e => Assert.Null(e.End));
        Assert.Equal([(1L, 3L), (4L, 6L)], got.Select(e => (e.LineNumber, e.EndLine)));
        var vim = Assert.Single(got[1].Packages);
        Assert.Equal((2, "9.0.1378", "2"), (vim.Epoch, vim.Version, vim.Release));
    }

    [Fact]
    public void Apt_history_lines_outside_a_record_and_unreadable_lists_are_malformed()
    {
        Assert.Equal(LineParseStatus.Malformed, Status(new AptHistoryFormat(), "Install: vim:amd64 (2:9.0.1378-2)"));
        const string text = """
            Start-Date: 2024-01-10  06:25:14
            Install: vim:amd64 2:9.0.1378-2
            End-Date: 2024-01-10  06:25:20
            """;
        var results = ParseAll(new AptHistoryFormat(), text, WinterClock());
        Assert.Equal([LineParseStatus.Ignored, LineParseStatus.Malformed, LineParseStatus.Parsed], results.Select(r => r.Status));
        var e = (AptHistoryEntry)results[2].Entry!;
        Assert.Empty(e.Packages);
        Assert.Equal("Install: vim:amd64 2:9.0.1378-2", e.Message);
    }

    [Fact]
    public void Term_log_lines_carry_the_stamp_of_their_log_started()
    {
        const string text = """
            Log started: 2024-01-10  06:25:20
            Preparing to unpack .../tzdata_2024a-0+deb12u1_all.deb ...
            Setting up tzdata (2024a-0+deb12u1) ...
            Log ended: 2024-01-10  06:25:39
            """;
        var results = ParseAll(new AptTermFormat(), text, WinterClock());
        Assert.All(results, r => Assert.Equal(LineParseStatus.Parsed, r.Status));
        var e = results.Select(r => r.Entry!).ToList();
        Assert.Equal(new DateTimeOffset(2024, 1, 10, 6, 25, 20, Berlin), e[2].Timestamp);
        Assert.Equal("", e[2].StampText);
        Assert.StartsWith("stamp carried from line 1", e[2].TimeBasis);
        Assert.Equal(("Log ended", new DateTimeOffset(2024, 1, 10, 6, 25, 39, Berlin)), (e[3].Message, e[3].Timestamp));
        Assert.Equal(LineParseStatus.Malformed, Status(new AptTermFormat(), "Setting up tzdata (2024a-0+deb12u1) ..."));
    }

    [Fact]
    public void Unattended_upgrades_lines_have_milliseconds_level_and_continuations()
    {
        const string text = """
            2024-01-10 06:25:12,513 INFO Starting unattended upgrades script
            2024-01-10 06:25:13,020 INFO Packages that will be upgraded: libc6 tzdata
            2024-01-10 06:25:40,200 ERROR Installing the upgrades failed!
            Traceback (most recent call last):
            """;
        var results = ParseAll(new UnattendedUpgradesFormat(), text, WinterClock());
        Assert.All(results, r => Assert.Equal(LineParseStatus.Parsed, r.Status));
        var e = results.Select(r => r.Entry!).ToList();
        Assert.Equal(new DateTimeOffset(2024, 1, 10, 6, 25, 12, 513, Berlin), e[0].Timestamp);
        Assert.Equal(("INFO", "unattended-upgrade", "Packages that will be upgraded: libc6 tzdata"), (e[1].Level, e[1].Program, e[1].Message));
        Assert.Equal((e[2].Timestamp, "ERROR", ""), (e[3].Timestamp, e[3].Level, e[3].StampText));
    }

    [Fact]
    public void Alternatives_lines_read()
    {
        var e = ParseOne(new AlternativesFormat(), "update-alternatives 2024-01-10 06:25:31: run with --install /usr/bin/editor editor /usr/bin/vim.basic 30", WinterClock());
        Assert.Equal((new DateTimeOffset(2024, 1, 10, 6, 25, 31, Berlin), "update-alternatives", "run with --install /usr/bin/editor editor /usr/bin/vim.basic 30"),
            (e.Timestamp, e.Program, e.Message));
    }
}
