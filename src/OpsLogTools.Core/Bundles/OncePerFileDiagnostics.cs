using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Bundles;

/// <summary>
/// Passes warnings and errors on once per file and drops verbose lines: for what a later pass over a bundle meets that
/// the first pass could not have (a file rotated between the passes), which every later pass would meet again.
/// </summary>
internal sealed class OncePerFileDiagnostics(IReadDiagnostics inner) : IReadDiagnostics
{
    private readonly HashSet<string> _said = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    public void Warning(string path, long lineNumber, string message)
    {
        if (First(path)) inner.Warning(path, lineNumber, message);
    }

    public void Error(string path, string errorId, string message, Exception? exception = null)
    {
        if (First(path)) inner.Error(path, errorId, message, exception);
    }

    public void Verbose(string message) { }

    private bool First(string path)
    {
        lock (_lock) return _said.Add(path);
    }
}
