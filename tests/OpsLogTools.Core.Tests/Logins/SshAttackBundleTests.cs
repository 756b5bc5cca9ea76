using OpsLogTools.Core.Analysis.Logins;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Sample;
using OpsLogTools.Core.Tests.Sample;
using Xunit;

namespace OpsLogTools.Core.Tests.Logins;

/// <summary>
/// Generated bundles (the generator's SshAttackPlan, with its usual internet noise and the admin's daily logins) in
/// several zones, seeds, dates and host families: the planted attack is found exactly as the ground truth says
/// (source, user, time, attempts), as SuccessAfterFailures when it ended in a login and as an attack only when not,
/// and nothing else in the bundle is taken for a success after guessing or a new source.
/// </summary>
public sealed class SshAttackBundleTests : IDisposable
{
    private readonly TempBundles _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<int, string?, int, bool, int, HostFamily> Cases => new()
    {
        { 20220719, null, 9, true, 8, HostFamily.AmazonLinux2 },
        { 20220719, null, 9, false, 8, HostFamily.AmazonLinux2 },
        { 4711, "America/New_York", 0, true, 13, HostFamily.AmazonLinux2 },
        { 4711, "America/New_York", 0, false, 13, HostFamily.AmazonLinux2 },
        { 99, "Asia/Kolkata", 0, true, 5, HostFamily.Debian },
        { 2024, "Europe/Berlin", 0, false, 21, HostFamily.Debian },
    };

    /// <summary>The seed incident (or, for another seed, a night in November 2023) with the attack planted: guessing
    /// <paramref name="tries"/> times as root, ending in a login, or as oracle, giving up. Shared by the tests of the attack.</summary>
    internal static IncidentScenario Scenario(int seed, string? zone, int offsetHours, bool endsInLogin, int tries, HostFamily family) =>
        IncidentScenario.Default with
        {
            Seed = seed,
            HostTimeZone = zone,
            HostZone = TimeSpan.FromHours(offsetHours),
            IncidentStart = seed == 20220719 ? IncidentScenario.Default.IncidentStart : new DateTime(2023, 11, 2 + seed % 7, 22, 40, 0, DateTimeKind.Unspecified),
            HostFamily = family,
            SshAttack = new SshAttackPlan { Enabled = true, EndsInLogin = endsInLogin, FailedTries = tries, User = endsInLogin ? "root" : "oracle" },
        };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ThePlantedAttackIsFoundExactly(int seed, string? zone, int offsetHours, bool endsInLogin, int tries, HostFamily family)
    {
        var scenario = Scenario(seed, zone, offsetHours, endsInLogin, tries, family);
        string dir = _temp.NewDirectory($"{seed}-{endsInLogin}");
        var truth = IncidentGenerator.Write(dir, scenario);
        var attack = Assert.IsType<SshAttackTruth>(truth.SshAttack);
        Assert.Equal(tries, attack.Failures);

        var scan = new LoginScan(new LoginOptions { IncidentStart = truth.IncidentStart, IncidentEnd = truth.IncidentStart.AddHours(6) });
        foreach (var e in new LogReader(FormatRegistry.All).Read([dir], new LogReadOptions(), new CollectingDiagnostics())) scan.Add(e);
        var found = scan.Detect();

        var a = Assert.Single(found, f => f.Source == attack.Source);
        Assert.Equal(attack.Failures, a.Failures);
        Assert.Equal(attack.Attempts, a.Attempts);
        Assert.Equal(attack.FirstAttempt, a.FirstSeen);
        Assert.Contains(attack.User, a.Users);
        Assert.True(a.IsAttack);
        Assert.True(a.DuringIncident);
        if (endsInLogin)
        {
            Assert.Equal(LoginActivityKind.SuccessAfterFailures, a.Kind);
            Assert.Equal(attack.LoginTime, a.FirstSuccess);
            Assert.Equal(1, a.Successes);
            Assert.Equal([attack.User], a.SuccessfulUsers);
            Assert.Same(a, found[0]);
        }
        else
        {
            Assert.Null(attack.LoginTime);
            Assert.Equal(LoginActivityKind.BruteForce, a.Kind);
            Assert.Equal(0, a.Successes);
            Assert.Null(a.FirstSuccess);
        }
        // Nothing else is a success after guessing, or a new source: the admin logs in every day from one address.
        Assert.DoesNotContain(found, f => f.Source != attack.Source && f.Kind is LoginActivityKind.SuccessAfterFailures or LoginActivityKind.NewSourceLogin);
        Assert.All(found, f => Assert.Equal(0, f.Source == attack.Source ? 0 : f.Successes));
    }
}
