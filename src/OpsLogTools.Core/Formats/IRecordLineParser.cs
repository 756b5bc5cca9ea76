using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// A line parser whose entries are records of several lines (apt's history.log): it hands an entry over when the
/// record's last line arrives, and at the end of the input it hands over the record still open, so a record cut
/// off by the end of the file (apt still running, or killed) is not lost. Readers call <see cref="TryFinish"/> once,
/// after the last line.
/// </summary>
public interface IRecordLineParser : ILineParser
{
    /// <summary>The record still open at the end of the input, if any.</summary>
    bool TryFinish(out LogEntry? entry);
}
