namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>Which parts of a file's stamps the reader guessed (its <c>TimeBasis</c> says "(guess)").</summary>
[Flags]
internal enum TimeGuess
{
    None = 0,
    /// <summary>The year came from the file's modification time.</summary>
    Year = 1,
    /// <summary>The zone is that of the machine running the tool.</summary>
    Zone = 2,
}
