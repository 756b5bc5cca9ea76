using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Sample;

namespace OpsLogTools.Core.Tests.EndToEnd;

/// <summary>
/// One generated bundle, read with the real reader and scanned the way Get-LogAnomaly does it (entries, then the
/// reader's corruption reports as <see cref="FileDamage"/>). The directory is removed on dispose.
/// </summary>
public sealed class AnomalyBundleRun : IDisposable
{
    private static readonly DamageKind[] CorruptionKinds = [DamageKind.NulBytes, DamageKind.Binary, DamageKind.TruncatedGzip, DamageKind.CorruptGzip];

    /// <param name="name">For the directory and the output.</param>
    /// <param name="scenario">What the generator writes.</param>
    /// <param name="edit">Changes the written bundle before it is read (directory, truth), e.g. cuts lines the generator cannot.</param>
    public AnomalyBundleRun(string name, IncidentScenario scenario, Action<string, GroundTruth>? edit = null)
    {
        Name = name;
        Scenario = scenario;
        Directory = Path.Combine(Path.GetTempPath(), "opslogtools-anomaly-" + name + "-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Truth = IncidentGenerator.Write(Directory, scenario);
        edit?.Invoke(Directory, Truth);

        var reader = new LogReader(FormatRegistry.All);
        var scan = new AnomalyScan();
        var options = new LogReadOptions { LocalZone = TimeZoneInfo.Utc };
        foreach (var entry in reader.Read([Directory], options, Diagnostics)) scan.Add(entry);
        foreach (var report in reader.Reports)
        {
            foreach (var damage in report.Damage)
            {
                if (Array.IndexOf(CorruptionKinds, damage.Kind) < 0) continue;
                scan.AddDamage(new FileDamage
                {
                    Path = report.Path,
                    FirstLine = damage.FirstLine,
                    LastLine = damage.LastLine,
                    Kind = damage.Kind,
                    Bytes = damage.Bytes,
                });
            }
        }
        LinesSeen = scan.LinesSeen;
        Found = scan.Detect();
    }

    public string Name { get; }
    public IncidentScenario Scenario { get; }
    public string Directory { get; }
    public GroundTruth Truth { get; }
    public CollectingDiagnostics Diagnostics { get; } = new();
    public long LinesSeen { get; }
    public IReadOnlyList<LogAnomaly> Found { get; }

    /// <summary>The truth's relative path ('/' separated) of an anomaly's file.</summary>
    public string Relative(string path) => Path.GetRelativePath(Directory, path).Replace('\\', '/');

    public IEnumerable<LogAnomaly> Of(AnomalyKind kind, string? relativePath = null) =>
        Found.Where(a => a.Kind == kind && (relativePath is null || Relative(a.Path) == relativePath));

    /// <summary>What was found, one anomaly a few lines, for the test output.</summary>
    public string Describe()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"{Name}: {LinesSeen} lines, {Found.Count} anomalies");
        foreach (var a in Found)
        {
            text.AppendLine($"{a.Kind} {Relative(a.Path)}:{a.FirstLine}-{a.LastLine} n={a.LineCount} off={a.OffsetSeconds}±{a.OffsetUncertaintySeconds} {a.Cause} {a.Tampering} conf={a.Confidence} svc={a.Service}");
            text.AppendLine($"   stamped {a.StampedStart:O} .. {a.StampedEnd:O}; true {a.Start:O} .. {a.End:O}");
            foreach (var e in a.Evidence.Take(6)) text.AppendLine("   - " + e);
        }
        return text.ToString();
    }

    public void Dispose()
    {
        try
        {
            if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
