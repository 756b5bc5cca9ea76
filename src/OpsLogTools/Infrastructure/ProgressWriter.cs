using System.Diagnostics;
using System.Management.Automation;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Text;

namespace OpsLogTools.Infrastructure;

/// <summary>
/// Write-Progress by bytes read, at most a few times a second, always closed with a Completed record.
/// Called on the pipeline thread (the engine reports progress from the enumerating thread).
/// </summary>
internal sealed class ProgressWriter : IProgress<ReadProgress>
{
    private readonly Cmdlet _cmdlet;
    private readonly ProgressRecord _record;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastShown = -1000;
    private bool _shown;

    public ProgressWriter(Cmdlet cmdlet, int activityId, string activity)
    {
        _cmdlet = cmdlet;
        _record = new ProgressRecord(activityId, ConsoleText.Visible(activity), "Starting");
    }

    public void Report(ReadProgress value)
    {
        long now = _clock.ElapsedMilliseconds;
        if (now - _lastShown < 250) return;
        _lastShown = now;
        int percent = value.TotalBytes > 0 ? (int)Math.Clamp(value.BytesRead * 100 / value.TotalBytes, 0, 100) : -1;
        _record.StatusDescription = $"{ConsoleText.Visible(System.IO.Path.GetFileName(value.CurrentFile))} ({value.BytesRead / 1048576.0:F1} of {value.TotalBytes / 1048576.0:F1} MB)";
        _record.PercentComplete = percent;
        _record.RecordType = ProgressRecordType.Processing;
        _shown = true;
        _cmdlet.WriteProgress(_record);
    }

    public void Complete()
    {
        if (!_shown) return;
        _record.RecordType = ProgressRecordType.Completed;
        _record.PercentComplete = 100;
        _cmdlet.WriteProgress(_record);
        _shown = false;
    }
}
