namespace OpsLogTools.Core.Sample;

/// <summary>The outage as it was written (times true; PIDs numbered later).</summary>
internal sealed class OutagePlan
{
    public DateTimeOffset MaxRequestWorkers { get; init; }
    public List<(DateTimeOffset At, Numbered Pid, bool Main)> OomKills { get; } = new();
    public DateTimeOffset AdminLogin { get; set; }
    public DateTimeOffset RestartCommand { get; set; }
    public SyslogRecord? RestartRecord { get; set; }
    public Numbered HttpdPidBefore { get; set; } = null!;
    public Numbered HttpdPidAfter { get; set; } = null!;
}
