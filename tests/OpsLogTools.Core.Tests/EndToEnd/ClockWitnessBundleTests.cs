using OpsLogTools.Core.Model;
using OpsLogTools.Core.Sample;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.EndToEnd;

/// <summary>
/// Generated bundles (<see cref="IncidentGenerator"/>) with chronyd's witness lines planted (<see cref="ClockWitnessPlan"/>)
/// or absent, in several zones, read and scanned as Get-LogAnomaly does: each ClockEvent, Cause, Basis and verdict is
/// checked against the ground truth the generator wrote.
/// </summary>
public sealed class ClockWitnessBundleTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(null, 2022, 7, 19, 161)]
    [InlineData("America/New_York", 2023, 11, 7, 162)]
    [InlineData("Europe/Berlin", 2023, 4, 4, 163)]
    public void ChronyStepAtTheRunsEndIsTheWitness(string? zoneId, int year, int month, int day, int seed)
    {
        var scenario = IncidentScenario.Default with
        {
            Seed = seed,
            HostTimeZone = zoneId,
            IncidentStart = new DateTime(year, month, day, 21, 10, 0),
            ClockWitnesses = new ClockWitnessPlan { ChronyStepsAtRunEnd = true },
        };
        using var run = new AnomalyBundleRun("chrony-" + seed, scenario);
        output.WriteLine(run.Describe());

        var planted = run.Truth.ClockWitnesses;
        Assert.Equal(2, planted.Count);
        Assert.All(planted, w => Assert.True(w.AtRunEnd));
        var runs = run.Truth.StampRuns;
        Assert.NotEmpty(runs);
        foreach (var truth in runs)
        {
            var a = Assert.Single(run.Of(AnomalyKind.DisplacedTimestamps, truth.Path), x => x.FirstLine == truth.FirstLine);
            Assert.Equal(truth.LastLine, a.LastLine);
            Assert.Equal(truth.OffsetSeconds, a.OffsetSeconds, 0);
            Assert.Equal(AnomalyCause.Clock, a.Cause);
            Assert.True(a.Basis.HasFlag(OffsetBasis.ClockWitness), a.Basis.ToString());
            Assert.Equal(TamperVerdict.Unlikely, a.Tampering);
            // The finding's witnesses are exactly the planted lines.
            Assert.Equal(planted.Select(w => (w.Path, w.Line, w.Kind, w.StepSeconds)).OrderBy(w => w.Line),
                a.ClockEvents.Select(e => (run.Relative(e.Path), e.LineNumber, e.Kind.ToString(), e.StepSeconds!.Value)).OrderBy(w => w.Item2));
            Assert.Contains(a.Evidence, e => e.StartsWith("Tamper check (fits a re-stamp): the run ends where chronyd saw the clock stepped by", StringComparison.Ordinal));
            Assert.Contains(a.Evidence, e => e.StartsWith("Tamper check (witnesses): Witnesses consulted: time daemon lines (chronyd in messages", StringComparison.Ordinal)
                && e.Contains("auditd's audit.log", StringComparison.Ordinal));
        }
        Assert.Empty(run.Of(AnomalyKind.ClockStep));
    }

    [Theory]
    [InlineData(null, 171, -9.3)]
    [InlineData("Australia/Sydney", 172, 4.005564)]
    public void ASmallStepIsAClockStepFindingAndNoRunWithoutWitnessesClaimsOne(string? zoneId, int seed, double step)
    {
        var scenario = IncidentScenario.NothingPlanted(seed) with
        {
            HostTimeZone = zoneId,
            ClockWitnesses = new ClockWitnessPlan { SmallStepSeconds = step },
        };
        using var run = new AnomalyBundleRun("small-step-" + seed, scenario);
        output.WriteLine(run.Describe());

        Assert.Empty(run.Of(AnomalyKind.DisplacedTimestamps));
        var planted = run.Truth.ClockWitnesses;
        Assert.Equal(2, planted.Count);
        var a = Assert.Single(run.Of(AnomalyKind.ClockStep));
        Assert.Equal(planted[0].Path, run.Relative(a.Path));
        Assert.Equal((planted[0].Line, planted[1].Line), (a.FirstLine, a.LastLine));
        Assert.Equal(-step, a.OffsetSeconds, 6);
        Assert.Equal(AnomalyCause.Clock, a.Cause);
        Assert.Equal(OffsetBasis.ClockWitness, a.Basis);
        Assert.Equal(planted[1].True, a.End);
    }

    [Fact]
    public void WithoutWitnessesTheSeedsRunNamesThemAbsent()
    {
        using var run = new AnomalyBundleRun("no-witness", IncidentScenario.Default with { Seed = 181 });
        output.WriteLine(run.Describe());

        Assert.Empty(run.Truth.ClockWitnesses);
        Assert.NotEmpty(run.Truth.StampRuns);
        foreach (var truth in run.Truth.StampRuns)
        {
            var a = Assert.Single(run.Of(AnomalyKind.DisplacedTimestamps, truth.Path), x => x.FirstLine == truth.FirstLine);
            Assert.False(a.Basis.HasFlag(OffsetBasis.ClockWitness));
            Assert.Empty(a.ClockEvents);
            Assert.Contains(a.Evidence, e => e.StartsWith("Tamper check (witnesses):", StringComparison.Ordinal)
                && e.Contains("Absent: time daemon lines (no chronyd, ntpd or systemd-timesyncd line in any file)", StringComparison.Ordinal));
        }
        Assert.Empty(run.Of(AnomalyKind.ClockStep));
    }
}
