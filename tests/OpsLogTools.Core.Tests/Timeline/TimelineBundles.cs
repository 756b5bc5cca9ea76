using System.Collections.Concurrent;
using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Sample;
using OpsLogTools.Core.Tests.Sample;

namespace OpsLogTools.Core.Tests.Timeline;

/// <summary>Generated bundles (IncidentGenerator) with their truth and timeline, made once per scenario for the test class.</summary>
public sealed class TimelineBundles : IDisposable
{
    public static readonly Dictionary<string, IncidentScenario> Scenarios = new()
    {
        ["seed"] = IncidentScenario.Default,
        ["new-york"] = new() { Seed = 7, HostZone = TimeSpan.FromHours(-5), IncidentStart = new DateTime(2023, 3, 1, 20, 45, 0), RotatedFiles = 1 },
        ["utc-host"] = new()
        {
            Seed = 9,
            HostZone = TimeSpan.Zero,
            HostName = "web-1",
            RotatedFiles = 1,
            DisplacedClock = StampRunPlant.SeedDisplacedClock with { Offset = TimeSpan.FromDays(3) + TimeSpan.FromSeconds(17) },
        },
        ["new-year"] = new() { Seed = 10, IncidentStart = new DateTime(2022, 12, 31, 22, 40, 0), RotatedFiles = 1, DaysBefore = 1 },
        ["timezone-shift"] = new()
        {
            Seed = 11,
            DisplacedClock = StampRunPlant.Off,
            HostZone = new TimeSpan(5, 30, 0),
            RotatedFiles = 1,
            TimeZoneShift = StampRunPlant.SeedTimeZoneShift with { Enabled = true, Start = TimeSpan.FromMinutes(-30), End = TimeSpan.FromHours(3) },
        },
        ["nothing-planted"] = IncidentScenario.NothingPlanted(13) with { RotatedFiles = 1 },
        // Whole files off by one constant (no step): rsyslog writing UTC on a JST host, and a clock 47 min 13 s slow on a
        // -04:00 host in another year; the seed's other plants stay in the first.
        ["whole-file-utc"] = IncidentScenario.Default with
        {
            Seed = 14,
            RotatedFiles = 1,
            DisplacedClock = StampRunPlant.Off,
            TimeZoneShift = StampRunPlant.WholeFile(TimeSpan.FromHours(-9)),
        },
        ["whole-file-slow"] = IncidentScenario.NothingPlanted(15) with
        {
            HostZone = TimeSpan.FromHours(-4),
            IncidentStart = new DateTime(2024, 2, 28, 23, 30, 0),
            RotatedFiles = 1,
            DisplacedClock = StampRunPlant.WholeFile(-new TimeSpan(0, 47, 13)),
        },
    };

    private readonly TempBundles _temp = new();
    private readonly ConcurrentDictionary<string, Lazy<Bundle>> _made = new();

    public Bundle Get(string name) => _made.GetOrAdd(name, n => new Lazy<Bundle>(() => Make(n))).Value;

    private Bundle Make(string name)
    {
        string dir = _temp.NewDirectory(name);
        var truth = IncidentGenerator.Write(dir, Scenarios[name]);
        var diagnostics = new CollectingDiagnostics();
        var timeline = HostTimeline.Read([dir], Options, diagnostics);
        return new Bundle(dir, truth, timeline, diagnostics);
    }

    public static LogReadOptions Options { get; } = new() { LocalZone = TimeZoneInfo.Utc };

    public void Dispose() => _temp.Dispose();

    public sealed record Bundle(string Directory, GroundTruth Truth, HostTimeline Timeline, CollectingDiagnostics Diagnostics)
    {
        public string Relative(string path) => Path.GetRelativePath(Directory, path).Replace('\\', '/');
    }
}
