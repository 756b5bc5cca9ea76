using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Sample;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.EndToEnd;

/// <summary>
/// Issue 13's cases 2 and 3 on whole generated bundles read with the real reader in UTC (the machine running the tool)
/// and no -TimeZone: a host whose zone is visible only from printed UTC clocks, and a New York host whose Apache %z
/// changes at the November change.
/// </summary>
public sealed class TimeEvidenceBundleTests(ITestOutputHelper output)
{
    private static List<LogEntry> Entries(string directory, CollectingDiagnostics diagnostics) =>
        new LogReader(FormatRegistry.All).Read([directory], new LogReadOptions { LocalZone = TimeZoneInfo.Utc }, diagnostics).ToList();

    /// <summary>Removes the files that carry an offset or UTC (Apache's access log, CloudFront): only printed clocks remain.</summary>
    private static void KeepOnlyZonelessFiles(string directory, GroundTruth truth)
    {
        foreach (string path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(directory, path).Replace('\\', '/');
            if (relative.StartsWith("httpd/access_log", StringComparison.Ordinal) || relative.StartsWith("cloudfront/", StringComparison.Ordinal)) File.Delete(path);
        }
    }

    [Theory]
    // Berlin: summer time begins at 02:00 on 26 March 2023, in the oldest rotated file; the seed's wrong clock on 4 April.
    [InlineData("Europe/Berlin", 2023, 4, 4, 141)]
    // Sydney: daylight saving ends at 03:00 on 2 April 2023 (southern hemisphere), and the same wrong clock.
    [InlineData("Australia/Sydney", 2023, 4, 4, 142)]
    public void AZoneShownOnlyByPrintedUtcClocksIsTheHostsZoneByDate(string zoneId, int year, int month, int day, int seed)
    {
        // Issue 13, case 2: rsyslog writes local time, prometheus prints UTC, no file carries an offset. Formerly every
        // rsyslog file was "stamps written in the wrong time zone", an hour or more off.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var scenario = IncidentScenario.Default with
        {
            Seed = seed,
            HostTimeZone = zoneId,
            IncidentStart = new DateTime(year, month, day, 21, 10, 0),
            PrometheusPrintsUtc = true,
        };
        using var run = new AnomalyBundleRun("printed-utc-" + seed, scenario, KeepOnlyZonelessFiles);
        output.WriteLine(run.Describe());

        var diagnostics = new CollectingDiagnostics();
        var entries = Entries(run.Directory, diagnostics);
        var syslog = entries.Where(e => e.Format == LogFormat.Syslog).ToList();
        // Each stamp read with the offset in force at its moment: both sides of the change are there.
        var outsideRuns = syslog.Where(e => !run.Truth.StampRuns.Any(r => run.Relative(e.Path) == r.Path && e.LineNumber >= r.FirstLine && e.LineNumber <= r.LastLine)).ToList();
        Assert.All(outsideRuns, e => Assert.Equal(zone.GetUtcOffset(e.Timestamp), e.Timestamp.Offset));
        Assert.Equal(2, outsideRuns.Select(e => e.Timestamp.Offset).Distinct().Count());
        Assert.All(syslog, e => Assert.Contains($"zone {zoneId} from ", e.TimeBasis, StringComparison.Ordinal));
        Assert.DoesNotContain(diagnostics.Warnings, w => w.Message.Contains("guesses", StringComparison.Ordinal));

        // No zone finding, no uncertainty: the planted runs only, measured right.
        Assert.DoesNotContain(run.Found, a => a.Cause == AnomalyCause.TimeZone);
        Assert.Empty(run.Of(AnomalyKind.UncertainTime));
        Assert.NotEmpty(run.Truth.StampRuns);
        foreach (var truth in run.Truth.StampRuns)
        {
            var a = Assert.Single(run.Of(AnomalyKind.DisplacedTimestamps, truth.Path));
            Assert.Equal((truth.FirstLine, truth.LastLine), (a.FirstLine, a.LastLine));
            Assert.InRange(a.OffsetSeconds, truth.OffsetSeconds - 1, truth.OffsetSeconds + 1);
            Assert.Equal(AnomalyCause.Clock, a.Cause);
        }
        Assert.Equal(run.Truth.StampRuns.Count, run.Of(AnomalyKind.DisplacedTimestamps).Count());
    }

    [Fact]
    public void ANewYorkHostsEdtLinesReadAtMinusFourWithoutTimeZone()
    {
        // Issue 13, case 3: Apache's %z goes -0400 → -0500 at the November change. Formerly every zoneless stamp was read
        // at -05:00 ("using the latest"): every EDT line an hour off, the wrong-clock run stretched, a false run in
        // error_log, false MissingLines at the change.
        var ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var scenario = IncidentScenario.Default with
        {
            Seed = 143,
            HostTimeZone = "America/New_York",
            IncidentStart = new DateTime(2022, 11, 5, 21, 30, 0),
        };
        using var run = new AnomalyBundleRun("ny-edt", scenario);
        output.WriteLine(run.Describe());

        var diagnostics = new CollectingDiagnostics();
        var entries = Entries(run.Directory, diagnostics);
        var zoneless = entries.Where(e => e.Format is LogFormat.Syslog or LogFormat.ApacheError24 or LogFormat.Yum).ToList();
        var stamped = zoneless.Where(e => !run.Truth.StampRuns.Any(r => run.Relative(e.Path) == r.Path && e.LineNumber >= r.FirstLine && e.LineNumber <= r.LastLine)).ToList();
        Assert.All(stamped, e => Assert.Equal(ny.GetUtcOffset(e.Timestamp), e.Timestamp.Offset));
        Assert.Contains(stamped, e => e.Timestamp.Offset == TimeSpan.FromHours(-4));
        Assert.Contains(stamped, e => e.Timestamp.Offset == TimeSpan.FromHours(-5));
        Assert.Contains("fits America/New_York", zoneless[0].TimeBasis, StringComparison.Ordinal);
        Assert.DoesNotContain(diagnostics.Warnings, w => w.Message.Contains("guesses", StringComparison.Ordinal));

        // The planted run exactly, nothing in error_log, no silence at the change.
        foreach (var truth in run.Truth.StampRuns)
        {
            var a = Assert.Single(run.Of(AnomalyKind.DisplacedTimestamps, truth.Path));
            Assert.Equal((truth.FirstLine, truth.LastLine), (a.FirstLine, a.LastLine));
            Assert.InRange(a.OffsetSeconds, truth.OffsetSeconds - 1, truth.OffsetSeconds + 1);
        }
        Assert.Equal(run.Truth.StampRuns.Count, run.Of(AnomalyKind.DisplacedTimestamps).Count());
        Assert.Empty(run.Of(AnomalyKind.DisplacedTimestamps, "httpd/error_log"));
        var change = new DateTimeOffset(2022, 11, 6, 6, 0, 0, TimeSpan.Zero);
        Assert.DoesNotContain(run.Of(AnomalyKind.MissingLines), a => a.Start <= change.AddHours(1) && a.End >= change.AddHours(-1));
    }
}
