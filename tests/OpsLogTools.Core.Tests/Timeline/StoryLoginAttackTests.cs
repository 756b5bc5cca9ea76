using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reports;
using OpsLogTools.Core.Sample;
using OpsLogTools.Core.Tests.Sample;
using Xunit;

namespace OpsLogTools.Core.Tests.Timeline;

/// <summary>
/// The story of a night with the generator's SSH attack (SshAttackPlan, among its usual internet noise and the admin's
/// daily logins) in several zones, seeds and host families: the attacker's login is told as a login after password
/// guessing, with the ground truth's count of failed tries and the time of the first; the admin's logins are not; an
/// attack that gave up tells no login.
/// </summary>
public sealed class StoryLoginAttackTests : IDisposable
{
    private readonly TempBundles _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<int, string?, int, bool, int, HostFamily> Cases => new()
    {
        { 20220719, null, 9, true, 8, HostFamily.AmazonLinux2 },
        { 4711, "America/New_York", 0, true, 13, HostFamily.AmazonLinux2 },
        { 4711, "America/New_York", 0, false, 13, HostFamily.AmazonLinux2 },
        { 99, "Asia/Kolkata", 0, true, 5, HostFamily.Debian },
        { 2024, "Europe/Berlin", 0, true, 21, HostFamily.Debian },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheAttackersLoginIsToldAsALoginAfterGuessing(int seed, string? zone, int offsetHours, bool endsInLogin, int tries, HostFamily family)
    {
        var scenario = Logins.SshAttackBundleTests.Scenario(seed, zone, offsetHours, endsInLogin, tries, family);
        string dir = _temp.NewDirectory($"{seed}-{endsInLogin}");
        var truth = IncidentGenerator.Write(dir, scenario);
        var attack = Assert.IsType<SshAttackTruth>(truth.SshAttack);
        var story = HostTimeline.Read([dir], new LogReadOptions(), new CollectingDiagnostics()).Story();

        var logins = story.Where(s => s.Event == StoryEventKind.Login).ToList();
        Assert.NotEmpty(logins); // the admin's
        var fromAttacker = logins.Where(s => s.Summary.Contains($" from {attack.Source} ", StringComparison.Ordinal)).ToList();
        if (!endsInLogin)
        {
            Assert.Empty(fromAttacker);
            Assert.DoesNotContain(logins, s => s.Summary.Contains("guessing", StringComparison.Ordinal));
            return;
        }
        var login = Assert.Single(fromAttacker);
        Assert.Equal(attack.LoginTime, login.Time);
        Assert.StartsWith($"{attack.User} logged in over ssh from {attack.Source} (password) after {attack.Failures} failed tries from that address since ", login.Summary, StringComparison.Ordinal);
        Assert.Contains("a login after password guessing", login.Summary, StringComparison.Ordinal);
        // "since" is the attack's first try as Find-LoginActivity dates it (pam_unix's failure line, before sshd's Failed).
        Assert.Contains($"since {TimelineWords.Time(attack.FirstAttempt)}:", login.Summary, StringComparison.Ordinal);
        // The admin, who logs in every day from one address and never fails, is told as a plain login.
        Assert.All(logins.Except([login]), s => Assert.DoesNotContain("guessing", s.Summary, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(20220719, true)]
    [InlineData(4711, false)]
    public void TheReportSaysItAndWhatToDo(int seed, bool endsInLogin)
    {
        // As Export-OpsReport builds it: the bundle read once, and the timeline's story added.
        var scenario = IncidentScenario.Default with
        {
            Seed = seed,
            SshAttack = new SshAttackPlan { Enabled = true, EndsInLogin = endsInLogin, FailedTries = 9, User = "root" },
        };
        string dir = _temp.NewDirectory($"report-{seed}");
        var truth = IncidentGenerator.Write(dir, scenario);
        var attack = Assert.IsType<SshAttackTruth>(truth.SshAttack);
        var diagnostics = new CollectingDiagnostics();
        var builder = new OpsReportBuilder(new OpsReportOptions(), diagnostics);
        var reader = new LogReader(FormatRegistry.All);
        builder.Analyze(reader.Read([dir], new LogReadOptions(), diagnostics));
        builder.AddReadReports(reader.Reports);
        builder.AddStory(HostTimeline.Read([dir], new LogReadOptions(), diagnostics).Story());
        var report = builder.Build();

        var said = ReportNarrative.Sentences(report).Where(x => x.Contains(attack.Source, StringComparison.Ordinal)).ToList();
        var todo = ReportNarrative.WhatToDo(report).Where(x => x.Contains("password guessing", StringComparison.Ordinal)).ToList();
        if (!endsInLogin)
        {
            Assert.Empty(said);
            Assert.Empty(todo);
            return;
        }
        var sentence = Assert.Single(said);
        Assert.Contains($"root logged in over ssh from {attack.Source} (password) after 9 failed tries", sentence, StringComparison.Ordinal);
        Assert.Contains("Find-LoginActivity", Assert.Single(todo), StringComparison.Ordinal);
    }
}
