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
/// The tamper verdict of a displaced run cites who was at the host at its edges (issue 16): generated bundles with
/// the seed's displaced clock (from the incident start) and the SshAttackPlan placed just before it, in two zones.
/// </summary>
public sealed class TamperLoginTests : IDisposable
{
    private readonly TempBundles _temp = new();

    public void Dispose() => _temp.Dispose();

    private (GroundTruth Truth, List<LogAnomaly> Runs) Runs(int seed, string? zone, SshAttackPlan attack, Action<string, GroundTruth>? addFiles = null, string tag = "")
    {
        var scenario = IncidentScenario.Default with { Seed = seed, HostTimeZone = zone, SshAttack = attack };
        string dir = _temp.NewDirectory($"{seed}-{attack.Enabled}-{attack.EndsInLogin}{tag}");
        var truth = IncidentGenerator.Write(dir, scenario);
        addFiles?.Invoke(dir, truth);
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

    /// <summary>
    /// One glibc x86_64 <c>struct utmp</c> (384 bytes; offsets as the utmp reader's UtmpLayout and utmpdump use them:
    /// type 0, pid 4, line 8, id 40, user 44, host 76, tv_sec 340, addr_v6 348), or 384 zero bytes for a wiped slot.
    /// </summary>
    private static byte[] Record(int type, string line, string user, string host, DateTimeOffset t, byte[]? ipv4)
    {
        var b = new byte[384];
        BitConverter.TryWriteBytes(b.AsSpan(0), type);
        BitConverter.TryWriteBytes(b.AsSpan(4), 4242);
        System.Text.Encoding.ASCII.GetBytes(line).CopyTo(b, 8);
        System.Text.Encoding.ASCII.GetBytes(line.Length > 4 ? line[^4..] : line).CopyTo(b, 40);
        System.Text.Encoding.ASCII.GetBytes(user).CopyTo(b, 44);
        System.Text.Encoding.ASCII.GetBytes(host).CopyTo(b, 76);
        BitConverter.TryWriteBytes(b.AsSpan(340), (int)t.ToUnixTimeSeconds());
        ipv4?.CopyTo(b, 348);
        return b;
    }

    /// <summary>A wtmp beside the seed bundle's logs: a boot long before, a login an hour before the run, then (wiped) a slot, then a login the next day.</summary>
    private static Action<string, GroundTruth> Wtmp(bool wiped) => (dir, truth) =>
    {
        var start = truth.IncidentStart;
        var records = new List<byte[]>
        {
            Record(2, "~", "reboot", "5.10.0", start.AddDays(-1), null),
            Record(7, "pts/0", "ec2-user", "198.51.100.20", start.AddHours(-1), [198, 51, 100, 20]),
        };
        if (wiped) records.Add(new byte[384]);
        records.Add(Record(7, "pts/1", "ec2-user", "198.51.100.20", start.AddDays(1), [198, 51, 100, 20]));
        File.WriteAllBytes(Path.Combine(dir, "wtmp"), records.SelectMany(r => r).ToArray());
    };

    [Fact]
    public void AWipedWtmpSlotAcrossTheRunWeighsAgainstAClockFault()
    {
        var (_, clean) = Runs(20220719, null, new SshAttackPlan(), Wtmp(wiped: false), "-wtmp");
        var (_, runs) = Runs(20220719, null, new SshAttackPlan(), Wtmp(wiped: true), "-wiped");
        Assert.NotEmpty(runs);
        Assert.All(clean, r => Assert.DoesNotContain(r.Evidence, e => e.Contains("zeroed or unreadable login record", StringComparison.Ordinal)));
        foreach (var r in runs)
        {
            var before = clean.Single(q => Path.GetFileName(q.Path) == Path.GetFileName(r.Path));
            Assert.Contains(r.Evidence, e => e.StartsWith("Tamper check (against): wtmp has 1 zeroed or unreadable login record(s) at byte offset 768 between records stamped", StringComparison.Ordinal)
                && e.EndsWith("a log wiper's sign.", StringComparison.Ordinal));
            Assert.Equal(before.Tampering == TamperVerdict.Unlikely ? TamperVerdict.Possible : before.Tampering, r.Tampering);
        }
    }
}
