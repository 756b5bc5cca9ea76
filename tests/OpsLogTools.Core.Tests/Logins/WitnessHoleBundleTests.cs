using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Sample;
using OpsLogTools.Core.Tests.Sample;
using Xunit;

namespace OpsLogTools.Core.Tests.Logins;

/// <summary>
/// Cross-witness holes (issue 16: "a login in one and not in the others is evidence"): generated bundles (the generator's
/// SshAttackPlan with <c>WipeLoginFromSecure</c>, which leaves the login's sshd lines out of secure/auth.log while wtmp and
/// audit.log keep the session) in several seeds, zones and host families. The wiped login is one MissingLines finding in
/// the secure file that was written, at the truth's time, naming wtmp and audit.log; the same bundles without the wipe
/// have none; a login at the displaced run's start is cited against a plain clock fault.
/// </summary>
public sealed class WitnessHoleBundleTests : IDisposable
{
    private readonly TempBundles _temp = new();

    public void Dispose() => _temp.Dispose();

    private (GroundTruth Truth, SshAttackTruth Attack, List<LogAnomaly> Found) Detect(int seed, string? zone, HostFamily family, bool wipe,
        bool wtmp = true, bool audit = true, TimeSpan? start = null)
    {
        var scenario = IncidentScenario.Default with
        {
            Seed = seed,
            HostTimeZone = zone,
            HostFamily = family,
            SshAttack = new SshAttackPlan
            {
                Enabled = true,
                FailedTries = 7,
                LoginRecords = wtmp,
                Auditd = audit,
                WipeLoginFromSecure = wipe,
                Start = start ?? new SshAttackPlan().Start,
            },
        };
        string dir = _temp.NewDirectory($"{seed}-{family}-{wipe}-{wtmp}-{audit}-{start?.TotalMinutes}");
        var truth = IncidentGenerator.Write(dir, scenario);
        var scan = new AnomalyScan();
        foreach (var e in new LogReader(FormatRegistry.All).Read([dir], new LogReadOptions(), new CollectingDiagnostics())) scan.Add(e);
        return (truth, Assert.IsType<SshAttackTruth>(truth.SshAttack), scan.Detect().ToList());
    }

    private static List<LogAnomaly> Holes(List<LogAnomaly> found) =>
        found.Where(a => a.Kind == AnomalyKind.MissingLines && a.Summary.StartsWith("login from ", StringComparison.Ordinal)).ToList();

    [Theory]
    [InlineData(20220719, null, HostFamily.AmazonLinux2)]
    [InlineData(4711, "America/New_York", HostFamily.AmazonLinux2)]
    [InlineData(99, "Asia/Kolkata", HostFamily.Debian)]
    [InlineData(2024, "Europe/Berlin", HostFamily.Debian)]
    [InlineData(31, "Australia/Lord_Howe", HostFamily.AmazonLinux2)]
    public void ALoginWipedFromSecureIsOneHoleThatWtmpAndAuditKeep(int seed, string? zone, HostFamily family)
    {
        var (_, kept, plain) = Detect(seed, zone, family, wipe: false);
        Assert.Null(kept.LoginWipedFrom);
        Assert.Equal(3, kept.LoginWitnesses.Count);
        Assert.Empty(Holes(plain));

        var (truth, attack, found) = Detect(seed, zone, family, wipe: true);
        Assert.NotNull(attack.LoginTime);
        Assert.Equal(kept.LoginTime, attack.LoginTime);
        Assert.StartsWith(family == HostFamily.Debian ? "auth.log" : "secure", Path.GetFileName(attack.LoginWipedFrom));
        Assert.Equal(["wtmp", "audit/audit.log"], attack.LoginWitnesses);
        Assert.Contains(attack.WitnessRecords, r => r.StartsWith("wtmp: USER_PROCESS pts/", StringComparison.Ordinal));

        var hole = Assert.Single(Holes(found));
        Assert.Equal(Path.GetFileName(attack.LoginWipedFrom), Path.GetFileName(hole.Path));
        Assert.Equal(["audit.log", "wtmp"], hole.RelatedPaths.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.StartsWith($"login from {attack.Source} at {attack.LoginTime!.Value:yyyy-MM-dd HH:mm:ss zzz} is in ", hole.Summary);
        // The lines around the hole are the secure file's lines just before and after the login (true time).
        Assert.True(hole.Start < attack.LoginTime && attack.LoginTime < hole.End, $"{hole.Start} {attack.LoginTime} {hole.End}");
        Assert.Equal(0, hole.LineCount);
        Assert.Equal(TamperVerdict.Likely, hole.Tampering);
        Assert.True(hole.Evidence.Any(e => e.Contains("guessed passwords before it logged in", StringComparison.Ordinal)), string.Join("\n", hole.Evidence));
        Assert.Contains(hole.Evidence, e => e.StartsWith("wtmp:", StringComparison.Ordinal) && e.Contains(attack.Source, StringComparison.Ordinal));
        Assert.Contains(hole.Evidence, e => e.StartsWith("audit.log:", StringComparison.Ordinal) && e.Contains($"USER_LOGIN acct= addr={attack.Source} terminal=/dev/pts/", StringComparison.Ordinal));
        Assert.Equal(truth.IncidentStart.Offset, hole.Start.Offset);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void OneBinaryWitnessIsEnoughButNotCertain(bool wtmp, bool audit)
    {
        var (_, attack, found) = Detect(4242, "Asia/Tokyo", HostFamily.AmazonLinux2, wipe: true, wtmp, audit);
        var hole = Assert.Single(Holes(found));
        Assert.Single(hole.RelatedPaths);
        Assert.Equal(wtmp ? "wtmp" : "audit.log", Path.GetFileName(hole.RelatedPaths[0]));
        Assert.Contains(attack.Source, hole.Summary, StringComparison.Ordinal);
        // The source guessed passwords before: still Likely; the witness alone gives a lower confidence.
        Assert.Equal(TamperVerdict.Likely, hole.Tampering);
        Assert.Equal(0.75, hole.Confidence);
    }

    [Fact]
    public void NoBinaryWitnessNoHole()
    {
        // Secure alone: nothing to compare the wiped login with (the guessing is still there, logind's lines name no address).
        var (_, attack, found) = Detect(8, "Europe/London", HostFamily.AmazonLinux2, wipe: true, wtmp: false, audit: false);
        Assert.Null(attack.LoginTime);
        Assert.Empty(Holes(found));
    }

    [Theory]
    [InlineData(20220719, null)]
    [InlineData(4711, "America/New_York")]
    public void AHoleAtTheRunsStartIsCitedAgainstAClockFault(int seed, string? zone)
    {
        var start = TimeSpan.FromMinutes(-8);
        var (_, _, plain) = Detect(seed, zone, HostFamily.AmazonLinux2, wipe: false, start: start);
        var (_, attack, found) = Detect(seed, zone, HostFamily.AmazonLinux2, wipe: true, start: start);
        var runs = found.Where(a => a.Kind == AnomalyKind.DisplacedTimestamps).ToList();
        var quiet = plain.Where(a => a.Kind == AnomalyKind.DisplacedTimestamps).ToList();
        Assert.NotEmpty(runs);
        Assert.All(quiet, r => Assert.DoesNotContain(r.Evidence, e => e.Contains("a hole in one witness", StringComparison.Ordinal)));
        foreach (var r in runs)
        {
            Assert.True(r.Evidence.Any(e => e.StartsWith($"Tamper check (against): a login from {attack.Source} at {attack.LoginTime!.Value:yyyy-MM-dd HH:mm:ss zzz} is in ", StringComparison.Ordinal)
                && e.Contains("wtmp:", StringComparison.Ordinal) && e.Contains("audit.log:", StringComparison.Ordinal)
                && e.Contains($"but not in {Path.GetFileName(attack.LoginWipedFrom)}, which logged", StringComparison.Ordinal)
                && e.Contains("a hole in one witness while the others go on", StringComparison.Ordinal)), string.Join("\n", r.Evidence) + "\n" + attack);
            Assert.NotEqual(TamperVerdict.Unlikely, r.Tampering);
            Assert.Contains($"tampering {r.Tampering}", r.Summary, StringComparison.Ordinal);
        }
    }
}
