using System.IO.Compression;
using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

/// <summary>
/// Damage is never silent (issue 13): a .gz that inflates to nothing but NUL bytes was passed over as "empty" in a
/// verbose line, and named directly gave nothing at all. Now it is a warning naming the file and how much was
/// inflated, and a damaged file for a Corruption finding; and only the sample limit is inflated, however big the
/// bomb. Fixtures: NULs and blank lines gzipped here (a 64 MiB run compresses to 64 KB).
/// </summary>
public class NoTextContentTests
{
    private const string Messages = "Jul 19 21:10:03 ip-172-26-1-10 systemd[1]: Started Session 12 of user ec2-user.\n";

    private static byte[] GzipOf(byte[] content)
    {
        var m = new MemoryStream();
        using (var g = new GZipStream(m, CompressionLevel.Optimal, leaveOpen: true)) g.Write(content);
        return m.ToArray();
    }

    private static (IReadOnlyList<LogFile> Files, CollectingDiagnostics Diagnostics, BundleScanner Scanner) Scan(long limit, params string[] paths)
    {
        var diagnostics = new CollectingDiagnostics();
        var scanner = new BundleScanner(TestFormats.All) { SampleReadLimit = limit };
        return (scanner.Scan(paths, null, null, diagnostics), diagnostics, scanner);
    }

    [Fact]
    public void GzipOfNulsInADirectoryIsAWarningAndADamagedFileAndOnlyTheLimitIsInflated()
    {
        using var b = new TempBundle();
        b.Write("messages", Messages);
        string bomb = b.WriteBytes("messages-20220717.gz", GzipOf(new byte[1 << 20]));

        var (files, diagnostics, scanner) = Scan(64 << 10, b.Root);

        Assert.Equal(["messages"], files.Select(f => f.DisplayName));
        var warning = Assert.Single(diagnostics.Warnings);
        Assert.Equal(bomb, warning.Path);
        Assert.Equal($"{bomb}: no log lines: its first 65,536 bytes (decompressed; not read further) are NUL bytes, a sign of damage (a crash while it was written, or a file filled with zeros); passed over", warning.Message);
        var damaged = Assert.Single(scanner.DamagedFiles);
        Assert.Equal(bomb, damaged.Path);
        var range = Assert.Single(damaged.Damage);
        // Counted, not timed: exactly the limit was inflated and looked at, not the 1 MiB the file holds.
        Assert.Equal((DamageKind.NulBytes, 65_536L), (range.Kind, range.Bytes));
        Assert.Equal(65_536L, damaged.NulBytes);
        Assert.Contains("65,536 bytes", range.Note);
        Assert.Empty(diagnostics.Errors);
    }

    [Fact]
    public void ABigNulBombCostsTheDefaultSampleLimitOnly()
    {
        // 64 MiB of NULs stands in for the 10 GB one: what matters is that the work stops at the limit.
        using var b = new TempBundle();
        string bomb = b.WriteBytes("x.gz", GzipOf(new byte[64 << 20]));
        var (_, diagnostics, scanner) = Scan(BundleScanner.DefaultSampleReadLimit, bomb);
        Assert.Contains($"its first {BundleScanner.DefaultSampleReadLimit:N0} bytes (decompressed; not read further) are NUL bytes", Assert.Single(diagnostics.Warnings).Message);
        Assert.Equal(BundleScanner.DefaultSampleReadLimit, Assert.Single(scanner.DamagedFiles).NulBytes);
    }

    [Fact]
    public void NamedDirectlyItIsReportedAndTheReaderKeepsItsReport()
    {
        using var b = new TempBundle();
        string bomb = b.WriteBytes("x.gz", GzipOf([.. new byte[5000], (byte)'\n', .. new byte[3000], (byte)'\n']));
        var diagnostics = new CollectingDiagnostics();
        var reader = new LogReader(TestFormats.All);

        var entries = reader.Read([bomb], new LogReadOptions { Format = LogFormat.Syslog }, diagnostics).ToList();

        Assert.Empty(entries);
        Assert.Contains("all 8,002 bytes (decompressed) are NUL bytes (8,000) and blank lines", Assert.Single(diagnostics.Warnings).Message);
        var report = Assert.Single(reader.Reports);
        Assert.Equal((bomb, LogFormat.Unknown, 8_000L), (report.Path, report.Format, report.NulBytes));
        Assert.Equal((DamageKind.NulBytes, 1L, 2L), (report.Damage[0].Kind, report.Damage[0].FirstLine, report.Damage[0].LastLine));
    }

    [Fact]
    public void PlainFileOfNulsIsReportedToo()
    {
        using var b = new TempBundle();
        string path = b.WriteBytes("messages", new byte[4096]);
        var (_, diagnostics, scanner) = Scan(BundleScanner.DefaultSampleReadLimit, path);
        Assert.Contains("all 4,096 bytes (read) are NUL bytes", Assert.Single(diagnostics.Warnings).Message);
        Assert.Single(scanner.DamagedFiles);
    }

    [Fact]
    public void BlankOrEmptyGzipIsNoDamage()
    {
        // An emptied log (echo > file leaves a line feed) rotated and gzipped, or an empty one (logrotate's ifempty,
        // the default): no damage, a verbose line as for any empty file.
        using var b = new TempBundle();
        b.WriteBytes("blank.gz", GzipOf("\n\n  \n\t\n"u8.ToArray()));
        b.WriteBytes("empty.gz", GzipOf([]));
        var (files, diagnostics, scanner) = Scan(BundleScanner.DefaultSampleReadLimit, b.Root);
        Assert.Empty(files);
        Assert.Empty(diagnostics.Warnings);
        Assert.Empty(scanner.DamagedFiles);
        Assert.Contains(diagnostics.VerboseLines, v => v.StartsWith("passed over blank.gz: empty", StringComparison.Ordinal));
        Assert.Contains(diagnostics.VerboseLines, v => v.StartsWith("passed over empty.gz: empty", StringComparison.Ordinal));
    }

    [Fact]
    public void ItBecomesACorruptionFindingNamingTheFileAndTheBytes()
    {
        using var b = new TempBundle();
        var mtime = new DateTimeOffset(2022, 7, 17, 3, 10, 0, TimeSpan.Zero);
        string bomb = b.WriteBytes("messages-20220717.gz", GzipOf(new byte[100_000]), mtime);
        var reader = new LogReader(TestFormats.All);
        var scan = new AnomalyScan();
        foreach (var e in reader.Read([b.Root], new LogReadOptions(), new CollectingDiagnostics())) scan.Add(e);
        foreach (var report in reader.Reports)
        {
            foreach (var d in report.Damage)
            {
                // As Get-LogAnomaly and Export-OpsReport hand the reader's damage on.
                scan.AddDamage(new FileDamage { Path = report.Path, FirstLine = d.FirstLine, LastLine = d.LastLine, Kind = d.Kind, Bytes = d.Bytes, FileLastWriteTime = report.LastWriteTime, Note = d.Note });
            }
        }

        var finding = Assert.Single(scan.Detect(), a => a.Kind == AnomalyKind.Corruption);
        Assert.Equal(bomb, finding.Path);
        Assert.Contains("100000 NUL byte(s)", finding.Summary);
        Assert.Contains(finding.Evidence, e => e.Contains("all 100,000 bytes (decompressed) are NUL bytes", StringComparison.Ordinal));
        Assert.Equal((mtime, mtime), (finding.Start, finding.End));
    }
}
