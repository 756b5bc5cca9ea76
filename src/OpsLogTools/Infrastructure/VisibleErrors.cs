using System.Management.Automation;
using System.Reflection;
using OpsLogTools.Core.Text;

namespace OpsLogTools.Infrastructure;

/// <summary>
/// Builds the ErrorRecords the cmdlets write, with everything the error views print made visible by
/// <see cref="ConsoleText.Visible(string?)"/>: the message, the target (shown in CategoryInfo and by Get-Error)
/// and the recommended action. An address argument, a client token or a file name can then put no escape
/// sequence, bidirectional override or invisible character on the admin's terminal through an error.
/// </summary>
internal static class VisibleErrors
{
    /// <summary>
    /// Like <c>new ErrorRecord(exception, errorId, category, target)</c>. The exception is kept as it is when its
    /// message (and every inner message) is already visible; otherwise it is replaced by one of the same type with
    /// the visible message, and the original is dropped so Get-Error cannot print it raw. A string target is kept
    /// as its visible text; any other target keeps the object, and its displayed name is made visible.
    /// </summary>
    public static ErrorRecord Record(Exception exception, string errorId, ErrorCategory category, object? target, string? recommendedAction = null)
    {
        var record = new ErrorRecord(Visible(exception), errorId, category, target is string s ? ConsoleText.Visible(s) : target);
        if (target is not null and not string)
        {
            string? name = null;
            try { name = target.ToString(); } catch (Exception e) when (e is not OutOfMemoryException) { }
            record.CategoryInfo.TargetName = ConsoleText.Visible(name);
        }
        if (recommendedAction is not null)
        {
            record.ErrorDetails = new ErrorDetails(record.Exception.Message) { RecommendedAction = ConsoleText.Visible(recommendedAction) };
        }
        return record;
    }

    /// <summary>
    /// The terminating error when the anomaly scan could not write or read back its temporary file of per-line facts
    /// (a large bundle's facts go there past a budget, issue 19): the folder full, gone or not writable. Its target is
    /// the temp folder, never an input.
    /// </summary>
    public static ErrorRecord SpillFailed(OpsLogTools.Core.Analysis.Anomalies.FactSpillException exception) =>
        Record(exception, "AnomalyFactSpillFailed", ErrorCategory.WriteError, Path.GetTempPath(),
            "Free space in the temp folder, or point TMPDIR at a folder with room (about 4 bytes a log line), and run again.");

    /// <summary>An exception whose message, and whose inner exceptions' messages, are all visible text.</summary>
    public static Exception Visible(Exception exception)
    {
        if (AllVisible(exception)) return exception;
        string message = ConsoleText.Visible(exception.Message);
        Exception? inner = exception.InnerException is { } i && AllVisible(i) ? i : null;
        return SameKind(exception.GetType(), message, inner) ?? new InvalidOperationException(message, inner);
    }

    private static bool AllVisible(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (!ConsoleText.IsVisible(e.Message)) return false;
        }
        return true;
    }

    // Keeps the exception type (FileNotFoundException, ItemNotFoundException, JsonException, ...) so CategoryInfo's
    // reason and `catch [type]` around -ErrorAction Stop behave as before; every common type has (string, Exception).
    private static Exception? SameKind(Type type, string message, Exception? inner)
    {
        var ctor = type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, [typeof(string), typeof(Exception)]);
        if (ctor is null) return null;
        try
        {
            return (Exception)ctor.Invoke([message, inner]);
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }
}
