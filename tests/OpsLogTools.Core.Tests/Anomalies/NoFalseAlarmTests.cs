using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Model;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.Anomalies;

/// <summary>Bundles with nothing planted: whatever their dates, zones, rates and quirks, no anomaly.</summary>
public class NoFalseAlarmTests(ITestOutputHelper output)
{
    [Theory]
    // seed, start, zone id or null, hours, busy, night factor, prober
    [InlineData(101, "2022-07-19T12:00:00+09:00", null, 18, 1.0, 0.1, true)]
    [InlineData(102, "2022-02-03T00:00:00+00:00", null, 30, 3.0, 0.05, true)]
    [InlineData(103, "2021-10-11T17:00:00-07:00", "America/Los_Angeles", 20, 0.4, 0.1, false)]
    [InlineData(104, "2023-05-20T06:00:00+05:30", null, 12, 8.0, 0.2, true)]
    [InlineData(105, "2022-07-15T00:00:00+09:00", null, 72, 1.0, 0.05, false)]
    public void CleanBundlesGiveNothing(int seed, string startText, string? zoneId, int hours, double busy, double night, bool prober)
    {
        var start = DateTimeOffset.Parse(startText, System.Globalization.CultureInfo.InvariantCulture);
        var zone = zoneId is null ? null : TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var host = new SyntheticHost(seed, start, TimeSpan.FromHours(hours), zone) { Busy = busy, NightFactor = night, Prober = prober }.Generate();
        Assert.Empty(AnomalyTestKit.Detect(host, output));
    }

    [Fact]
    public void AQuietNightIsNotMissingLines()
    {
        // Almost nothing at night: the site has no prober, few visitors and nobody logs in after midnight.
        var start = new DateTimeOffset(2022, 7, 19, 18, 0, 0, TimeSpan.FromHours(9));
        var host = new SyntheticHost(seed: 111, start, TimeSpan.FromHours(16)) { Busy = 0.5, NightFactor = 0.01, Prober = false }.Generate();
        Assert.Empty(AnomalyTestKit.Detect(host, output));
    }

    [Fact]
    public void BufferingJitterIsNotADisplacement()
    {
        var start = new DateTimeOffset(2022, 7, 19, 6, 0, 0, TimeSpan.FromHours(9));
        var host = new SyntheticHost(seed: 112, start, TimeSpan.FromHours(12)) { JitterSeconds = 2, Busy = 3 }.Generate();
        Assert.Contains(host.Lines, l => l.StampOffset < TimeSpan.Zero);
        Assert.Empty(AnomalyTestKit.Detect(host, output));
    }

    [Fact]
    public void NewYearIsNotADisplacement()
    {
        // Yearless syslog stamps go Dec 31 → Jan 1; the reader's clock rolls the year.
        var start = new DateTimeOffset(2022, 12, 31, 12, 0, 0, TimeSpan.FromHours(9));
        var host = new SyntheticHost(seed: 113, start, TimeSpan.FromHours(24)).Generate();
        var files = SyntheticBundle.Render(host);
        Assert.Contains(files.Single(f => f.Path == SyntheticHost.Messages).Entries, e => e.Timestamp.Year == 2023);
        Assert.Empty(AnomalyTestKit.Detect(host, output));
    }

    [Fact]
    public void DaylightSavingFallBackIsNotADisplacement()
    {
        // America/New_York, 6 November 2022: local clocks go 01:59:59 EDT → 01:00:00 EST. Syslog stamps repeat an
        // hour of wall time; the access log's %z goes -0400 → -0500.
        var ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var start = new DateTimeOffset(2022, 11, 5, 20, 0, 0, TimeSpan.FromHours(-4));
        var host = new SyntheticHost(seed: 114, start, TimeSpan.FromHours(12), ny) { Busy = 2 }.Generate();
        var files = SyntheticBundle.Render(host);
        var access = files.Single(f => f.Path == SyntheticHost.AccessLog).Entries;
        Assert.Contains(access, e => e.Timestamp.Offset == TimeSpan.FromHours(-4));
        Assert.Contains(access, e => e.Timestamp.Offset == TimeSpan.FromHours(-5));
        Assert.Empty(AnomalyTestKit.Detect(host, output));
    }

    [Fact]
    public void DaylightSavingSpringForwardIsNotAnything()
    {
        var ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var start = new DateTimeOffset(2023, 3, 11, 22, 0, 0, TimeSpan.FromHours(-5));
        var host = new SyntheticHost(seed: 115, start, TimeSpan.FromHours(10), ny).Generate();
        Assert.Empty(AnomalyTestKit.Detect(host, output));
    }

    [Fact]
    public void LogRotationIsNotAnything()
    {
        // Each rsyslog file rotated at local midnight: messages-20220720 holds the lines before, messages the lines after.
        var jst = TimeSpan.FromHours(9);
        var start = new DateTimeOffset(2022, 7, 19, 14, 0, 0, jst);
        var host = new SyntheticHost(seed: 116, start, TimeSpan.FromHours(20)).Generate();
        var cut = new DateTimeOffset(2022, 7, 20, 0, 0, 0, jst);
        var files = new List<FileEntries>();
        foreach (var f in SyntheticBundle.Render(host))
        {
            if (f.Format != LogFormat.Syslog) { files.Add(f); continue; }
            var before = f.Entries.Where(e => e.Timestamp < cut).ToList();
            var after = f.Entries.Where(e => e.Timestamp >= cut).ToList();
            files.Add(new FileEntries(f.Path + "-20220720", f.Format, Renumber(before, f.Path + "-20220720")));
            files.Add(new FileEntries(f.Path, f.Format, Renumber(after, f.Path)));
        }
        var found = new AnomalyDetector().Detect(files, AnomalyOptions.Default);
        foreach (var a in found) output.WriteLine($"{a.Kind} {a.Path}:{a.FirstLine} {a.Summary}");
        Assert.Empty(found);
    }

    [Fact]
    public void ABurstOfNormalTrafficIsNotAnErrorBurst()
    {
        // Ten times the usual traffic for half an hour, with the usual share of errors.
        var start = new DateTimeOffset(2022, 7, 19, 8, 0, 0, TimeSpan.FromHours(9));
        var host = new SyntheticHost(seed: 117, start, TimeSpan.FromHours(10)).Generate();
        var rush = new SyntheticHost(seed: 118, start.AddHours(5), TimeSpan.FromMinutes(30)) { Busy = 10, Prober = false }.Generate();
        host.Lines.AddRange(rush.Lines.Where(l => l.File is SyntheticHost.AccessLog or SyntheticHost.CloudFrontLog));
        Assert.Empty(AnomalyTestKit.Detect(host, output));
    }

    private static List<LogEntry> Renumber(List<LogEntry> entries, string path) =>
        entries.Select((e, k) => new LogEntry
        {
            Path = path,
            LineNumber = k + 1,
            Format = e.Format,
            Timestamp = e.Timestamp,
            StampText = e.StampText,
            HostName = e.HostName,
            Program = e.Program,
            ProcessId = e.ProcessId,
            Level = e.Level,
            Message = e.Message,
            TimeBasis = e.TimeBasis,
        }).ToList();
}
