using System.Globalization;
using System.Text;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

public class TimeReferenceBuilderTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DateTimeOffset CopiedAt = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An ISO-stamped log (plays an Apache %z access log) from start, one line per step.</summary>
    private static string IsoLog(DateTimeOffset start, TimeSpan step, int count, string pad = "")
    {
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            sb.Append((start + step * i).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)).Append(" GET /page/").Append(i).Append(pad).Append('\n');
        }
        return sb.ToString();
    }

    private static (TimeReferenceBuilder Builder, IReadOnlyList<LogFile> Files, CollectingDiagnostics Diagnostics) Build(TempBundle b, LogReadOptions options)
    {
        var diagnostics = new CollectingDiagnostics();
        var files = new BundleScanner(TestFormats.All).Scan([b.Root], null, null, diagnostics);
        return (new TimeReferenceBuilder(files, options, diagnostics), files, diagnostics);
    }

    private static LogFile File(IReadOnlyList<LogFile> files, string name) => files.Single(f => f.DisplayName == name);

    [Theory]
    [InlineData(2022, 9.0, 3000)]   // large enough that the tail is found by seeking
    [InlineData(2019, -5.0, 40)]
    [InlineData(2024, 5.5, 5000)]
    public void BundleGivesYearWindowAndZone(int year, double offsetHours, int lines)
    {
        var offset = TimeSpan.FromHours(offsetHours);
        var start = new DateTimeOffset(year, 7, 12, 3, 0, 0, offset);
        var step = TimeSpan.FromMinutes(3);
        using var b = new TempBundle();
        b.Write("httpd/access_log", IsoLog(start, step, lines, new string('p', 40)), CopiedAt);
        b.Write("messages", "Jul 19 21:10:03 host prog: x\n", CopiedAt);
        var (builder, files, diagnostics) = Build(b, new LogReadOptions { LocalZone = TimeZoneInfo.Utc });

        var reference = builder.For(File(files, "messages"));
        Assert.Equal("bundle (httpd/access_log)", reference.YearSource);
        Assert.Equal("bundle (httpd/access_log)", reference.ZoneSource);
        Assert.Equal(start, reference.WindowStart);
        Assert.Equal(start + step * (lines - 1), reference.WindowEnd);
        Assert.Null(reference.Zone);
        Assert.Equal(offset, reference.FixedOffset);
        Assert.Contains(diagnostics.VerboseLines, v => v.Contains("year from bundle (httpd/access_log)", StringComparison.Ordinal));

        var clock = new StampClock(reference);
        Assert.Equal(new DateTimeOffset(year, 7, 19, 21, 10, 3, offset), clock.FromYearless(7, 19, 21, 10, 3));
    }

    [Fact]
    public void LocalZoneThatAgreesWithTheBundleIsUsedWithItsRules()
    {
        using var b = new TempBundle();
        // New York in summer (-04:00), as its Apache would write it.
        b.Write("access_log", IsoLog(new DateTimeOffset(2022, 7, 18, 0, 0, 0, TimeSpan.FromHours(-4)), TimeSpan.FromHours(1), 30));
        b.Write("messages", "Jul 19 21:10:03 host prog: x\n");
        var (builder, files, _) = Build(b, new LogReadOptions { LocalZone = NewYork });
        var reference = builder.For(File(files, "messages"));
        Assert.Same(NewYork, reference.Zone);
        Assert.Equal("bundle (access_log)", reference.ZoneSource);
    }

    [Fact]
    public void CloudFrontGivesTheYearButNotTheZone()
    {
        using var b = new TempBundle();
        b.WriteGzip("cloudfront/E2ABC.2022-07-19-12.abcd1234.gz", CopiedAt, "#Version: 1.0\n#Fields: date time msg\n2022-07-19\t12:10:03\tGET /\n2022-07-19\t12:59:03\tGET /x\n");
        b.Write("messages", "Jul 19 21:10:03 host prog: x\n", CopiedAt);
        var (builder, files, _) = Build(b, new LogReadOptions { LocalZone = Tokyo });
        var reference = builder.For(File(files, "messages"));
        Assert.Equal("bundle (cloudfront/E2ABC.2022-07-19-12.abcd1234.gz)", reference.YearSource);
        Assert.Equal("local zone (guess)", reference.ZoneSource);
        Assert.Same(Tokyo, reference.Zone);
        Assert.Equal(new DateTimeOffset(2022, 7, 19, 12, 10, 3, TimeSpan.Zero), reference.WindowStart);
        Assert.Equal(new DateTimeOffset(2022, 7, 19, 12, 59, 3, TimeSpan.Zero), reference.WindowEnd);
    }

    [Fact]
    public void ANonZeroOffsetIsPreferredToUtc()
    {
        using var b = new TempBundle();
        b.Write("dnf-like.log", IsoLog(new DateTimeOffset(2022, 7, 20, 3, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(1), 5));
        b.Write("httpd/access_log", IsoLog(new DateTimeOffset(2022, 7, 19, 21, 0, 0, TimeSpan.FromHours(9)), TimeSpan.FromMinutes(1), 5));
        b.Write("messages", "Jul 19 21:10:03 host prog: x\n");
        var (builder, files, _) = Build(b, new LogReadOptions());
        var reference = builder.For(File(files, "messages"));
        Assert.Equal(TimeSpan.FromHours(9), reference.FixedOffset);
        Assert.Equal("bundle (httpd/access_log)", reference.ZoneSource);
        Assert.Equal("bundle (dnf-like.log, httpd/access_log)", reference.YearSource);
    }

    [Theory]
    [InlineData(2023, 2, 1)]
    [InlineData(2021, 7, 20)]
    public void WithoutDatedFilesTheMtimeAndLocalZoneDecide(int year, int month, int day)
    {
        using var b = new TempBundle();
        var mtime = new DateTimeOffset(year, month, day, 3, 0, 0, TimeSpan.FromHours(9));
        b.Write("messages", "Jan 30 21:10:03 host prog: x\n", mtime);
        var (builder, files, diagnostics) = Build(b, new LogReadOptions { LocalZone = Tokyo });
        var reference = builder.For(File(files, "messages"));
        Assert.Equal("mtime of messages (guess)", reference.YearSource);
        Assert.Equal("local zone (guess)", reference.ZoneSource);
        Assert.True(reference.YearIsGuessed && reference.ZoneIsGuessed);
        Assert.Same(Tokyo, reference.Zone);
        Assert.Contains(diagnostics.VerboseLines, v => v.StartsWith("messages: yearless and zoneless stamps: year from mtime of messages (guess)", StringComparison.Ordinal));
        // Said once, as a warning: nothing in the logs dated them.
        var warning = Assert.Single(diagnostics.Warnings);
        Assert.Contains("so these are guesses", warning.Message, StringComparison.Ordinal);
        // The file's lines were written before its mtime: Jan 30 is the last Jan 30 at or before it.
        int expected = month >= 2 ? year : year - 1;
        Assert.Equal(expected, new StampClock(reference).FromYearless(1, 30, 21, 10, 3).Year);
    }

    [Fact]
    public void ExplicitOptionsWinOverTheBundle()
    {
        using var b = new TempBundle();
        b.Write("httpd/access_log", IsoLog(new DateTimeOffset(2022, 7, 19, 21, 0, 0, TimeSpan.FromHours(9)), TimeSpan.FromMinutes(1), 5));
        b.Write("messages", "Jul 19 21:10:03 host prog: x\n");
        var when = new DateTimeOffset(2020, 7, 1, 0, 0, 0, TimeSpan.Zero);
        var (builder, files, _) = Build(b, new LogReadOptions { ReferenceDate = when, TimeZone = NewYork, LocalZone = Tokyo });
        var reference = builder.For(File(files, "messages"));
        Assert.Equal("-ReferenceDate", reference.YearSource);
        Assert.Equal("-TimeZone", reference.ZoneSource);
        Assert.Same(NewYork, reference.Zone);
        Assert.Equal(when, reference.WindowStart);
        Assert.Empty(builder.Anchors); // nothing to read when the user said both
    }

    [Fact]
    public void ExplicitZoneWithBundleYear()
    {
        using var b = new TempBundle();
        b.Write("httpd/access_log", IsoLog(new DateTimeOffset(2022, 7, 19, 21, 0, 0, TimeSpan.FromHours(9)), TimeSpan.FromMinutes(1), 5));
        b.Write("messages", "Jul 19 21:10:03 host prog: x\n");
        var (builder, files, _) = Build(b, new LogReadOptions { TimeZone = TimeZoneInfo.Utc });
        var reference = builder.For(File(files, "messages"));
        Assert.Equal("bundle (httpd/access_log)", reference.YearSource);
        Assert.Equal("-TimeZone", reference.ZoneSource);
    }

    [Fact]
    public void AStrayStampDoesNotStretchTheWindow()
    {
        using var b = new TempBundle();
        var start = new DateTimeOffset(2022, 7, 19, 0, 0, 0, TimeSpan.FromHours(9));
        // The first line, so it is among the stamps read from the head of the file.
        string log = "1999-12-31T23:59:59+09:00 GET /y2k\n" + IsoLog(start, TimeSpan.FromMinutes(1), 10);
        b.Write("access_log", log);
        b.Write("messages", "Jul 19 21:10:03 host prog: x\n");
        var (builder, files, diagnostics) = Build(b, new LogReadOptions());
        var reference = builder.For(File(files, "messages"));
        Assert.Equal(start, reference.WindowStart);
        Assert.Contains(diagnostics.VerboseLines, v => v.Contains("1999-12-31", StringComparison.Ordinal));
    }

    [Fact]
    public void DatedFilesNeedNoBundleRead()
    {
        using var b = new TempBundle();
        b.Write("access_log", IsoLog(new DateTimeOffset(2022, 7, 19, 0, 0, 0, TimeSpan.FromHours(9)), TimeSpan.FromMinutes(1), 5));
        var (builder, files, diagnostics) = Build(b, new LogReadOptions());
        builder.For(files[0]);
        Assert.DoesNotContain(diagnostics.VerboseLines, v => v.Contains("year from", StringComparison.Ordinal));
    }
}
