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
/// Zeroed slots at the very end of wtmp (issue 16's log-wiper sign; no record after them, so only the reader's damage
/// report sees them): a hand-written wtmp (glibc x86_64 <c>struct utmp</c>, 384 bytes; offsets as utmpdump and the
/// reader's UtmpLayout use them) beside generated bundles with the seed's displaced clock, in two zones. The reader's
/// Malformed slots reach the scan as Get-LogAnomaly passes them; the verdict cites them against a clock fault when the
/// last record kept is before the run's end, and only as a witness when it comes after the run.
/// </summary>
public sealed class TrailingWipeTests : IDisposable
{
    private readonly TempBundles _temp = new();

    public void Dispose() => _temp.Dispose();

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

    private List<LogAnomaly> Runs(int seed, string? zone, TimeSpan lastKept, int zeroed, string tag)
    {
        string dir = _temp.NewDirectory($"{seed}-{tag}");
        var truth = IncidentGenerator.Write(dir, IncidentScenario.Default with { Seed = seed, HostTimeZone = zone });
        var start = truth.IncidentStart;
        var records = new List<byte[]>
        {
            Record(2, "~", "reboot", "5.10.0", start.AddDays(-1), null),
            Record(7, "pts/0", "ec2-user", "198.51.100.20", start + lastKept, [198, 51, 100, 20]),
        };
        for (int i = 0; i < zeroed; i++) records.Add(new byte[384]);
        File.WriteAllBytes(Path.Combine(dir, "wtmp"), records.SelectMany(r => r).ToArray());

        var scan = new AnomalyScan();
        var reader = new LogReader(FormatRegistry.All);
        foreach (var e in reader.Read([dir], new LogReadOptions(), new CollectingDiagnostics())) scan.Add(e);
        // As Get-LogAnomaly passes them: a login file's malformed slots, after its entries.
        foreach (var report in reader.Reports.Where(r => r.Format == LogFormat.Utmp))
        {
            foreach (var d in report.Damage.Where(d => d.Kind == DamageKind.Malformed))
                scan.AddDamage(new FileDamage { Path = report.Path, FirstLine = d.FirstLine, LastLine = d.LastLine, Kind = d.Kind });
        }
        return scan.Detect().Where(a => a.Kind == AnomalyKind.DisplacedTimestamps).ToList();
    }

    [Theory]
    [InlineData(20220719, null)]
    [InlineData(4711, "America/New_York")]
    public void ZeroedSlotsAtTheEndOfWtmpWeighAgainstAClockFault(int seed, string? zone)
    {
        var clean = Runs(seed, zone, TimeSpan.FromHours(-1), 0, "clean");
        var wiped = Runs(seed, zone, TimeSpan.FromHours(-1), 2, "wiped");
        Assert.NotEmpty(wiped);
        Assert.Equal(clean.Count, wiped.Count);
        Assert.All(clean, r => Assert.DoesNotContain(r.Evidence, e => e.Contains("zeroed or unreadable login record", StringComparison.Ordinal)));
        foreach (var r in wiped)
        {
            var before = clean.Single(q => Path.GetFileName(q.Path) == Path.GetFileName(r.Path));
            Assert.True(r.Evidence.Any(e => e.StartsWith("Tamper check (against): wtmp has 2 zeroed or unreadable login record(s) at byte offset 768, after its last record (wtmp:2, stamped", StringComparison.Ordinal)
                && e.EndsWith("a log wiper's sign.", StringComparison.Ordinal)), string.Join("\n", r.Evidence));
            Assert.Equal(before.Tampering == TamperVerdict.Unlikely ? TamperVerdict.Possible : before.Tampering, r.Tampering);
        }
    }

    [Theory]
    [InlineData(20220719, null)]
    [InlineData(4711, "America/New_York")]
    public void ZeroedSlotsAfterARecordPastTheRunAreOnlyCited(int seed, string? zone)
    {
        var clean = Runs(seed, zone, TimeSpan.FromDays(2), 0, "later-clean");
        var wiped = Runs(seed, zone, TimeSpan.FromDays(2), 3, "later-wiped");
        Assert.Equal(clean.Select(c => c.Tampering), wiped.Select(w => w.Tampering));
        Assert.All(wiped, r =>
        {
            Assert.Contains(r.Evidence, e => e.StartsWith("Tamper check (witnesses): wtmp has 3 zeroed or unreadable login record(s) at byte offset 768", StringComparison.Ordinal) && e.EndsWith(", after this run.", StringComparison.Ordinal));
            Assert.DoesNotContain(r.Evidence, e => e.StartsWith("Tamper check (against): wtmp", StringComparison.Ordinal));
        });
    }
}
