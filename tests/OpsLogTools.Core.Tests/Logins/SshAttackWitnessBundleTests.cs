using OpsLogTools.Core.Analysis.Logins;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Sample;
using OpsLogTools.Core.Tests.Reading.Utmp;
using OpsLogTools.Core.Tests.Sample;
using OpsLogTools.Core.Tests.Witnesses;
using Xunit;

namespace OpsLogTools.Core.Tests.Logins;

/// <summary>
/// Generated bundles (the generator's SshAttackPlan with <c>LoginRecords</c> and <c>Auditd</c>: btmp, wtmp and
/// audit/audit.log written as sshd, loginrec.c and PAM write them) in several zones, seeds and host families: the attack
/// is counted once across secure/auth.log + btmp + wtmp + audit.log with each file named as a witness, and a "wiped"
/// secure (every line of the attacker's address removed) still leaves it found, exactly, from btmp, wtmp and audit.log.
/// utmpdump (util-linux) reads the generated btmp and wtmp as the ground truth says.
/// </summary>
public sealed class SshAttackWitnessBundleTests : IDisposable
{
    private readonly TempBundles _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<int, string?, int, bool, int, HostFamily> Cases => new()
    {
        { 20220719, null, 9, true, 8, HostFamily.AmazonLinux2 },
        { 4711, "America/New_York", 0, true, 13, HostFamily.AmazonLinux2 },
        { 4711, "America/New_York", 0, false, 7, HostFamily.AmazonLinux2 },
        { 99, "Asia/Kolkata", 0, true, 5, HostFamily.Debian },
        { 2024, "Europe/Berlin", 0, false, 21, HostFamily.Debian },
        { 31, "Australia/Lord_Howe", 0, true, 10, HostFamily.AmazonLinux2 },
    };

    private (GroundTruth Truth, SshAttackTruth Attack, string Dir) Generate(int seed, string? zone, int offsetHours, bool endsInLogin, int tries, HostFamily family)
    {
        var scenario = SshAttackBundleTests.Scenario(seed, zone, offsetHours, endsInLogin, tries, family);
        scenario = scenario with { SshAttack = scenario.SshAttack with { LoginRecords = true, Auditd = true } };
        string dir = _temp.NewDirectory($"{seed}-{endsInLogin}-{tries}");
        var truth = IncidentGenerator.Write(dir, scenario);
        var attack = Assert.IsType<SshAttackTruth>(truth.SshAttack);
        Assert.Equal(tries, attack.Failures);
        return (truth, attack, dir);
    }

    private static IReadOnlyList<LoginActivity> Scan(GroundTruth truth, string dir)
    {
        var scan = new LoginScan(new LoginOptions { IncidentStart = truth.IncidentStart, IncidentEnd = truth.IncidentStart.AddHours(6) });
        var diagnostics = new CollectingDiagnostics();
        var formats = new Dictionary<string, LogFormat>();
        foreach (var e in new LogReader(FormatRegistry.All).Read([dir], new LogReadOptions(), diagnostics))
        {
            scan.Add(e);
            formats[Path.GetFileName(e.Path)] = e.Format;
        }
        // The generated witnesses are read by their own readers, without a complaint.
        Assert.Equal(LogFormat.Utmp, formats["btmp"]);
        Assert.Equal(LogFormat.Audit, formats["audit.log"]);
        Assert.DoesNotContain(diagnostics.Warnings, w => Path.GetFileName(w.Path) is "btmp" or "wtmp" or "audit.log");
        Assert.Empty(diagnostics.Errors);
        return scan.Detect();
    }

    private static string SecureName(HostFamily family) => family == HostFamily.Debian ? "auth.log" : "secure";

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheAttackIsCountedOnceAcrossEveryWitness(int seed, string? zone, int offsetHours, bool endsInLogin, int tries, HostFamily family)
    {
        var (truth, attack, dir) = Generate(seed, zone, offsetHours, endsInLogin, tries, family);
        var a = Assert.Single(Scan(truth, dir), f => f.Source == attack.Source);
        Assert.Equal(attack.Failures, a.Failures);
        Assert.Equal(attack.Attempts, a.Attempts);
        Assert.Equal(attack.FirstAttempt, a.FirstSeen);
        Assert.Contains(SecureName(family), a.Witnesses);
        Assert.Contains("btmp", a.Witnesses);
        Assert.Contains("audit.log", a.Witnesses);
        if (endsInLogin)
        {
            Assert.Contains("wtmp", a.Witnesses);
            Assert.Equal(LoginActivityKind.SuccessAfterFailures, a.Kind);
            Assert.Equal(1, a.Successes);
            Assert.Equal(attack.LoginTime, a.FirstSuccess);
            Assert.Equal([attack.User], a.SuccessfulUsers);
        }
        else
        {
            Assert.DoesNotContain("wtmp", a.Witnesses);
            Assert.Equal(LoginActivityKind.BruteForce, a.Kind);
            Assert.Equal(0, a.Successes);
            Assert.Null(a.FirstSuccess);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AWipedSecureStillLeavesTheAttackInBtmpWtmpAndAudit(int seed, string? zone, int offsetHours, bool endsInLogin, int tries, HostFamily family)
    {
        var (truth, attack, dir) = Generate(seed, zone, offsetHours, endsInLogin, tries, family);
        // The wiper: every line naming the attacker's address goes from secure/auth.log (and its rotated plain-text siblings).
        int removed = 0;
        foreach (var file in Directory.EnumerateFiles(dir, SecureName(family) + "*").Where(f => !f.EndsWith(".gz", StringComparison.Ordinal)))
        {
            var lines = File.ReadAllLines(file);
            var kept = lines.Where(l => !l.Contains(attack.Source, StringComparison.Ordinal)).ToArray();
            removed += lines.Length - kept.Length;
            File.WriteAllLines(file, kept);
        }
        Assert.True(removed >= tries, $"only {removed} lines removed");

        var a = Assert.Single(Scan(truth, dir), f => f.Source == attack.Source);
        Assert.DoesNotContain(SecureName(family), a.Witnesses);
        Assert.Contains("btmp", a.Witnesses);
        Assert.Contains("audit.log", a.Witnesses);
        Assert.Equal(attack.Failures, a.Failures);
        Assert.Equal(attack.Attempts, a.Attempts);
        Assert.True(a.IsAttack);
        // pam_unix's first line went with secure: the first try seen is the first "Failed password" second (btmp's, 2-4 s later).
        Assert.InRange(a.FirstSeen, attack.FirstAttempt.AddSeconds(2), attack.FirstAttempt.AddSeconds(5));
        Assert.True(a.LastSeen >= attack.LastFailure);
        if (endsInLogin)
        {
            Assert.Equal(LoginActivityKind.SuccessAfterFailures, a.Kind);
            Assert.Equal(1, a.Successes);
            var first = Assert.IsType<DateTimeOffset>(a.FirstSuccess);
            Assert.Equal(attack.LoginTime, first.AddTicks(-(first.Ticks % TimeSpan.TicksPerSecond)));
        }
        else
        {
            Assert.Equal(LoginActivityKind.BruteForce, a.Kind);
            Assert.Null(a.FirstSuccess);
        }
    }

    [UtmpDumpTheory]
    [MemberData(nameof(Cases))]
    public void UtmpdumpReadsTheGeneratedBtmpAndWtmp(int seed, string? zone, int offsetHours, bool endsInLogin, int tries, HostFamily family)
    {
        var (_, attack, dir) = Generate(seed, zone, offsetHours, endsInLogin, tries, family);
        var btmp = UtmpDumpTool.Dump(Path.Combine(dir, "btmp"));
        Assert.Equal(tries, btmp.Count);
        Assert.All(btmp, r => Assert.Equal((6, attack.User, "ssh:notty", attack.Source, attack.Source), (r.Type, r.User, r.Terminal, r.Host, r.Address)));
        Assert.Equal(attack.LastFailure, btmp[^1].Time);
        Assert.True(btmp.Zip(btmp.Skip(1)).All(p => p.First.Time <= p.Second.Time));

        var wtmp = UtmpDumpTool.Dump(Path.Combine(dir, "wtmp"));
        if (!endsInLogin)
        {
            Assert.Empty(wtmp);
            return;
        }
        Assert.Equal(2, wtmp.Count);
        var (login, logout) = (wtmp[0], wtmp[1]);
        Assert.Equal((7, attack.User, attack.Source, attack.Source), (login.Type, login.User, login.Host, login.Address));
        Assert.StartsWith("pts/", login.Terminal, StringComparison.Ordinal);
        Assert.Equal(login.Terminal[^4..], login.Id);
        Assert.Equal(attack.LoginTime, login.Time.AddTicks(-(login.Time.Ticks % TimeSpan.TicksPerSecond)));
        Assert.Equal((8, login.Pid, login.Terminal, login.Id, ""), (logout.Type, logout.Pid, logout.Terminal, logout.Id, logout.User));
        Assert.True(logout.Time > login.Time);
    }

    [AusearchFact]
    public void AusearchReadsTheGeneratedAuditLog()
    {
        var (_, attack, dir) = Generate(4711, "America/New_York", 0, true, 13, HostFamily.AmazonLinux2);
        string file = Path.Combine(dir, "audit", "audit.log");
        var lines = File.ReadAllLines(file);
        var events = Ausearch.Events(file);
        // Every user-space record is an event of its own (audit_is_last_record), in the file's order.
        Assert.Equal(lines.Length, events.Count);
        Assert.Equal(lines.Select(l => l[5..l.IndexOf(' ', StringComparison.Ordinal)]), events.Select(e => Assert.Single(e.Records).Type));
        Assert.Equal(attack.Failures, events.Count(e => e.Records[0].Type == "USER_AUTH") - 1);
        var login = Assert.Single(events, e => e.Records[0].Type == "USER_LOGIN" && lines[events.IndexOf(e)].Contains("res=success", StringComparison.Ordinal));
        Assert.Equal(attack.LoginTime, login.Time);
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Records[0].Serial < p.Second.Records[0].Serial && p.First.Time <= p.Second.Time));
    }
}
