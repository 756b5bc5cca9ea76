using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Sample;
using OpsLogTools.Core.Tests.EndToEnd;
using OpsLogTools.Core.Tests.Sample;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.Timeline;

/// <summary>
/// The timeline's displacement engine keeps facts only for the lines near steps back (FactWindows). On generated
/// bundles (the timeline's and the anomaly tests' scenarios, and longer, busier ones where many lines lie outside the
/// windows) it must find exactly what the engine finds when it takes every line.
/// </summary>
public sealed class WindowedFactsTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempBundles _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Longer and busier bundles than the other tests use, so most lines lie far from the displaced night.</summary>
    public static readonly Dictionary<string, IncidentScenario> Longer = new()
    {
        ["seed-week"] = IncidentScenario.Default with
        {
            Seed = 501,
            DaysBefore = 6,
            Visitors = new VisitorPlan { PageViewsPerHour = 40 },
            SshAttemptsPerHour = 30,
        },
        ["slow-clock-sydney"] = IncidentScenario.Default with
        {
            Seed = 502,
            HostZone = TimeSpan.FromHours(10),
            IncidentStart = new DateTime(2024, 2, 9, 22, 20, 0),
            DaysBefore = 5,
            DisplacedClock = new StampRunPlant { Enabled = true, Offset = -new TimeSpan(9, 6, 41, 3) },
            Visitors = new VisitorPlan { PageViewsPerHour = 30 },
        },
        ["fast-clock-utc"] = IncidentScenario.Default with
        {
            Seed = 503,
            HostZone = TimeSpan.Zero,
            IncidentStart = new DateTime(2023, 10, 4, 19, 5, 0),
            DaysBefore = 5,
            RotatedFiles = 1,
            DisplacedClock = new StampRunPlant { Enabled = true, Offset = TimeSpan.FromDays(3) + TimeSpan.FromSeconds(17) },
            Visitors = new VisitorPlan { PageViewsPerHour = 30 },
            SshAttemptsPerHour = 20,
        },
        ["new-year-chicago"] = IncidentScenario.Default with
        {
            Seed = 504,
            HostZone = TimeSpan.FromHours(-6),
            IncidentStart = new DateTime(2021, 12, 31, 21, 55, 0),
            DaysBefore = 4,
            DisplacedClock = new StampRunPlant { Enabled = true, Offset = -new TimeSpan(61, 0, 2, 0) },
            Visitors = new VisitorPlan { PageViewsPerHour = 25 },
        },
        ["zone-shift-kathmandu"] = IncidentScenario.Default with
        {
            Seed = 505,
            HostZone = new TimeSpan(5, 45, 0),
            IncidentStart = new DateTime(2022, 5, 17, 21, 0, 0),
            DaysBefore = 5,
            DisplacedClock = StampRunPlant.Off,
            TimeZoneShift = new StampRunPlant { Enabled = true, Offset = -new TimeSpan(5, 45, 0) },
            Visitors = new VisitorPlan { PageViewsPerHour = 30 },
        },
    };

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (string name in TimelineBundles.Scenarios.Keys) names.Add("timeline:" + name);
        foreach (var (name, _) in AnomalyBundleFixture.Planted) names.Add("anomaly:" + name);
        foreach (string name in Longer.Keys) names.Add("longer:" + name);
        return names;
    }

    private static IncidentScenario ScenarioOf(string name)
    {
        int colon = name.IndexOf(':');
        string kind = name[..colon], key = name[(colon + 1)..];
        return kind switch
        {
            "timeline" => TimelineBundles.Scenarios[key],
            "anomaly" => AnomalyBundleFixture.Planted.Single(p => p.Name == key).Scenario,
            _ => Longer[key],
        };
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Windows_find_what_the_whole_bundle_finds(string name)
    {
        string dir = _temp.NewDirectory(name.Replace(':', '-'));
        var truth = IncidentGenerator.Write(dir, ScenarioOf(name));

        var whole = HostTimeline.Read([dir], TimelineBundles.Options, new CollectingDiagnostics(), wholeBundle: true);
        var said = new CollectingDiagnostics();
        var windowed = HostTimeline.Read([dir], TimelineBundles.Options, said, wholeBundle: false);
        foreach (string line in said.VerboseLines.Where(l => l.StartsWith("timeline:", StringComparison.Ordinal))) output.WriteLine(line);

        output.WriteLine($"{name}: {whole.EntryCount} lines, facts for {windowed.FactLines} (whole bundle {whole.FactLines}), {windowed.Displacements.Count} stretch(es)");
        Assert.Equal(Describe(whole.Displacements), Describe(windowed.Displacements));
        Assert.Equal(whole.EntryCount, windowed.EntryCount);
        if (truth.StampRuns.Count > 0)
        {
            // Something was planted: the engine found it, and from fewer lines than the bundle holds.
            Assert.NotEmpty(windowed.Displacements);
            Assert.InRange(windowed.FactLines, 1, whole.FactLines - 1);
        }
    }

    private static List<string> Describe(IReadOnlyList<LogAnomaly> found) =>
        found.Select(a => string.Join(" | ",
            Path.GetFileName(a.Path), a.FirstLine, a.LastLine, a.LineCount, a.OffsetSeconds, a.OffsetUncertaintySeconds,
            a.Cause, a.Basis, a.Tampering, a.Confidence, a.Start.ToString("O"), a.End.ToString("O"),
            a.StampedStart.ToString("O"), a.StampedEnd.ToString("O"),
            string.Join(",", a.RelatedPaths.Select(Path.GetFileName)),
            string.Join(" / ", a.Evidence)))
        .ToList();
}

/// <summary>
/// The windows against the whole bundle on random stamp walks: two access logs in true time, one with a planted run
/// stamped early or late (from a quarter of an hour to months), long enough that most lines lie outside the windows.
/// </summary>
public sealed class WindowedWalkTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(23)]
    [InlineData(71)]
    public void Windows_find_what_every_line_finds_on_random_walks(int seed)
    {
        var rng = new Random(seed);
        var options = new Analysis.Anomalies.AnomalyOptions { Kinds = [AnomalyKind.DisplacedTimestamps] };
        int found = 0, smaller = 0;
        for (int trial = 0; trial < 8; trial++)
        {
            var start = new DateTimeOffset(2019 + rng.Next(6), 1 + rng.Next(12), 1 + rng.Next(28), 0, 0, 0, TimeSpan.FromHours(rng.Next(-8, 10)));
            var files = new List<List<LogEntry>>();
            for (int file = 0; file < 2; file++)
            {
                var entries = new List<LogEntry>();
                var t = start;
                int n = 12_000 + rng.Next(8_000);
                int from = file == 0 ? 5_000 + rng.Next(n - 8_000) : -1, to = from + 20 + rng.Next(600);
                long minutes = rng.Next(3) switch { 0 => rng.Next(15, 600), 1 => rng.Next(600, 20_000), _ => rng.Next(20_000, 200_000) };
                var shift = TimeSpan.FromMinutes(rng.Next(2) == 0 ? minutes : -minutes);
                for (int i = 0; i < n; i++)
                {
                    t = t.AddSeconds(rng.Next(0, 20));
                    var stamp = i >= from && i < to ? t + shift : t;
                    entries.Add(new LogEntry { Path = $"access{file}", LineNumber = i + 1, Format = LogFormat.ApacheCombined, Timestamp = stamp, Message = "GET /" });
                }
                files.Add(entries);
            }

            var whole = new Analysis.Anomalies.AnomalyScan(options);
            foreach (var e in files.SelectMany(f => f)) whole.Add(e);
            var windows = new FactWindows();
            var ledgers = files.Select(f =>
            {
                var ledger = new JumpLedger(LogFormat.ApacheCombined, options);
                foreach (var e in f) ledger.Add(e.Timestamp);
                return ledger;
            }).ToList();
            for (int k = 0; k < files.Count; k++) windows.Add(k, LogFormat.ApacheCombined, ledgers[k].Count, ledgers[k].Finish());
            windows.Seal();
            var windowed = new Analysis.Anomalies.AnomalyScan(options);
            for (int k = 0; k < files.Count; k++)
            {
                var filter = windows.For(k, ledgers[k].MinStamp, ledgers[k].MaxStamp);
                if (filter is null) continue;
                for (int i = 0; i < files[k].Count; i++)
                {
                    if (filter.Keep(i, files[k][i].Timestamp.UtcTicks)) windowed.Add(files[k][i]);
                }
            }

            var a = whole.Detect().Select(x => $"{x.Path} {x.FirstLine}-{x.LastLine} {x.OffsetSeconds} {x.Cause} {x.Basis} {x.Tampering}").ToList();
            var b = windowed.Detect().Select(x => $"{x.Path} {x.FirstLine}-{x.LastLine} {x.OffsetSeconds} {x.Cause} {x.Basis} {x.Tampering}").ToList();
            Assert.Equal(a, b);
            found += a.Count;
            if (windowed.LinesSeen < whole.LinesSeen / 2) smaller++;
        }
        Assert.True(found > 0 && smaller > 0, $"found {found}, smaller {smaller}");
    }
}
