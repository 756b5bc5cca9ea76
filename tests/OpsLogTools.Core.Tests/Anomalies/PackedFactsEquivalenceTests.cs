using System.Collections;
using System.Globalization;
using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Sample;
using OpsLogTools.Core.Tests.RealData;
using OpsLogTools.Core.Tests.Sample;
using Xunit;

namespace OpsLogTools.Core.Tests.Anomalies;

/// <summary>
/// Issue 19: the anomaly engine keeps its per-line facts packed (<see cref="StampColumn"/>, <see cref="Column{T}"/>); with
/// <see cref="AnomalyOptions.PackFacts"/> off it keeps them as plain values, the engine as it was. Both must give the same
/// findings, every property of every finding (kind, lines, stamped and true times, offsets, verdicts, evidence), on the
/// incident generator's bundles (seeds, zones, dates, host families; displaced runs, zone shifts, holes, NULs, bursts,
/// outages) and on every real log under realdata.
/// </summary>
public sealed class PackedFactsEquivalenceTests : IDisposable
{
    private readonly TempBundles _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<int, string?, string, HostFamily, bool> Scenarios => new()
    {
        // Seed, host zone (null: the seed's +09:00 offset), incident start, family, clock witnesses at the run's edges.
        { 20220719, null, "2022-07-19T21:10:00", HostFamily.AmazonLinux2, false },
        { 4711, "America/New_York", "2023-03-12T01:30:00", HostFamily.Debian, true },
        { 99, "Asia/Tokyo", "2021-12-31T21:40:00", HostFamily.AmazonLinux2023, false },
        { 31337, "Europe/Berlin", "2024-10-27T02:20:00", HostFamily.AmazonLinux2, true },
        { 5, "UTC", "2020-02-29T12:00:00", HostFamily.Debian, false },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void A_generated_incident_gives_the_same_findings_packed_and_plain(int seed, string? zone, string start, HostFamily family, bool witnesses)
    {
        string dir = _temp.NewDirectory($"packed-{seed}");
        IncidentGenerator.Write(dir, new IncidentScenario
        {
            Seed = seed,
            HostTimeZone = zone,
            IncidentStart = DateTime.Parse(start, CultureInfo.InvariantCulture),
            HostFamily = family,
            DaysBefore = 3,
            RotatedFiles = 3,
            ClockWitnesses = new ClockWitnessPlan { DateStepsAtRunEdges = witnesses, AuditTimeChange = witnesses },
        });
        var (packed, plain, lines) = Both(dir, TimeZoneInfo.Utc);

        Assert.True(lines > 10_000, $"{lines} lines");
        // The seed's plants are found at all (a comparison of two empty lists would prove nothing).
        Assert.Contains(packed, a => a.StartsWith(nameof(AnomalyKind.DisplacedTimestamps), StringComparison.Ordinal));
        Assert.True(packed.Count >= 4, string.Join("\n", packed));
        Assert.Equal(plain, packed);
    }

    [RealDataFact]
    public void Every_real_log_gives_the_same_findings_packed_and_plain()
    {
        // Each file alone in two zones, and each folder (the whole of realdata included) as one bundle.
        var root = RealDataFolder.Path!;
        int findings = 0;
        foreach (string file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (var zone in new[] { TimeZoneInfo.Utc, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo") })
            {
                var (packed, plain, _) = Both(file, zone);
                Assert.Equal(plain, packed);
                findings += packed.Count;
            }
        }
        foreach (string folder in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Prepend(root).Order(StringComparer.Ordinal))
        {
            var (packed, plain, _) = Both(folder, TimeZoneInfo.Utc);
            Assert.Equal(plain, packed);
            findings += packed.Count;
        }
        Assert.True(findings > 0, "no real log gave a finding: nothing was compared");
    }

    [Fact]
    public void A_busy_access_log_with_a_displaced_night_gives_the_same_findings_packed_and_plain()
    {
        // Made here: three days of an Apache combined log, a request every 0–3 s (a chunk of 16,384 lines spans about
        // seven hours, so stamps pack to two bytes), a night stamped eight hours early, a 5xx burst and an hour-long hole.
        var rng = new Random(19);
        var t = new DateTimeOffset(2024, 5, 6, 0, 0, 0, TimeSpan.FromHours(2));
        var scan = (bool pack) => new AnomalyScan(new AnomalyOptions { PackFacts = pack });
        var packed = scan(true);
        var plain = scan(false);
        int n = 0;
        while (n < 150_000)
        {
            t = t.AddSeconds(rng.Next(0, 4));
            if (n == 100_000) t = t.AddHours(1);
            bool night = n >= 40_000 && n < 42_000;
            int status = n >= 70_000 && n < 70_300 && rng.Next(2) == 0 ? 503 : 200;
            var e = new AccessLogEntry
            {
                Path = "/var/log/httpd/access_log", LineNumber = ++n, Format = LogFormat.ApacheCombined,
                Timestamp = night ? t.AddHours(-8) : t, Message = "GET / HTTP/1.1", Status = status, Method = "GET", Target = "/", ClientIp = "192.0.2.7",
            };
            packed.Add(e);
            plain.Add(e);
        }
        var a = packed.Detect().Select(Describe).ToList();
        var b = plain.Detect().Select(Describe).ToList();
        Assert.Contains(a, x => x.StartsWith(nameof(AnomalyKind.DisplacedTimestamps), StringComparison.Ordinal));
        Assert.Contains(a, x => x.StartsWith(nameof(AnomalyKind.ErrorBurst), StringComparison.Ordinal));
        Assert.Equal(b, a);
        // Packed: stamps at two bytes a line at most, flags a byte (status is one value in most chunks); plain: 8 + 1.
        Assert.True(packed.FactBytes < 3.2 * 150_000, $"packed {packed.FactBytes} bytes");
        Assert.True(plain.FactBytes > 8.2 * 150_000, $"plain {plain.FactBytes} bytes");
    }

    /// <summary>Findings of one path read as Get-LogAnomaly reads it, once packed and once plain, each as one line of text.</summary>
    private static (List<string> Packed, List<string> Plain, long Lines) Both(string path, TimeZoneInfo zone)
    {
        var packed = Scan(path, zone, pack: true);
        var plain = Scan(path, zone, pack: false);
        return (packed.Found, plain.Found, packed.Lines);
    }

    private static (List<string> Found, long Lines) Scan(string path, TimeZoneInfo zone, bool pack)
    {
        var reader = new LogReader(FormatRegistry.All);
        var scan = new AnomalyScan(new AnomalyOptions { PackFacts = pack });
        foreach (var entry in reader.Read([path], new LogReadOptions { LocalZone = zone }, new CollectingDiagnostics())) scan.Add(entry);
        foreach (var report in reader.Reports)
        {
            foreach (var damage in report.Damage)
            {
                if (damage.Kind is not (DamageKind.NulBytes or DamageKind.Binary or DamageKind.TruncatedGzip or DamageKind.CorruptGzip)) continue;
                scan.AddDamage(new FileDamage { Path = report.Path, FirstLine = damage.FirstLine, LastLine = damage.LastLine, Kind = damage.Kind, Bytes = damage.Bytes });
            }
        }
        return (scan.Detect().Select(Describe).ToList(), scan.LinesSeen);
    }

    /// <summary>Every public property of a finding, lists item by item, with times to the tick and their offsets.</summary>
    internal static string Describe(LogAnomaly a) => a.Kind + " " + string.Join(" | ", typeof(LogAnomaly).GetProperties()
        .OrderBy(p => p.Name, StringComparer.Ordinal)
        .Select(p => p.Name + "=" + Show(p.GetValue(a))));

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => s,
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable list => "[" + string.Join("; ", list.Cast<object?>().Select(Show)) + "]",
        _ => value.ToString() ?? "",
    };
}
