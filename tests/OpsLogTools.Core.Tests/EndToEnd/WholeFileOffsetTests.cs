using OpsLogTools.Core.Model;
using OpsLogTools.Core.Sample;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.EndToEnd;

/// <summary>
/// Files off by one constant from their first line to their last (no step in the stamps): found from the clocks the
/// programs print and from events shared with files in true time, one finding per rsyslog file; and never on a host
/// whose files are in true time.
/// </summary>
public sealed class WholeFileOffsetTests(ITestOutputHelper output)
{
    public static TheoryData<string> PlantedNames => new(Planted.Keys);

    /// <summary>Whole-file plants: the zone and the offset vary, and so do the seed, the year and the other plants.</summary>
    private static readonly Dictionary<string, IncidentScenario> Planted = new()
    {
        // rsyslog writing UTC on a JST host all week, with the seed's cut, NULs and outage still planted.
        ["utc-on-jst"] = IncidentScenario.Default with
        {
            Seed = 41,
            DisplacedClock = StampRunPlant.Off,
            TimeZoneShift = StampRunPlant.WholeFile(TimeSpan.FromHours(-9)),
        },
        // A UTC host whose rsyslog writes Indian time (+05:30), in another year.
        ["ist-on-utc"] = IncidentScenario.NothingPlanted(42) with
        {
            HostZone = TimeSpan.Zero,
            IncidentStart = new DateTime(2021, 5, 4, 13, 15, 0),
            TimeZoneShift = StampRunPlant.WholeFile(new TimeSpan(5, 30, 0)),
        },
        // A New York-like host whose clock ran 47 min 13 s slow all along, across New Year.
        ["slow-clock"] = IncidentScenario.NothingPlanted(43) with
        {
            HostZone = TimeSpan.FromHours(-5),
            IncidentStart = new DateTime(2023, 12, 31, 23, 20, 0),
            DisplacedClock = StampRunPlant.WholeFile(-new TimeSpan(0, 47, 13)),
        },
    };

    [Theory]
    [MemberData(nameof(PlantedNames))]
    public void EveryRsyslogFileIsOneFindingFromFirstToLastLine(string name)
    {
        using var run = new AnomalyBundleRun(name, Planted[name]);
        output.WriteLine(run.Describe());
        Assert.NotEmpty(run.Truth.StampRuns);
        Assert.All(run.Truth.StampRuns, t => Assert.True(t.CoversWholeFile, $"{t.Path} is planted whole"));
        foreach (var truth in run.Truth.StampRuns)
        {
            var a = Assert.Single(run.Of(AnomalyKind.DisplacedTimestamps, truth.Path));
            Assert.Equal(1, a.FirstLine);
            Assert.Equal(truth.LastLine, a.LastLine);
            Assert.Equal(truth.LineCount, a.LineCount);
            Assert.InRange(a.OffsetSeconds, truth.OffsetSeconds - 2, truth.OffsetSeconds + 2);
            Assert.Equal(truth.StampedStart, a.StampedStart);
            Assert.Equal(truth.StampedEnd, a.StampedEnd);
            Assert.InRange(a.Start, truth.TrueStart.AddSeconds(-2), truth.TrueStart.AddSeconds(2));
            Assert.InRange(a.End, truth.TrueEnd.AddSeconds(-2), truth.TrueEnd.AddSeconds(2));
            Assert.Equal(truth.Kind == StampRunKind.TimeZoneShift ? AnomalyCause.TimeZone : AnomalyCause.Clock, a.Cause);
            Assert.True((a.Basis & (OffsetBasis.EmbeddedClocks | OffsetBasis.SharedEvents)) != 0, "an outside clock measured it");
            Assert.Contains(a.Evidence, e => e.StartsWith("Whole file", StringComparison.Ordinal));
            // The files of one rotation are one rsyslog and one clock.
            Assert.NotEmpty(a.RelatedPaths);
        }
        Assert.Equal(run.Truth.StampRuns.Count, run.Of(AnomalyKind.DisplacedTimestamps).Count());
    }

    [Theory]
    [InlineData(101, 9.0, 2022)]
    [InlineData(102, -7.0, 2024)]
    [InlineData(103, 5.75, 2021)]
    [InlineData(104, 0.0, 2023)]
    public void CleanHostsGetNoWholeFileFinding(int seed, double zoneHours, int year)
    {
        var scenario = IncidentScenario.NothingPlanted(seed) with
        {
            HostZone = TimeSpan.FromHours(zoneHours),
            IncidentStart = new DateTime(year, 1 + seed % 12, 10 + seed % 15, 20, 5, 0),
        };
        using var run = new AnomalyBundleRun("clean-whole-" + seed, scenario);
        output.WriteLine(run.Describe());
        Assert.Empty(run.Truth.StampRuns);
        Assert.Empty(run.Of(AnomalyKind.DisplacedTimestamps));
    }
}
