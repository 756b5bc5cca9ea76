using OpsLogTools.Core.Model;
using OpsLogTools.Core.Sample;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.EndToEnd;

/// <summary>
/// Get-LogAnomaly's engine on whole generated bundles (the sample generator's files, read by the real reader),
/// judged against the generator's ground truth: each plant found where and when it was planted, and nothing else.
/// </summary>
public sealed class AnomalyBundleTests(AnomalyBundleFixture bundles, ITestOutputHelper output) : IClassFixture<AnomalyBundleFixture>
{
    public static TheoryData<string> PlantedNames => new(AnomalyBundleFixture.Planted.Select(p => p.Name));
    public static TheoryData<string> CleanNames => new(AnomalyBundleFixture.Clean.Select(p => p.Name));

    private AnomalyBundleRun Run(string name)
    {
        var run = bundles[name];
        output.WriteLine(run.Describe());
        return run;
    }

    [Theory]
    [MemberData(nameof(PlantedNames))]
    public void EveryStampRunIsFoundWithItsLinesAndOffset(string name)
    {
        var run = Run(name);
        Assert.NotEmpty(run.Truth.StampRuns);
        foreach (var truth in run.Truth.StampRuns)
        {
            var a = Assert.Single(run.Of(AnomalyKind.DisplacedTimestamps, truth.Path));
            Assert.Equal(truth.FirstLine, a.FirstLine);
            Assert.Equal(truth.LastLine, a.LastLine);
            Assert.Equal(truth.LineCount, a.LineCount);
            // Programs print their own clocks in the sample (and cron pairs with messages): to the second.
            Assert.InRange(a.OffsetSeconds, truth.OffsetSeconds - 1, truth.OffsetSeconds + 1);
            Assert.Equal(truth.StampedStart, a.StampedStart);
            Assert.Equal(truth.StampedEnd, a.StampedEnd);
            Assert.InRange(a.Start, truth.TrueStart.AddSeconds(-1), truth.TrueStart.AddSeconds(1));
            Assert.InRange(a.End, truth.TrueEnd.AddSeconds(-1), truth.TrueEnd.AddSeconds(1));
            Assert.Equal(truth.Kind == StampRunKind.TimeZoneShift ? AnomalyCause.TimeZone : AnomalyCause.Clock, a.Cause);
            Assert.Equal(TamperVerdict.Unlikely, a.Tampering);
        }
        Assert.Equal(run.Truth.StampRuns.Count, run.Of(AnomalyKind.DisplacedTimestamps).Count());
    }

    [Theory]
    [MemberData(nameof(PlantedNames))]
    public void TheCutIsFoundInItsFileAtItsTrueTimes(string name)
    {
        var run = Run(name);
        var truth = run.Truth.MissingLines;
        Assert.NotNull(truth);
        Assert.True(truth.RemovedLineCount > 0);
        var a = Assert.Single(run.Of(AnomalyKind.MissingLines));
        Assert.Equal(truth.Path, run.Relative(a.Path));
        Assert.Equal(truth.LineBefore, a.FirstLine);
        Assert.Equal(truth.LineBefore + 1, a.LastLine);
        Assert.Equal(truth.TimeBefore, a.Start);
        Assert.Equal(truth.TimeAfter, a.End);
        Assert.True(a.Start <= truth.TrueStart && a.End >= truth.TrueEnd, "the silence covers the cut");
        Assert.NotEqual(TamperVerdict.Unlikely, a.Tampering);
        Assert.True(a.ExpectedLines > 0);
    }

    [Theory]
    [MemberData(nameof(PlantedNames))]
    public void TheNulRunIsCorruptionAtItsLine(string name)
    {
        var run = Run(name);
        var truth = Assert.Single(run.Truth.NulRuns);
        var a = Assert.Single(run.Of(AnomalyKind.Corruption));
        Assert.Equal(truth.Path, run.Relative(a.Path));
        Assert.Equal(truth.Line, a.FirstLine);
        Assert.Equal(AnomalyCause.UncleanShutdown, a.Cause);
        Assert.Equal(TamperVerdict.Unlikely, a.Tampering);
    }

    [Theory]
    [MemberData(nameof(PlantedNames))]
    public void TheOutageIsFoundFromDownToUp(string name)
    {
        var run = Run(name);
        var truth = run.Truth.Outage;
        Assert.NotNull(truth);
        var outages = run.Of(AnomalyKind.ServiceOutage).ToList();
        Assert.Contains(outages, o => o.Service == "httpd"
            && Math.Abs((o.Start - truth.Down).TotalMinutes) <= 2
            && Math.Abs((o.End - truth.Up).TotalMinutes) <= 2);
        // Anything else reported as an outage lies within the failing stretch (first 5xx to the restart).
        Assert.All(outages, o => Assert.InRange(o.Start, truth.FirstServerError.AddMinutes(-2), truth.Up.AddMinutes(2)));
    }

    [Theory]
    [MemberData(nameof(PlantedNames))]
    public void TheErrorBurstStartsAtTheFirstServerError(string name)
    {
        var run = Run(name);
        var truth = run.Truth.Outage;
        Assert.NotNull(truth);
        var bursts = run.Of(AnomalyKind.ErrorBurst).ToList();
        var a = Assert.Single(bursts, b => run.Relative(b.Path) == truth.FirstServerErrorPath);
        Assert.InRange(a.Start, truth.FirstServerError.AddMinutes(-2), truth.FirstServerError.AddMinutes(2));
        Assert.InRange(a.End, truth.FirstServerError, truth.Down.AddMinutes(2));
        Assert.All(bursts, b => Assert.InRange(b.Start, truth.FirstServerError.AddMinutes(-2), truth.Down.AddMinutes(2)));
    }

    [Theory]
    [MemberData(nameof(PlantedNames))]
    public void NothingIsFoundThatWasNotPlanted(string name)
    {
        var run = Run(name);
        var kinds = run.Found.Select(a => a.Kind).ToHashSet();
        Assert.Subset(new HashSet<AnomalyKind>
        {
            AnomalyKind.DisplacedTimestamps, AnomalyKind.MissingLines, AnomalyKind.Corruption, AnomalyKind.ErrorBurst, AnomalyKind.ServiceOutage,
        }, kinds);
        Assert.Equal(run.Truth.StampRuns.Count, run.Of(AnomalyKind.DisplacedTimestamps).Count());
        Assert.Single(run.Of(AnomalyKind.MissingLines));
        Assert.Single(run.Of(AnomalyKind.Corruption));
    }

    [Theory]
    [MemberData(nameof(CleanNames))]
    public void ABundleWithNothingPlantedGivesNoAnomaly(string name)
    {
        var run = Run(name);
        Assert.Empty(run.Truth.StampRuns);
        Assert.Null(run.Truth.MissingLines);
        Assert.Null(run.Truth.Outage);
        Assert.True(run.LinesSeen > 1000);
        Assert.Empty(run.Found);
    }

    [Theory]
    [InlineData(20220719, 9, 1, 60)]
    [InlineData(5, -5, 3, 40)]
    public void AnHourCutFromTheOriginLogIsFoundFromCloudFront(int seed, int zoneHours, int hoursBeforeIncident, int minutes)
    {
        // The generator cuts only rsyslog files; the origin's access log is cut here, on the prober's day, by the
        // stamps Apache wrote ([19/Jul/2022:10:00:00 +0900]).
        var scenario = IncidentScenario.NothingPlanted(seed) with { HostZone = TimeSpan.FromHours(zoneHours) };
        DateTimeOffset from = default, to = default;
        int removed = 0;
        using var run = new AnomalyBundleRun($"origin-cut-{seed}", scenario, (dir, truth) =>
        {
            from = truth.IncidentStart.AddHours(-hoursBeforeIncident);
            to = from.AddMinutes(minutes);
            string path = Path.Combine(dir, "httpd", "access_log");
            var kept = new List<string>();
            foreach (string line in File.ReadAllLines(path))
            {
                int open = line.IndexOf('[', StringComparison.Ordinal), close = line.IndexOf(']', StringComparison.Ordinal);
                var t = DateTimeOffset.ParseExact(line[(open + 1)..close], "dd/MMM/yyyy:HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture);
                if (t >= from && t < to) removed++;
                else kept.Add(line);
            }
            File.WriteAllLines(path, kept);
        });
        output.WriteLine(run.Describe());
        Assert.True(removed >= 10, $"only {removed} line(s) cut");
        var a = Assert.Single(run.Found);
        Assert.Equal(AnomalyKind.MissingLines, a.Kind);
        Assert.Equal("httpd/access_log", run.Relative(a.Path));
        Assert.True(a.Start <= from && a.End >= to, $"{a.Start}..{a.End} covers {from}..{to}");
        Assert.True(a.End - a.Start < TimeSpan.FromMinutes(minutes + 30));
        Assert.Contains(a.Evidence, e => e.Contains("CloudFront forwarded", StringComparison.Ordinal));
        Assert.Contains(a.RelatedPaths, p => p.Contains("cloudfront", StringComparison.Ordinal));
    }
}
