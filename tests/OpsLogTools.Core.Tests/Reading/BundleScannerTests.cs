using System.Text;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

public class BundleScannerTests
{
    // Fixtures are hand-written in the shape of the seed host's files (rsyslog traditional lines, an ISO-stamped
    // access log, a CloudFront-style gzip with #Fields, a root crontab).
    private const string Messages = """
        Jul 19 21:10:03 ip-172-26-1-10 systemd[1]: Started Session 12 of user ec2-user.
        Jul 19 21:10:05 ip-172-26-1-10 dhclient[2811]: XMT: Solicit on eth0, interval 112490ms.
        Jul 19 21:11:01 ip-172-26-1-10 CROND[3120]: (root) CMD (/usr/lib64/sa/sa1 1 1)

        """;

    private const string Access = """
        2022-07-19T21:10:03+09:00 130.176.1.5 GET /wp-login.php 404
        2022-07-19T21:10:04+09:00 130.176.1.6 GET / 200
        """;

    private const string CloudFront = "#Version: 1.0\n#Fields: date time x-edge-location c-ip\n2022-07-19\t12:10:03\tNRT57-P2 198.51.100.7\n";

    private const string Crontab = """
        SHELL=/bin/bash
        PATH=/sbin:/bin:/usr/sbin:/usr/bin
        # nightly update
        0 3 * * * root yum -y update
        */5 * * * * root /usr/local/bin/backup.sh
        """;

    private static (IReadOnlyList<LogFile> Files, CollectingDiagnostics Diagnostics) Scan(IReadOnlyList<string> paths, LogFormat? format = null,
        IReadOnlyList<ILogFormat>? formats = null)
    {
        var diagnostics = new CollectingDiagnostics();
        var files = new BundleScanner(formats ?? TestFormats.All).Scan(paths, format, null, diagnostics);
        return (files, diagnostics);
    }

    [Fact]
    public void DirectoryIsReadRecursivelyAndNonLogsArePassedOver()
    {
        using var b = new TempBundle();
        b.Write("messages", Messages);
        b.Write("httpd/access_log", Access);
        b.WriteGzip("cloudfront/E2ABC.2022-07-19-12.abcd1234.gz", null, CloudFront);
        b.WriteGzip("looks-like-text.txt", null, Messages); // gzip by content, whatever the name
        b.Write("crontab", Crontab);
        var rng = new Random(3);
        var binary = new byte[4096];
        rng.NextBytes(binary);
        b.WriteBytes("bin/core.1234", binary);
        b.Write("empty.log", "");
        b.Write("blank", "\n\n   \n");

        var (files, diagnostics) = Scan([b.Root]);

        Assert.Equal(
            [("cloudfront/E2ABC.2022-07-19-12.abcd1234.gz", LogFormat.CloudFront, true), ("httpd/access_log", LogFormat.SyslogIso, false),
             ("looks-like-text.txt", LogFormat.Syslog, true), ("messages", LogFormat.Syslog, false)],
            files.Select(f => (f.DisplayName, f.Format.Format, f.IsGzip)));
        Assert.All(files, f => Assert.True(Path.IsPathFullyQualified(f.Path)));
        Assert.Contains(diagnostics.VerboseLines, v => v.StartsWith("passed over crontab: not a recognised log", StringComparison.Ordinal));
        Assert.Contains(diagnostics.VerboseLines, v => v.StartsWith("passed over bin/core.1234: binary", StringComparison.Ordinal));
        Assert.Contains(diagnostics.VerboseLines, v => v.StartsWith("passed over empty.log: empty", StringComparison.Ordinal));
        Assert.Contains(diagnostics.VerboseLines, v => v.StartsWith("passed over blank: empty", StringComparison.Ordinal));
        Assert.Contains(diagnostics.VerboseLines, v => v.StartsWith("detected httpd/access_log as SyslogIso", StringComparison.Ordinal));
        Assert.Empty(diagnostics.Errors);
        Assert.Empty(diagnostics.Warnings);
    }

    [Theory]
    [InlineData(8, 12, false)]
    [InlineData(10, 10, false)]
    [InlineData(11, 9, true)]
    [InlineData(19, 1, true)]
    public void AClearMajorityOfSampledLinesMustMatch(int good, int junk, bool recognised)
    {
        var rng = new Random(good * 100 + junk);
        var lines = Enumerable.Repeat(true, good).Concat(Enumerable.Repeat(false, junk)).OrderBy(_ => rng.Next())
            .Select((g, i) => g ? $"Jul 19 21:{i:00}:03 host prog[1]: fine" : $"   at Some.Stack.Frame{i}() in frame.cs:line {i}");
        using var b = new TempBundle();
        b.Write("app.log", string.Join("\n", lines) + "\n" + string.Concat(Enumerable.Repeat("Jul 19 22:00:00 later lines are not sampled\n", 30)));
        var (files, diagnostics) = Scan([b.Root]);
        Assert.Equal(recognised, files.Count == 1);
        if (!recognised)
        {
            Assert.Contains(diagnostics.VerboseLines, v => v.Contains($"closest: Syslog, {good} of 20", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void TheMostSpecificFormatWins()
    {
        using var b = new TempBundle();
        string path = b.Write("messages", Messages);
        var (files, _) = Scan([path], formats: [new AnythingFormat(), new YearlessTestFormat()]);
        Assert.Equal(LogFormat.Syslog, Assert.Single(files).Format.Format);
    }

    [Fact]
    public void FormatOverrideTakesNamedFilesAsToldButStillChecksDirectoryFiles()
    {
        using var b = new TempBundle();
        string odd = b.Write("odd", "nothing here looks like a stamp\n");
        b.Write("dir/messages", Messages);
        b.Write("dir/crontab", Crontab);
        var (files, diagnostics) = Scan([odd, b.PathOf("dir")], LogFormat.Syslog);
        Assert.Equal(["odd", "messages"], files.Select(f => Path.GetFileName(f.Path)));
        Assert.All(files, f => Assert.Equal(LogFormat.Syslog, f.Format.Format));
        Assert.Contains(diagnostics.VerboseLines, v => v.StartsWith("passed over crontab: none of its first lines is Syslog", StringComparison.Ordinal));
    }

    [Fact]
    public void OverrideWithAnUnregisteredFormatIsRefused()
    {
        var scanner = new BundleScanner([new YearlessTestFormat()]);
        Assert.Throws<ArgumentException>(() => scanner.Scan(["/nonexistent"], LogFormat.NginxError, null, NullDiagnostics.Instance));
    }

    [Fact]
    public void MissingPathsAreReportedAndTheRestIsScanned()
    {
        using var b = new TempBundle();
        string good = b.Write("messages", Messages);
        var (files, diagnostics) = Scan([b.PathOf("nope"), good, b.PathOf("nodir/x"), "bad\0path"]);
        Assert.Single(files);
        Assert.Equal(3, diagnostics.Errors.Count(e => e.ErrorId == ErrorIds.FileNotFound));
    }

    [Fact]
    public void CorruptGzipIsReportedAtScan()
    {
        using var b = new TempBundle();
        byte[] gz = TempBundle.Gzip(Messages);
        gz[3] = 0xFF;
        string path = b.WriteBytes("messages-20220710.gz", gz);
        var (files, diagnostics) = Scan([b.Root]);
        Assert.Empty(files);
        Assert.Equal(ErrorIds.CorruptGzip, Assert.Single(diagnostics.Errors).ErrorId);
        Assert.Equal(path, diagnostics.Errors[0].Path);
    }

    // A gzip is probed for record formats (a gzipped journal) from the scan's own opening, and the bytes probed are
    // handed back to the sample of lines with the failure that stopped them, if any, at the same place. The oracle: a
    // scanner that knows no record format samples straight from the opening. Cut and damaged at many places in its head
    // (where the probe reads) and past it, the gzip must be scanned alike: same files, errors, warnings and verbose lines.
    [Fact]
    public void AGzipProbedForRecordsIsScannedAsOneSampledStraight()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 400; i++) text.Append(System.Globalization.CultureInfo.InvariantCulture, $"Jul 19 21:{i / 60 % 60:D2}:{i % 60:D2} ip-172-26-1-10 sshd[{1000 + i}]: Accepted publickey for ec2-user from 203.0.113.{i % 250} port {40000 + i}\n");
        byte[] gz = TempBundle.Gzip(text.ToString());
        var lineFormats = FormatRegistry.All.Where(f => f is not IRecordFormat).ToList();
        Assert.NotEqual(FormatRegistry.All.Count, lineFormats.Count);
        var cases = new List<(string Name, byte[] Bytes)>();
        foreach (int keep in Enumerable.Range(1, 60).Concat(Enumerable.Range(6, 60).Select(i => i * 23)).Where(k => k < gz.Length)) cases.Add(($"cut {keep}", gz[..keep]));
        foreach (int at in new[] { 3, 9, 12, 20, 40, 100, 300, 700, 1100 }.Where(a => a < gz.Length))
        {
            byte[] damaged = (byte[])gz.Clone();
            damaged[at] ^= 0x5A;
            cases.Add(($"damaged at {at}", damaged));
        }
        cases.Add(("whole", gz));
        foreach (var (name, bytes) in cases)
        {
            using var b = new TempBundle();
            string path = b.WriteBytes("secure-20220710.gz", bytes);
            var (probed, probedLog) = Scan([b.Root], formats: FormatRegistry.All);
            var (straight, straightLog) = Scan([b.Root], formats: lineFormats);
            Assert.True(straight.Select(f => (f.Path, f.Format.Format)).SequenceEqual(probed.Select(f => (f.Path, f.Format.Format))), name);
            Assert.True(straightLog.Errors.SequenceEqual(probedLog.Errors), $"{name}: {string.Join("; ", probedLog.Errors)} vs {string.Join("; ", straightLog.Errors)}");
            Assert.True(straightLog.Warnings.SequenceEqual(probedLog.Warnings), name);
            Assert.True(straightLog.VerboseLines.SequenceEqual(probedLog.VerboseLines), $"{name}: {string.Join("; ", probedLog.VerboseLines)} vs {string.Join("; ", straightLog.VerboseLines)}");
        }
    }

    [Fact]
    public void NulRunsAtTheStartDoNotHideALog()
    {
        using var b = new TempBundle();
        b.WriteBytes("messages", [.. new byte[3000], .. Encoding.UTF8.GetBytes(Messages)]);
        var (files, _) = Scan([b.Root]);
        Assert.Equal(LogFormat.Syslog, Assert.Single(files).Format.Format);
    }

    [Fact]
    public void DuplicatePathsAreScannedOnce()
    {
        using var b = new TempBundle();
        string path = b.Write("messages", Messages);
        var (files, _) = Scan([path, b.Root, path]);
        Assert.Single(files);
    }

    [Fact]
    public void DetectWorksOnAStream()
    {
        var scanner = new BundleScanner(TestFormats.All);
        var format = scanner.Detect(new MemoryStream(Encoding.UTF8.GetBytes(Access)), null, out string reason);
        Assert.Equal(LogFormat.SyslogIso, format?.Format);
        Assert.Contains("2 of 2", reason);
        Assert.Null(scanner.Detect(new MemoryStream(Encoding.UTF8.GetBytes(Crontab)), null, out reason));
        Assert.Contains("not a recognised log", reason);
    }

    /// <summary>Matches any line, weakly: a more specific format must beat it.</summary>
    private sealed class AnythingFormat : ILogFormat
    {
        public LogFormat Format => LogFormat.JournalShortIso;
        public bool StampsAreAbsolute => true;
        public int Probe(ReadOnlySpan<byte> line) => 1;
        public ILineParser CreateParser(ParserContext context) => throw new NotSupportedException();
    }
}
