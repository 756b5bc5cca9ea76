using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Finds displaced, missing, corrupted, error-burst and outage stretches in the files of one host's bundle.
/// A facade over <see cref="AnomalyScan"/> for callers that already hold the entries.
/// </summary>
public sealed class AnomalyDetector
{
    /// <summary>Detects anomalies in <paramref name="files"/> (each file's entries in file order).</summary>
    public IReadOnlyList<LogAnomaly> Detect(IReadOnlyList<FileEntries> files, AnomalyOptions options) =>
        Detect(files, [], options);

    /// <summary>Detects anomalies in <paramref name="files"/>, with the reader's <paramref name="damage"/> reports.</summary>
    public IReadOnlyList<LogAnomaly> Detect(IReadOnlyList<FileEntries> files, IReadOnlyList<FileDamage> damage, AnomalyOptions options)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(damage);
        var scan = new AnomalyScan(options);
        foreach (var file in files)
        {
            foreach (var entry in file.Entries) scan.Add(file.Path, file.Format, entry);
        }
        foreach (var d in damage) scan.AddDamage(d);
        return scan.Detect();
    }
}
