using System.Globalization;
using System.Text;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

public class LogReaderTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly DateTimeOffset CopiedAt = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private sealed record Run(List<LogEntry> Entries, CollectingDiagnostics Diagnostics, IReadOnlyList<FileReadReport> Reports);

    private static Run Read(IReadOnlyList<string> paths, LogReadOptions? options = null, IReadOnlyList<ILogFormat>? formats = null)
    {
        var reader = new LogReader(formats ?? TestFormats.All);
        var diagnostics = new CollectingDiagnostics();
        var entries = reader.Read(paths, options ?? new LogReadOptions(), diagnostics).ToList();
        // The run's one warning that a year or zone is guessed is TimeEvidenceTests' subject; these count damage.
        diagnostics.Warnings.RemoveAll(w => w.Message.Contains("so these are guesses", StringComparison.Ordinal));
        return new Run(entries, diagnostics, reader.Reports);
    }

    /// <summary>rsyslog-style yearless lines (no host/prog detail needed by the test format).</summary>
    private static string Syslog(DateTime start, TimeSpan step, int count, string tag = "prog")
    {
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            var t = start + step * i;
            sb.Append(t.ToString("MMM", CultureInfo.InvariantCulture)).Append(' ').Append(t.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2))
              .Append(t.ToString(" HH:mm:ss", CultureInfo.InvariantCulture)).Append(" host ").Append(tag).Append(": line ").Append(i).Append('\n');
        }
        return sb.ToString();
    }

    private static string IsoLog(DateTimeOffset start, TimeSpan step, int count)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++) sb.Append((start + step * i).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)).Append(" GET /").Append(i).Append('\n');
        return sb.ToString();
    }

    [Theory]
    [InlineData(2022, 9.0)]
    [InlineData(2019, -5.0)]
    [InlineData(2024, 5.5)]
    public void YearlessLinesTakeYearAndZoneFromTheBundle(int year, double offsetHours)
    {
        var offset = TimeSpan.FromHours(offsetHours);
        using var b = new TempBundle();
        b.Write("httpd/access_log", IsoLog(new DateTimeOffset(year, 7, 19, 0, 0, 0, offset), TimeSpan.FromMinutes(10), 150), CopiedAt);
        b.Write("messages", Syslog(new DateTime(year, 7, 19, 21, 10, 3), TimeSpan.FromSeconds(30), 20), CopiedAt);

        var run = Read([b.Root], new LogReadOptions { LocalZone = TimeZoneInfo.Utc });

        var syslog = run.Entries.Where(e => e.Format == LogFormat.Syslog).ToList();
        Assert.Equal(20, syslog.Count);
        Assert.Equal(new DateTimeOffset(year, 7, 19, 21, 10, 3, offset), syslog[0].Timestamp);
        Assert.Equal(TimeSpan.FromSeconds(30 * 19), syslog[^1].Timestamp - syslog[0].Timestamp);
        Assert.Equal($"year {year} from bundle (httpd/access_log); zone {TimeReference.FormatOffset(offset)} from bundle (httpd/access_log)", syslog[0].TimeBasis);
        var report = run.Reports.Single(r => r.DisplayName == "messages");
        Assert.Equal(syslog[0].TimeBasis, report.TimeBasis);
        Assert.Equal("written", run.Reports.Single(r => r.DisplayName == "httpd/access_log").TimeBasis);
        Assert.Empty(run.Diagnostics.Warnings);
    }

    [Fact]
    public void WithoutABundleTheMtimeAndLocalZoneDecide()
    {
        using var b = new TempBundle();
        b.Write("messages", Syslog(new DateTime(2023, 1, 30, 8, 0, 0), TimeSpan.FromMinutes(1), 3), new DateTimeOffset(2023, 2, 1, 0, 0, 0, TimeSpan.Zero));
        var run = Read([b.Root], new LogReadOptions { LocalZone = Tokyo });
        Assert.Equal(new DateTimeOffset(2023, 1, 30, 8, 0, 0, TimeSpan.FromHours(9)), run.Entries[0].Timestamp);
        Assert.Equal("year 2023 from mtime of messages (guess); zone Asia/Tokyo from local zone (guess)", run.Entries[0].TimeBasis);
    }

    [Fact]
    public void ExplicitReferenceDateAndZoneWin()
    {
        using var b = new TempBundle();
        b.Write("httpd/access_log", IsoLog(new DateTimeOffset(2022, 7, 19, 0, 0, 0, TimeSpan.FromHours(9)), TimeSpan.FromMinutes(10), 5));
        b.Write("messages", Syslog(new DateTime(2022, 7, 19, 21, 10, 3), TimeSpan.FromSeconds(30), 3));
        var ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var run = Read([b.Root], new LogReadOptions { ReferenceDate = new DateTimeOffset(2018, 8, 1, 0, 0, 0, TimeSpan.Zero), TimeZone = ny });
        var first = run.Entries.First(e => e.Format == LogFormat.Syslog);
        Assert.Equal(new DateTimeOffset(2018, 7, 19, 21, 10, 3, TimeSpan.FromHours(-4)), first.Timestamp);
        Assert.Equal("year 2018 from -ReferenceDate; zone America/New_York from -TimeZone", first.TimeBasis);
    }

    [Theory]
    [InlineData("bundle")]        // mtimes of a copy years later: the bundle's access log decides
    [InlineData("logrotate")]     // no dated file, mtimes as logrotate left them
    [InlineData("copied")]        // no dated file, copied some weeks later
    public void DecemberToJanuaryAcrossARotatedSet(string basis)
    {
        // messages-20230101.gz holds the last days of 2022, messages the first of 2023.
        using var b = new TempBundle();
        var jst = TimeSpan.FromHours(9);
        var (rotatedMtime, liveMtime) = basis switch
        {
            "bundle" => (CopiedAt, CopiedAt),
            "logrotate" => (new DateTimeOffset(2023, 1, 1, 3, 12, 0, jst), new DateTimeOffset(2023, 1, 2, 1, 0, 0, jst)),
            _ => (new DateTimeOffset(2023, 2, 15, 9, 0, 0, jst), new DateTimeOffset(2023, 2, 15, 9, 0, 0, jst)),
        };
        b.WriteGzip("messages-20230101.gz", rotatedMtime, Syslog(new DateTime(2022, 12, 30, 22, 0, 0), TimeSpan.FromMinutes(3), 400));
        b.Write("messages", Syslog(new DateTime(2023, 1, 1, 0, 1, 0), TimeSpan.FromMinutes(5), 300), liveMtime);
        if (basis == "bundle") b.Write("httpd/access_log", IsoLog(new DateTimeOffset(2022, 12, 30, 0, 0, 0, jst), TimeSpan.FromHours(1), 80), CopiedAt);

        var run = Read([b.Root], new LogReadOptions { LocalZone = Tokyo });

        var syslog = run.Entries.Where(e => e.Format == LogFormat.Syslog).ToList();
        Assert.Equal(700, syslog.Count);
        Assert.Equal(["messages-20230101.gz", "messages"], syslog.Select(e => Path.GetFileName(e.Path)).Distinct());
        Assert.Equal(new DateTimeOffset(2022, 12, 30, 22, 0, 0, TimeSpan.FromHours(9)), syslog[0].Timestamp);
        Assert.Equal(new DateTimeOffset(2023, 1, 1, 0, 1, 0, TimeSpan.FromHours(9)), syslog[400].Timestamp);
        for (int i = 1; i < syslog.Count; i++) Assert.True(syslog[i].Timestamp > syslog[i - 1].Timestamp, $"entry {i} goes back in time");
    }

    [Fact]
    public void DecemberToJanuaryInsideOneFileOfARotatedSet()
    {
        using var b = new TempBundle();
        var copied = new DateTimeOffset(2023, 1, 20, 0, 0, 0, TimeSpan.Zero);
        b.Write("messages-20221225", Syslog(new DateTime(2022, 12, 18, 3, 0, 0), TimeSpan.FromHours(2), 80), copied);
        b.Write("messages", Syslog(new DateTime(2022, 12, 25, 3, 0, 0), TimeSpan.FromHours(3), 100), copied); // runs into 2023
        var run = Read([b.Root], new LogReadOptions { LocalZone = Tokyo });
        var live = run.Entries.Where(e => Path.GetFileName(e.Path) == "messages").ToList();
        Assert.Equal(2022, live[0].Timestamp.Year);
        Assert.Equal(2023, live[^1].Timestamp.Year);
        Assert.Equal(new DateTimeOffset(2022, 12, 25, 3, 0, 0, TimeSpan.FromHours(9)) + TimeSpan.FromHours(3 * 99), live[^1].Timestamp);
    }

    [Fact]
    public void MalformedLinesAreWarnedCappedCountedAndSkipped()
    {
        using var b = new TempBundle();
        var sb = new StringBuilder(Syslog(new DateTime(2022, 7, 19, 21, 0, 0), TimeSpan.FromSeconds(1), 30));
        for (int i = 0; i < 12; i++) sb.Append("garbage line ").Append(i).Append('\n');
        sb.Append('\n');
        sb.Append(Syslog(new DateTime(2022, 7, 19, 22, 0, 0), TimeSpan.FromSeconds(1), 3));
        string path = b.Write("messages", sb.ToString());

        var run = Read([path], new LogReadOptions { ReferenceDate = new DateTimeOffset(2022, 7, 20, 0, 0, 0, TimeSpan.Zero) });

        Assert.Equal(33, run.Entries.Count);
        Assert.Equal(46, run.Entries[^1].LineNumber);
        var warnings = run.Diagnostics.Warnings;
        Assert.Equal(6, warnings.Count);
        Assert.Equal([31L, 32, 33, 34, 35], warnings.Take(5).Select(w => w.Line));
        Assert.All(warnings, w => Assert.Equal(path, w.Path));
        Assert.Contains($"{path}:31: not a Syslog line, skipped: garbage line 0", warnings[0].Message);
        Assert.Contains("12 lines in all were not Syslog lines", warnings[5].Message);

        var report = Assert.Single(run.Reports);
        Assert.Equal((46L, 33L, 1L, 12L), (report.Lines, report.Parsed, report.Ignored, report.Malformed));
        var range = Assert.Single(report.Damage);
        Assert.Equal((DamageKind.Malformed, 31L, 42L, 12L), (range.Kind, range.FirstLine, range.LastLine, range.LineCount));
        Assert.True(report.Completed);
    }

    [Fact]
    public void NulRunsAndANulTailAreReportedAndGoodLinesKept()
    {
        using var b = new TempBundle();
        byte[] bytes =
        [
            .. Encoding.ASCII.GetBytes(Syslog(new DateTime(2022, 7, 19, 21, 0, 0), TimeSpan.FromSeconds(1), 5)),
            .. new byte[900],   // the unclean shutdown: NULs, then rsyslog carries on in the same line
            .. Encoding.ASCII.GetBytes(Syslog(new DateTime(2022, 7, 19, 21, 30, 0), TimeSpan.FromSeconds(1), 5)),
            .. new byte[4096],  // and a NUL tail at the end
        ];
        string path = b.WriteBytes("messages", bytes);
        var run = Read([path], new LogReadOptions { ReferenceDate = new DateTimeOffset(2022, 7, 20, 0, 0, 0, TimeSpan.Zero) });

        Assert.Equal(10, run.Entries.Count);
        Assert.Equal(new DateTimeOffset(2022, 7, 19, 21, 30, 0, TimeSpan.Zero), run.Entries[5].Timestamp);
        var report = Assert.Single(run.Reports);
        Assert.Equal((11L, 2L, 4996L), (report.Lines, report.NulLines, report.NulBytes));
        Assert.Equal([(DamageKind.NulBytes, 6L, 900L), (DamageKind.NulBytes, 11L, 4096L)], report.Damage.Select(d => (d.Kind, d.FirstLine, d.Bytes)));
        Assert.Equal(2, run.Diagnostics.Warnings.Count);
        Assert.Contains("900 NUL bytes removed", run.Diagnostics.Warnings[0].Message);
        Assert.Contains("4,096 NUL bytes", run.Diagnostics.Warnings[1].Message);
    }

    [Fact]
    public void TruncatedGzipDeliversLinesBeforeTheCutThenErrorsAndReadingGoesOn()
    {
        using var b = new TempBundle();
        string old = Syslog(new DateTime(2022, 7, 10, 0, 0, 0), TimeSpan.FromSeconds(20), 20_000);
        byte[] gz = TempBundle.Gzip(old);
        string cut = b.WriteBytes("messages-20220717.gz", gz[..(gz.Length / 2)]);
        b.Write("messages", Syslog(new DateTime(2022, 7, 19, 0, 0, 0), TimeSpan.FromMinutes(1), 10));

        var run = Read([b.Root], new LogReadOptions { ReferenceDate = new DateTimeOffset(2022, 7, 20, 0, 0, 0, TimeSpan.Zero) });

        var fromCut = run.Entries.Where(e => e.Path == cut).ToList();
        Assert.InRange(fromCut.Count, 1000, 19_999);
        var expected = old.Split('\n');
        Assert.Equal(Enumerable.Range(1, fromCut.Count).Select(i => (long)i), fromCut.Select(e => e.LineNumber));
        // The line the cut goes through is delivered as far as it got (it still parses); the others are whole.
        for (int i = 0; i < fromCut.Count - 1; i++) Assert.Equal(expected[i][16..], fromCut[i].Message);
        Assert.StartsWith(fromCut[^1].Message, expected[fromCut.Count - 1][16..]);
        Assert.Equal(10, run.Entries.Count(e => Path.GetFileName(e.Path) == "messages"));

        var error = Assert.Single(run.Diagnostics.Errors);
        Assert.Equal((cut, ErrorIds.TruncatedGzip), (error.Path, error.ErrorId));
        Assert.Contains(cut, error.Message);
        var report = run.Reports.Single(r => r.Path == cut);
        Assert.True(report.Truncated);
        Assert.Equal(ErrorIds.TruncatedGzip, report.ErrorId);
        var damage = Assert.Single(report.Damage);
        Assert.Equal((DamageKind.TruncatedGzip, fromCut.Count + 1L), (damage.Kind, damage.FirstLine));
    }

    [Fact]
    public void AFileThatVanishesIsReportedAndTheOthersAreRead()
    {
        using var b = new TempBundle();
        string first = b.Write("a/cron", Syslog(new DateTime(2022, 7, 19, 0, 0, 0), TimeSpan.FromMinutes(1), 5));
        string second = b.Write("b/secure", Syslog(new DateTime(2022, 7, 19, 0, 0, 0), TimeSpan.FromMinutes(1), 5));
        string third = b.Write("c/messages", Syslog(new DateTime(2022, 7, 19, 0, 0, 0), TimeSpan.FromMinutes(1), 5));
        var reader = new LogReader(TestFormats.All);
        var diagnostics = new CollectingDiagnostics();
        var entries = new List<LogEntry>();
        foreach (var entry in reader.Read([b.Root], new LogReadOptions(), diagnostics))
        {
            entries.Add(entry);
            if (entries.Count == 1) File.Delete(second); // after the scan, before it is read
        }
        Assert.Equal(10, entries.Count);
        Assert.DoesNotContain(entries, e => e.Path == second);
        var error = Assert.Single(diagnostics.Errors);
        Assert.Equal((second, ErrorIds.FileNotFound), (error.Path, error.ErrorId));
        Assert.Equal(ErrorIds.FileNotFound, reader.Reports.Single(r => r.Path == second).ErrorId);
        Assert.Equal(5, entries.Count(e => e.Path == third));
        Assert.Equal(5, entries.Count(e => e.Path == first));
    }

    [Fact]
    public void MissingPathsAndDirectoriesAmongFiles()
    {
        using var b = new TempBundle();
        string good = b.Write("messages", Syslog(new DateTime(2022, 7, 19, 0, 0, 0), TimeSpan.FromMinutes(1), 4));
        var run = Read([b.PathOf("missing.log"), good]);
        Assert.Equal(4, run.Entries.Count);
        Assert.Equal(ErrorIds.FileNotFound, Assert.Single(run.Diagnostics.Errors).ErrorId);
    }

    [Fact]
    public void RotatedSetsAreReadOldestFirst()
    {
        using var b = new TempBundle();
        var start = new DateTime(2022, 7, 1, 0, 0, 0);
        b.WriteGzip("messages.3.gz", CopiedAt, Syslog(start, TimeSpan.FromMinutes(1), 3, "three"));
        b.Write("messages.2", Syslog(start.AddDays(1), TimeSpan.FromMinutes(1), 3, "two"), CopiedAt);
        b.Write("messages.1", Syslog(start.AddDays(2), TimeSpan.FromMinutes(1), 3, "one"), CopiedAt);
        b.Write("messages", Syslog(start.AddDays(3), TimeSpan.FromMinutes(1), 3, "live"), CopiedAt);
        var run = Read([b.Root]);
        Assert.Equal(["messages.3.gz", "messages.2", "messages.1", "messages"], run.Entries.Select(e => Path.GetFileName(e.Path)).Distinct());
        Assert.Equal(run.Entries.OrderBy(e => e.Timestamp).Select(e => e.Message), run.Entries.Select(e => e.Message));
        Assert.Equal(["messages.3.gz", "messages.2", "messages.1", "messages"], run.Reports.Select(r => r.DisplayName));
    }

    [Fact]
    public void ShiftJisLogReadWithEncoding()
    {
        using var b = new TempBundle();
        var sjis = LogEncoding.Get("shift_jis");
        b.WriteBytes("messages", sjis.GetBytes("Jul 19 21:10:03 host app: ログイン失敗 ユーザー=山田\r\n"));
        var run = Read([b.Root], new LogReadOptions { Encoding = sjis });
        Assert.Equal("host app: ログイン失敗 ユーザー=山田", Assert.Single(run.Entries).Message);
    }

    [Fact]
    public void InvalidUtf8IsKeptVisible()
    {
        using var b = new TempBundle();
        b.WriteBytes("messages", [.. Encoding.ASCII.GetBytes("Jul 19 21:10:03 host app: user "), 0x83, 0x8D, .. Encoding.ASCII.GetBytes(" failed\n")]);
        var run = Read([b.Root]);
        Assert.Equal("host app: user \\x83\\x8d failed", Assert.Single(run.Entries).Message);
    }

    [Fact]
    public void OverlongAndBinaryLinesAreDamageNotErrors()
    {
        using var b = new TempBundle();
        var sb = new StringBuilder(Syslog(new DateTime(2022, 7, 19, 0, 0, 0), TimeSpan.FromMinutes(1), 3));
        sb.Append("Jul 19 00:05:00 host app: ").Append('A', 3 << 20).Append('\n');
        sb.Append("\u0001\u0002\u0003\u0004garbage\u0005\n");
        sb.Append(Syslog(new DateTime(2022, 7, 19, 1, 0, 0), TimeSpan.FromMinutes(1), 2));
        b.Write("messages", sb.ToString());
        var run = Read([b.Root], new LogReadOptions { MaxLineLength = 1 << 16 });
        Assert.Equal(6, run.Entries.Count); // the long line is read from its start
        Assert.Equal((1 << 16) - 16, run.Entries[3].Message.Length);
        var report = Assert.Single(run.Reports);
        Assert.Equal((1L, 1L), (report.OverlongLines, report.Malformed));
        Assert.Equal([(DamageKind.Overlong, 4L), (DamageKind.Binary, 5L)], report.Damage.Select(d => (d.Kind, d.FirstLine)));
        Assert.Empty(run.Diagnostics.Errors);
        Assert.Equal(2, run.Diagnostics.Warnings.Count);
    }

    [Fact]
    public void AParserThatThrowsCostsTheLineNotTheRead()
    {
        using var b = new TempBundle();
        b.Write("messages", "Jul 19 21:10:03 host app: ok\nJul 19 21:10:04 host app: BOOM\nJul 19 21:10:05 host app: ok\n");
        var run = Read([b.Root], formats: [new ThrowingFormat()]);
        Assert.Equal(2, run.Entries.Count);
        Assert.Equal(1, run.Reports[0].Malformed);
        Assert.Contains("reader failed on this line", Assert.Single(run.Diagnostics.Warnings).Message);
    }

    [Fact]
    public void ProgressGoesByBytesAndCompletes()
    {
        using var b = new TempBundle();
        b.Write("messages", Syslog(new DateTime(2022, 7, 19, 0, 0, 0), TimeSpan.FromSeconds(1), 80_000));
        b.WriteGzip("secure-20220718.gz", null, Syslog(new DateTime(2022, 7, 18, 0, 0, 0), TimeSpan.FromSeconds(1), 1000));
        var seen = new List<ReadProgress>();
        var run = Read([b.Root], new LogReadOptions { Progress = new SyncProgress(seen.Add) });
        long total = new DirectoryInfo(b.Root).GetFiles().Sum(f => f.Length);
        Assert.Equal(81_000, run.Entries.Count);
        Assert.True(seen.Count >= 4);
        Assert.All(seen, p => Assert.Equal(total, p.TotalBytes));
        Assert.Equal(seen.Select(p => p.BytesRead).Order(), seen.Select(p => p.BytesRead));
        Assert.True(seen[^1].Completed);
        Assert.Equal(100, seen[^1].PercentComplete);
        Assert.Single(seen, p => p.Completed);
    }

    [Fact]
    public void BadOptionsAreRefusedAtOnce()
    {
        var reader = new LogReader(TestFormats.All);
        Assert.Throws<ArgumentException>(() => reader.Read(["/x"], new LogReadOptions { Format = LogFormat.NginxError }, NullDiagnostics.Instance));
        Assert.Throws<ArgumentException>(() => reader.Read(["/x"], new LogReadOptions { Encoding = Encoding.Unicode }, NullDiagnostics.Instance));
    }

    [Fact]
    public void CancellationStopsTheRead()
    {
        using var b = new TempBundle();
        b.Write("messages", Syslog(new DateTime(2022, 7, 19, 0, 0, 0), TimeSpan.FromSeconds(1), 10_000));
        using var cts = new CancellationTokenSource();
        var reader = new LogReader(TestFormats.All);
        int n = 0;
        Assert.Throws<OperationCanceledException>(() =>
        {
            foreach (var _ in reader.Read([b.Root], new LogReadOptions(), NullDiagnostics.Instance, cts.Token))
            {
                if (++n == 10) cts.Cancel();
            }
        });
        Assert.InRange(n, 10, 4096);
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<ReadProgress> action) : IProgress<ReadProgress>
    {
        public void Report(ReadProgress value) => action(value);
    }

    /// <summary>Parses like the yearless test format but throws on lines containing BOOM.</summary>
    private sealed class ThrowingFormat : ILogFormat
    {
        private readonly YearlessTestFormat _inner = new();
        public LogFormat Format => LogFormat.Syslog;
        public bool StampsAreAbsolute => false;
        public int Probe(ReadOnlySpan<byte> line) => _inner.Probe(line);
        public ILineParser CreateParser(ParserContext context) => new Parser(_inner.CreateParser(context));

        private sealed class Parser(ILineParser inner) : ILineParser
        {
            public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry) =>
                line.IndexOf("BOOM"u8) >= 0 ? throw new IndexOutOfRangeException("boom") : inner.TryParse(line, lineNumber, out entry);
        }
    }
}
