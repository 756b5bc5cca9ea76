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
/// outages) and on every real log under realdata. Past a budget the packed facts go to a temporary file and are read back
/// through a small cache (<see cref="FactSpill"/>): the third engine here spills with a budget of nothing, weighed every
/// 97 lines (so chunks go mid-file and parked ones are unpacked from the file), with a cache of one chunk (every change
/// of chunk is a read back): it must give the same findings too, and leave no file behind.
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
        var (packed, plain, spilled, lines) = All(dir, TimeZoneInfo.Utc, _temp.NewDirectory($"spill-{seed}"));

        Assert.True(lines > 10_000, $"{lines} lines");
        Assert.Equal(plain, spilled.Found);
        Assert.True(spilled.Bytes > 0 && spilled.Reads > 0, $"spilled {spilled.Bytes} bytes, {spilled.Reads} reads");
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
        string spillFolder = _temp.NewDirectory("spill-real");
        int findings = 0;
        foreach (string file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (var zone in new[] { TimeZoneInfo.Utc, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo") })
            {
                var (packed, plain, spilled, _) = All(file, zone, spillFolder);
                Assert.Equal(plain, packed);
                Assert.Equal(plain, spilled.Found);
                findings += packed.Count;
            }
        }
        foreach (string folder in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Prepend(root).Order(StringComparer.Ordinal))
        {
            var (packed, plain, spilled, _) = All(folder, TimeZoneInfo.Utc, spillFolder);
            Assert.Equal(plain, packed);
            Assert.Equal(plain, spilled.Found);
            findings += packed.Count;
        }
        Assert.True(findings > 0, "no real log gave a finding: nothing was compared");
        Assert.Empty(Directory.EnumerateFileSystemEntries(spillFolder));
    }

    [Fact]
    public void A_busy_access_log_with_a_displaced_night_gives_the_same_findings_packed_and_plain()
    {
        // Made here: three days of an Apache combined log, a request every 0–3 s (a chunk of 16,384 lines spans about
        // seven hours, so stamps pack to two bytes), a night stamped eight hours early, a 5xx burst and an hour-long hole.
        var rng = new Random(19);
        var t = new DateTimeOffset(2024, 5, 6, 0, 0, 0, TimeSpan.FromHours(2));
        string spillFolder = _temp.NewDirectory("spill-busy");
        var scan = (bool pack) => new AnomalyScan(new AnomalyOptions { PackFacts = pack });
        var packed = scan(true);
        var plain = scan(false);
        using var spilled = new AnomalyScan(SpillOptions(spillFolder));
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
            spilled.Add(e);
        }
        var a = packed.Detect().Select(Describe).ToList();
        var b = plain.Detect().Select(Describe).ToList();
        Assert.Contains(a, x => x.StartsWith(nameof(AnomalyKind.DisplacedTimestamps), StringComparison.Ordinal));
        Assert.Contains(a, x => x.StartsWith(nameof(AnomalyKind.ErrorBurst), StringComparison.Ordinal));
        Assert.Equal(b, a);
        Assert.Equal(b, spilled.Detect().Select(Describe).ToList());
        Assert.True(spilled.SpilledBytes > 0 && spilled.SpillReads > 0, $"spilled {spilled.SpilledBytes} bytes, {spilled.SpillReads} reads");
        // Only the open chunks stay in memory: a column's last chunk, not the file's 150,000 lines.
        Assert.True(spilled.FactBytes < 0.2 * packed.FactBytes, $"spilled scan holds {spilled.FactBytes} bytes, packed {packed.FactBytes}");
        spilled.Dispose();
        Assert.Empty(Directory.EnumerateFileSystemEntries(spillFolder));
        // Packed: stamps at two bytes a line at most, flags a byte (status is one value in most chunks); plain: 8 + 1.
        Assert.True(packed.FactBytes < 3.2 * 150_000, $"packed {packed.FactBytes} bytes");
        Assert.True(plain.FactBytes > 8.2 * 150_000, $"plain {plain.FactBytes} bytes");
    }

    /// <summary>A scan that spills every chunk it can, weighed every 97 lines, read back through a cache of one chunk.</summary>
    internal static AnomalyOptions SpillOptions(string folder) => new() { FactBudgetBytes = 0, WeighEveryLines = 97, SpillCacheBytes = 1, SpillFolder = folder };

    /// <summary>
    /// Findings of one path read as Get-LogAnomaly reads it, packed, plain and packed with every chunk spilled, each as one
    /// line of text; for the spilled scan also the bytes it wrote and the chunks it read back.
    /// </summary>
    private static (List<string> Packed, List<string> Plain, (List<string> Found, long Bytes, long Reads) Spilled, long Lines) All(string path, TimeZoneInfo zone, string spillFolder)
    {
        var packed = Scan(path, zone, new AnomalyOptions { PackFacts = true });
        var plain = Scan(path, zone, new AnomalyOptions { PackFacts = false });
        var spilled = Scan(path, zone, SpillOptions(spillFolder));
        Assert.Empty(Directory.EnumerateFileSystemEntries(spillFolder));
        return (packed.Found, plain.Found, (spilled.Found, spilled.Bytes, spilled.Reads), packed.Lines);
    }

    private static (List<string> Found, long Lines, long Bytes, long Reads) Scan(string path, TimeZoneInfo zone, AnomalyOptions options)
    {
        var reader = new LogReader(FormatRegistry.All);
        using var scan = new AnomalyScan(options);
        foreach (var entry in reader.Read([path], new LogReadOptions { LocalZone = zone }, new CollectingDiagnostics())) scan.Add(entry);
        foreach (var report in reader.Reports)
        {
            foreach (var damage in report.Damage)
            {
                if (damage.Kind is not (DamageKind.NulBytes or DamageKind.Binary or DamageKind.TruncatedGzip or DamageKind.CorruptGzip)) continue;
                scan.AddDamage(new FileDamage { Path = report.Path, FirstLine = damage.FirstLine, LastLine = damage.LastLine, Kind = damage.Kind, Bytes = damage.Bytes });
            }
        }
        return (scan.Detect().Select(Describe).ToList(), scan.LinesSeen, scan.SpilledBytes, scan.SpillReads);
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
