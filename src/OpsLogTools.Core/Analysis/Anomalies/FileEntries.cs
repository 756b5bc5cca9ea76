using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>The entries of one file, in file order, for <see cref="AnomalyDetector.Detect(IReadOnlyList{FileEntries}, AnomalyOptions)"/>.</summary>
/// <param name="Path">The file's path (every finding names it).</param>
/// <param name="Format">The format the file was read as.</param>
/// <param name="Entries">Its entries in file order (line order, not time order).</param>
public sealed record FileEntries(string Path, LogFormat Format, IReadOnlyList<LogEntry> Entries);
