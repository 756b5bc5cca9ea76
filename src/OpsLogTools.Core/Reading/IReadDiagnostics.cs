namespace OpsLogTools.Core.Reading;

/// <summary>
/// Where the engine reports what it could not read. The cmdlets turn these into warnings, non-terminating
/// errors and verbose lines; tests collect them. Calls happen on the thread that enumerates the reader.
/// </summary>
public interface IReadDiagnostics
{
    /// <summary>A line or stretch was skipped or altered (malformed line, NUL run, over-long line). The rest goes on.</summary>
    void Warning(string path, long lineNumber, string message);

    /// <summary>A whole file (or its remainder) could not be read: unreadable, truncated gzip. The rest of the input goes on.</summary>
    void Error(string path, string errorId, string message, Exception? exception = null);

    /// <summary>Chatter for -Verbose: which format was detected, how a year was chosen, files passed over.</summary>
    void Verbose(string message);
}

/// <summary>A diagnostics sink that drops everything.</summary>
public sealed class NullDiagnostics : IReadDiagnostics
{
    /// <summary>The shared instance.</summary>
    public static readonly NullDiagnostics Instance = new();
    /// <inheritdoc />
    public void Warning(string path, long lineNumber, string message) { }
    /// <inheritdoc />
    public void Error(string path, string errorId, string message, Exception? exception = null) { }
    /// <inheritdoc />
    public void Verbose(string message) { }
}

/// <summary>A diagnostics sink that keeps everything, for tests and for summaries.</summary>
public sealed class CollectingDiagnostics : IReadDiagnostics
{
    /// <summary>Warnings as (path, line, message).</summary>
    public List<(string Path, long Line, string Message)> Warnings { get; } = new();
    /// <summary>Errors as (path, errorId, message).</summary>
    public List<(string Path, string ErrorId, string Message)> Errors { get; } = new();
    /// <summary>Verbose lines.</summary>
    public List<string> VerboseLines { get; } = new();
    /// <inheritdoc />
    public void Warning(string path, long lineNumber, string message) => Warnings.Add((path, lineNumber, message));
    /// <inheritdoc />
    public void Error(string path, string errorId, string message, Exception? exception = null) => Errors.Add((path, errorId, message));
    /// <inheritdoc />
    public void Verbose(string message) => VerboseLines.Add(message);
}
