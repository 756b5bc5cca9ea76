using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Sample;
using OpsLogTools.Core.Tests.Sample;
using Xunit;

namespace OpsLogTools.Core.Tests.Logins;

/// <summary>
/// The tamper verdict of a displaced run cites who was at the host at its edges (issue 16): generated bundles with
/// the seed's displaced clock (from the incident start) and the SshAttackPlan placed just before it, in two zones.
/// </summary>
public sealed class TamperLoginTests : IDisposable
{
    private readonly TempBundles _temp = new();

    public void Dispose() => _temp.Dispose();

    private (GroundTruth Truth, List<LogAnomaly> Runs) Runs(int seed, string? zone, SshAttackPlan attack)
    {
        var scenario = IncidentScenario.Default with { Seed = seed, HostTimeZone = zone, SshAttack = attack };
        string dir = _temp.NewDirectory($"{seed}-{attack.Enabled}-{attack.EndsInLogin}");
        var truth = IncidentGenerator.Write(dir, scenario);
        var scan = new AnomalyScan();
        foreach (var e in new LogReader(FormatRegistry.All).Read([dir], new LogReadOptions(), new CollectingDiagnostics())) scan.Add(e);
        return (truth, scan.Detect().Where(a => a.Kind == AnomalyKind.DisplacedTimestamps).ToList());
    }

    [Theory]
    [InlineData(20220719, null)]
    [InlineData(4711, "America/New_York")]
    public void AnIntruderLoginAtTheRunsStartWeighsAgainstAClockFault(int seed, string? zone)
    {
        var (_, quiet) = Runs(seed, zone, new SshAttackPlan());
        Assert.NotEmpty(quiet);
        Assert.All(quiet, r => Assert.DoesNotContain(r.Evidence, e => e.StartsWith("Tamper check (against): a login from", StringComparison.Ordinal)));
        Assert.All(quiet, r => Assert.Contains(r.Evidence, e => e.Contains("within 10 minutes of the run's start", StringComparison.Ordinal)));

        // The same guessing, ending in a login six or so minutes before the clock went wrong.
        var (truth, runs) = Runs(seed, zone, new SshAttackPlan { Enabled = true, Start = TimeSpan.FromMinutes(-8), FailedTries = 6 });
        var attack = Assert.IsType<SshAttackTruth>(truth.SshAttack);
        Assert.NotNull(attack.LoginTime);
        Assert.True(truth.IncidentStart - attack.LoginTime!.Value < TimeSpan.FromMinutes(10));
        Assert.Equal(quiet.Count, runs.Count);
        foreach (var r in runs)
        {
            // The attack adds lines to secure (its session's end falls inside the run): match the run by file name (the bundles are two folders).
            var before = quiet.Single(q => Path.GetFileName(q.Path) == Path.GetFileName(r.Path));
            Assert.True(r.Evidence.Any(e => e.StartsWith($"Tamper check (against): a login from {attack.Source}, which guessed passwords before", StringComparison.Ordinal)), string.Join("\n", r.Evidence) + "\n" + attack);
            Assert.Contains(r.Evidence, e => e.Contains("within 10 minutes of the run's start", StringComparison.Ordinal) && e.Contains($"Accepted password for {attack.User} from {attack.Source}", StringComparison.Ordinal));
            Assert.Equal(before.Tampering == TamperVerdict.Unlikely ? TamperVerdict.Possible : before.Tampering, r.Tampering);
        }
    }

    [Fact]
    public void AnAttackThatFailedIsNoIntruder()
    {
        var (_, quiet) = Runs(77, "Europe/Berlin", new SshAttackPlan());
        var (truth, runs) = Runs(77, "Europe/Berlin", new SshAttackPlan { Enabled = true, EndsInLogin = false, Start = TimeSpan.FromMinutes(-8) });
        Assert.Null(truth.SshAttack!.LoginTime);
        Assert.Equal(quiet.Select(q => q.Tampering), runs.Select(r => r.Tampering));
        Assert.All(runs, r => Assert.DoesNotContain(r.Evidence, e => e.StartsWith("Tamper check (against): a login from", StringComparison.Ordinal)));
    }
}
