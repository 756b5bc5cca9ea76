using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Passes diagnostics on to <see cref="Target"/>, which may change: a big file's session reports its opening on the
/// worker that opens it (buffered) and later judges the file's lines on the detector's thread (straight to the caller).
/// </summary>
internal sealed class RelayDiagnostics(IReadDiagnostics target) : IReadDiagnostics
{
    public IReadDiagnostics Target { get; set; } = target;

    public void Warning(string path, long lineNumber, string message) => Target.Warning(path, lineNumber, message);

    public void Error(string path, string errorId, string message, Exception? exception = null) => Target.Error(path, errorId, message, exception);

    public void Verbose(string message) => Target.Verbose(message);
}
