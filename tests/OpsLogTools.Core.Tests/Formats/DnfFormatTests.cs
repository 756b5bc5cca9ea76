using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using Xunit;
using static OpsLogTools.Core.Tests.Formats.FormatTestKit;

namespace OpsLogTools.Core.Tests.Formats;

/// <summary>
/// Fixtures are hand-written after dnf's logging setup (dnf/logging.py: "%(asctime)s %(levelname)s %(message)s"
/// with an ISO date and numeric offset) and its rpm callback ("%s: %s" % (FILE_ACTIONS[action], package) at
/// SUBDEBUG into dnf.rpm.log), with Amazon Linux 2022 / Fedora package names.
/// </summary>
public class DnfFormatTests
{
    private static readonly DnfFormat Dnf = new();
    private static readonly DnfRpmFormat DnfRpm = new();

    private const string DnfLog = """
        2022-07-20T03:00:10+0000 INFO --- logging initialized ---
        2022-07-20T03:00:10+0000 DDEBUG timer: config: 3 ms
        2022-07-20T03:00:10+0000 DEBUG Loaded plugins: builddep, changelog, config-manager, download, versionlock
        2022-07-20T03:00:11+0000 DEBUG DNF version: 4.12.0
        2022-07-20T03:00:11+0000 DDEBUG Command: dnf -y upgrade
        2022-07-20T03:00:14+0000 INFO Dependencies resolved.
        2022-07-20T03:00:14+0000 INFO ================================================================================
         Package          Arch        Version                    Repository        Size
        ================================================================================
        Upgrading:
         tzdata           noarch      2022a-1.amzn2022           amazonlinux      433 k
        2022-07-20T03:00:20+0000 DDEBUG Cleaning up.
        """;

    private const string DnfRpmLog = """
        2022-07-20T03:00:15+0000 INFO --- logging initialized ---
        2022-07-20T03:00:16+0000 SUBDEBUG Upgrade: tzdata-2022a-1.amzn2022.noarch
        2022-07-20T03:00:16+0000 SUBDEBUG Upgraded: tzdata-2021e-1.amzn2022.noarch
        2022-07-20T03:00:17+0000 SUBDEBUG Installed: httpd-tools-2.4.54-1.amzn2022.x86_64
        2022-07-20T03:00:17+0000 SUBDEBUG Erase: mod_ssl-1:2.4.53-1.amzn2022.x86_64
        2022-07-20T03:00:18+0000 SUBDEBUG Cleanup: tzdata-2021e-1.amzn2022.noarch
        2022-07-20T03:00:18+0000 INFO warning: /etc/httpd/conf/httpd.conf created as /etc/httpd/conf/httpd.conf.rpmnew
        """;

    [Fact]
    public void DnfLogLines()
    {
        var rows = ParseAll(Dnf, DnfLog);
        Assert.All(rows, r => Assert.Equal(LineParseStatus.Parsed, r.Status));
        var loaded = rows[2].Entry!;
        Assert.Equal(LogFormat.Dnf, loaded.Format);
        Assert.Equal(new DateTimeOffset(2022, 7, 20, 3, 0, 10, TimeSpan.Zero), loaded.Timestamp);
        Assert.Equal("2022-07-20T03:00:10+0000", loaded.StampText);
        Assert.Equal("DEBUG", loaded.Level);
        Assert.Equal("dnf", loaded.Program);
        Assert.Equal("Loaded plugins: builddep, changelog, config-manager, download, versionlock", loaded.Message);
        Assert.Equal("written", loaded.TimeBasis);
        Assert.True(Dnf.StampsAreAbsolute);
    }

    [Fact]
    public void UnstampedLinesContinueTheLineAbove()
    {
        var rows = ParseAll(Dnf, DnfLog);
        var table = rows[7].Entry!;
        Assert.Equal(" Package          Arch        Version                    Repository        Size", table.Message);
        Assert.Equal(rows[6].Entry!.Timestamp, table.Timestamp);
        Assert.Equal("", table.StampText);
        Assert.Equal("INFO", table.Level);
        Assert.Equal("stamp carried from line 7", table.TimeBasis);
        Assert.Equal(11, rows[10].Entry!.LineNumber);
        Assert.Equal("stamp carried from line 7", rows[10].Entry!.TimeBasis);
        Assert.Equal("written", rows[11].Entry!.TimeBasis);
    }

    [Theory]
    [InlineData("2022-07-20T03:00:12Z INFO x", 0, 0)]
    [InlineData("2022-07-20T12:00:12+09:00 INFO x", 9, 0)]
    [InlineData("2022-07-19T23:00:12-0400 INFO x", -4, 0)]
    public void OffsetsAsWritten(string line, int hours, int minutes)
    {
        var e = ParseOne(Dnf, line);
        Assert.Equal(new TimeSpan(hours, minutes, 0), e.Timestamp.Offset);
        Assert.Equal(line[..line.IndexOf(' ')], e.StampText);
    }

    [Fact]
    public void DnfRpmLogGivesPackageChanges()
    {
        var rows = ParseAll(DnfRpm, DnfRpmLog);
        Assert.All(rows, r => Assert.Equal(LineParseStatus.Parsed, r.Status));
        Assert.All(rows, r => Assert.Equal(LogFormat.DnfRpm, r.Entry!.Format));
        Assert.Equal("SUBDEBUG", rows[1].Entry!.Level);
        Assert.Equal("Upgrade: tzdata-2022a-1.amzn2022.noarch", rows[1].Entry!.Message);

        var changes = rows.Select(r => PackageLogLine.TryGetChange(r.Entry!, out var c) ? c : null).ToList();
        Assert.Null(changes[0]);
        Assert.Null(changes[6]);
        Assert.Equal(
            [PackageAction.Updated, PackageAction.Replaced, PackageAction.Installed, PackageAction.Erased, PackageAction.Replaced],
            changes.Skip(1).Take(5).Select(c => c!.Action));
        Assert.Equal(("tzdata", "2022a", "1.amzn2022", "noarch"), (changes[1]!.Name, changes[1]!.Version, changes[1]!.Release, changes[1]!.Arch));
        Assert.Equal(("mod_ssl", 1, "2.4.53"), (changes[4]!.Name, changes[4]!.Epoch, changes[4]!.Version));
    }

    [Fact]
    public void RpmLinesReadAsDnfStillGiveChanges()
    {
        // If detection settles on Dnf for a dnf.rpm.log, update runs must still see the packages.
        var e = ParseOne(Dnf, "2022-07-20T03:00:16+0000 SUBDEBUG Upgrade: tzdata-2022a-1.amzn2022.noarch");
        Assert.True(PackageLogLine.TryGetChange(e, out var c));
        Assert.Equal(PackageAction.Updated, c.Action);
        var info = ParseOne(Dnf, "2022-07-20T03:00:16+0000 INFO Upgrade: tzdata-2022a-1.amzn2022.noarch");
        Assert.False(PackageLogLine.TryGetChange(info, out _));
    }

    [Fact]
    public void ProbeTellsTheTwoFilesApart()
    {
        Assert.Equal(LogFormat.DnfRpm, Best("2022-07-20T03:00:16+0000 SUBDEBUG Upgrade: tzdata-2022a-1.amzn2022.noarch"));
        Assert.Equal(LogFormat.DnfRpm, Best("2022-07-20T03:00:18+0000 SUBDEBUG Cleanup: tzdata-2021e-1.amzn2022.noarch"));
        Assert.Equal(LogFormat.Dnf, Best("2022-07-20T03:00:10+0000 DEBUG Loaded plugins: builddep"));
        Assert.Equal(LogFormat.Dnf, Best("2022-07-20T03:00:10+0000 DDEBUG Command: dnf -y upgrade"));
        Assert.Equal(LogFormat.DnfRpm, BestForFile(DnfRpmLog));
        Assert.Equal(LogFormat.Dnf, BestForFile(DnfLog));
        Assert.Equal(0, Dnf.Probe(Bytes("2022-07-20T03:00:10+0000 host sshd[1]: x")));
        Assert.Equal(0, DnfRpm.Probe(Bytes("Jul 20 03:00:12 Updated: tzdata-2022a-1.amzn2.noarch")));
    }

    [Fact]
    public void JapaneseAndInvalidUtf8()
    {
        Assert.Equal("警告: 設定ファイルを保存しました", ParseOne(DnfRpm, "2022-07-20T03:00:18+0900 INFO 警告: 設定ファイルを保存しました").Message);
        byte[] line = [.. Bytes("2022-07-20T03:00:18+0900 INFO "), 0xE3, 0x81, (byte)'!'];
        Assert.Equal("\\xe3\\x81!", ParseOne(Dnf, line).Message);
    }

    [Theory]
    [InlineData(" Package  Arch  Version")]
    [InlineData("Jul 20 03:00:12 Updated: tzdata-2022a-1.amzn2.noarch")]
    [InlineData("2022-07-20T03:00:12+0000 NOTALEVEL x")]
    [InlineData("2022-07-20T03:00:12+0000")]
    [InlineData("2022-07-20T03:00:12 INFO no offset")]
    public void MalformedAsFirstLine(string line)
    {
        Assert.Equal(LineParseStatus.Malformed, Status(Dnf, line));
        Assert.Equal(LineParseStatus.Malformed, Status(DnfRpm, line));
    }

    [Fact]
    public void StampedLineOfAnotherShapeOrNulRunIsNotAContinuation()
    {
        var parser = Parser(Dnf);
        Assert.Equal(LineParseStatus.Parsed, parser.TryParse(Bytes("2022-07-20T03:00:12+0000 INFO x"), 1, out _));
        Assert.Equal(LineParseStatus.Malformed, parser.TryParse(Bytes("2022-07-20T03:00:13+0000 host sshd[1]: y"), 2, out _));
        Assert.Equal(LineParseStatus.Malformed, parser.TryParse(new byte[16], 3, out _));
        Assert.Equal(LineParseStatus.Ignored, parser.TryParse(default, 4, out _));
        Assert.Equal(LineParseStatus.Parsed, parser.TryParse(Bytes("continued"), 5, out var e));
        Assert.Equal("stamp carried from line 1", e!.TimeBasis);
    }
}
