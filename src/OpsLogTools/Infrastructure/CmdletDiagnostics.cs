using System.Management.Automation;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Text;

namespace OpsLogTools.Infrastructure;

/// <summary>Turns engine diagnostics into warnings, non-terminating errors and verbose lines of a cmdlet.</summary>
internal sealed class CmdletDiagnostics : IReadDiagnostics
{
    private readonly Cmdlet _cmdlet;

    public CmdletDiagnostics(Cmdlet cmdlet) => _cmdlet = cmdlet;

    public int WarningCount { get; private set; }

    public int ErrorCount { get; private set; }

    public void Warning(string path, long lineNumber, string message)
    {
        WarningCount++;
        // Engine messages usually name their place already; add it only when they do not.
        string text = ConsoleText.Clean(message);
        if (!text.StartsWith(path, StringComparison.Ordinal))
        {
            text = lineNumber > 0 ? $"{path}:{lineNumber}: {text}" : $"{path}: {text}";
        }
        _cmdlet.WriteWarning(text);
    }

    public void Error(string path, string errorId, string message, Exception? exception = null)
    {
        ErrorCount++;
        var category = errorId switch
        {
            ErrorIds.FileNotFound => ErrorCategory.ObjectNotFound,
            ErrorIds.FileUnreadable or ErrorIds.DirectoryUnreadable or ErrorIds.FileChanged => ErrorCategory.ReadError,
            ErrorIds.NotRegularFile => ErrorCategory.InvalidType,
            ErrorIds.UnknownFormat => ErrorCategory.InvalidData,
            _ => ErrorCategory.InvalidData,
        };
        var ex = new IOException($"{path}: {ConsoleText.Clean(message)}", exception);
        _cmdlet.WriteError(new ErrorRecord(ex, errorId, category, path));
    }

    public void Verbose(string message) => _cmdlet.WriteVerbose(ConsoleText.Clean(message));
}
