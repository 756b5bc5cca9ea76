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
        _cmdlet.WriteWarning(ConsoleText.Visible(Placed(path, lineNumber, message)));
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
        // The engine's own exception stays inside only when its text is already visible (VisibleErrors.Record).
        var ex = new IOException(Placed(path, 0, message), exception);
        _cmdlet.WriteError(VisibleErrors.Record(ex, errorId, category, path));
    }

    public void Verbose(string message) => _cmdlet.WriteVerbose(ConsoleText.Visible(message));

    /// <summary>
    /// The message with its place in front, unless the engine named the place already (most messages start with the
    /// path). Compared on the raw text: comparing the cleaned message with the raw path, as before, missed every path
    /// holding a control character and printed the path twice, once of them raw.
    /// </summary>
    internal static string Placed(string path, long lineNumber, string message)
    {
        if (path.Length == 0 || message.StartsWith(path, StringComparison.Ordinal)) return message;
        return lineNumber > 0 ? $"{path}:{lineNumber}: {message}" : $"{path}: {message}";
    }
}
