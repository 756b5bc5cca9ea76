using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Model;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.Anomalies;

/// <summary>Runs detection on a synthetic host and shows what was found in the test output.</summary>
internal static class AnomalyTestKit
{
    public static IReadOnlyList<LogAnomaly> Detect(SyntheticHost host, ITestOutputHelper? output, IReadOnlyList<FileDamage>? damage = null, AnomalyOptions? options = null)
    {
        var files = SyntheticBundle.Render(host);
        var found = new AnomalyDetector().Detect(files, damage ?? [], options ?? AnomalyOptions.Default);
        if (output is not null)
        {
            output.WriteLine($"{files.Sum(f => f.Entries.Count)} lines in {files.Count} files; {found.Count} anomalies");
            foreach (var a in found)
            {
                output.WriteLine($"{a.Kind} {System.IO.Path.GetFileName(a.Path)}:{a.FirstLine}-{a.LastLine} n={a.LineCount} off={a.OffsetSeconds}±{a.OffsetUncertaintySeconds} {a.Cause} {a.Tampering} conf={a.Confidence} basis={a.Basis}");
                output.WriteLine($"   stamped {a.StampedStart:O} .. {a.StampedEnd:O}; true {a.Start:O} .. {a.End:O}");
                foreach (var e in a.Evidence) output.WriteLine("   - " + e);
            }
        }
        return found;
    }
}
