using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>Keeps a worker's diagnostics until the calling thread replays them (cmdlets may only write from their own thread).</summary>
internal sealed class BufferedDiagnostics : IReadDiagnostics
{
    private List<Action<IReadDiagnostics>>? _calls;

    public List<Action<IReadDiagnostics>>? Take()
    {
        var calls = _calls;
        _calls = null;
        return calls;
    }

    public void Warning(string path, long lineNumber, string message) => Add(d => d.Warning(path, lineNumber, message));

    public void Error(string path, string errorId, string message, Exception? exception = null) => Add(d => d.Error(path, errorId, message, exception));

    public void Verbose(string message) => Add(d => d.Verbose(message));

    private void Add(Action<IReadDiagnostics> call) => (_calls ??= new List<Action<IReadDiagnostics>>()).Add(call);
}
