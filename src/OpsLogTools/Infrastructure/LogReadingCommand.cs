using System.Management.Automation;
using System.Text;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Infrastructure;

/// <summary>
/// Base of every cmdlet that reads logs: the time and encoding options of the readers (-TimeZone, -ReferenceDate,
/// -Encoding), Ctrl+C cancellation, diagnostics as warnings and ErrorRecords, and progress by bytes read.
/// </summary>
public abstract class LogReadingCommand : PSCmdlet
{
    private CancellationTokenSource? _cts;
    private ProgressWriter? _progress;

    /// <summary>Zone for stamps that carry none (syslog, yum.log, error_log) when the bundle does not tell.</summary>
    [Parameter]
    [TimeZoneTransformation]
    [ArgumentCompleter(typeof(TimeZoneCompleter))]
    public TimeZoneInfo? TimeZone { get; set; }

    /// <summary>A moment the logs are known to reach, for the year of yearless stamps when the bundle does not tell.</summary>
    [Parameter]
    public DateTimeOffset? ReferenceDate { get; set; }

    /// <summary>Text encoding of the logs when not UTF-8 (e.g. shift_jis, euc-jp).</summary>
    [Parameter]
    [EncodingTransformation]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    public Encoding? Encoding { get; set; }

    /// <summary>Cancelled when the user presses Ctrl+C.</summary>
    protected CancellationToken Cancellation => _cts?.Token ?? CancellationToken.None;

    /// <summary>The diagnostics adapter for this run.</summary>
    internal CmdletDiagnostics Diagnostics { get; private set; } = null!;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _cts = new CancellationTokenSource();
        Diagnostics = new CmdletDiagnostics(this);
        _progress = new ProgressWriter(this, 1, $"{MyInvocation.MyCommand.Name}: reading logs");
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _cts?.Cancel();

    /// <summary>Options for the readers from the common parameters.</summary>
    protected LogReadOptions CreateReadOptions(LogFormat? format = null) => new()
    {
        Format = format,
        TimeZone = TimeZone,
        ReferenceDate = ReferenceDate,
        LocalZone = TimeZoneInfo.Local,
        Encoding = Encoding,
        Progress = _progress,
    };

    /// <summary>Closes the progress bar (a Completed record), when one was shown.</summary>
    protected void CompleteProgress() => _progress?.Complete();

    /// <summary>Disposes the cancellation source.</summary>
    protected override void EndProcessing() => _cts?.Dispose();
}
