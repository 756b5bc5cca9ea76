using OpsLogTools.Core.Analysis.Updates;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reports;
using OpsLogTools.Core.Sample;
using OpsLogTools.Core.Tests.Sample;

namespace OpsLogTools.Core.Tests.Reports;

/// <summary>Generated bundles (two scenarios: the seed incident, and another seed, zone and date) and the report read from each.</summary>
public sealed class ReportBundles : IDisposable
{
    private readonly TempBundles _temp = new();
    private readonly Dictionary<string, (string Directory, GroundTruth Truth)> _bundles = new();

    public static IncidentScenario Scenario(string name) => name switch
    {
        "seed" => IncidentScenario.Default,
        "eastern" => IncidentScenario.Default with
        {
            Seed = 4711,
            HostZone = TimeSpan.FromHours(-5),
            IncidentStart = new DateTime(2023, 11, 2, 22, 40, 0, DateTimeKind.Unspecified),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public (string Directory, GroundTruth Truth) Bundle(string name)
    {
        lock (_bundles)
        {
            if (!_bundles.TryGetValue(name, out var b))
            {
                string dir = _temp.NewDirectory(name);
                b = (dir, IncidentGenerator.Write(dir, Scenario(name)));
                _bundles[name] = b;
            }
            return b;
        }
    }

    /// <summary>Reads the bundle once through the builder, as Export-OpsReport does.</summary>
    public static OpsReport Report(string directory, OpsReportOptions? options = null, CollectingDiagnostics? diagnostics = null)
    {
        diagnostics ??= new CollectingDiagnostics();
        options ??= new OpsReportOptions();
        options = new OpsReportOptions
        {
            Title = options.Title,
            Since = options.Since,
            Until = options.Until,
            HostZone = options.HostZone,
            CronJobs = BundleCrontabs.Read([directory], diagnostics),
        };
        var builder = new OpsReportBuilder(options, diagnostics);
        var reader = new LogReader(FormatRegistry.All);
        builder.Analyze(reader.Read([directory], new LogReadOptions(), diagnostics));
        builder.AddReadReports(reader.Reports);
        return builder.Build();
    }

    public void Dispose() => _temp.Dispose();
}
