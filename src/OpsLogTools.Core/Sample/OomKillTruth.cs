namespace OpsLogTools.Core.Sample;

/// <summary>One OOM kill of an httpd process.</summary>
public sealed class OomKillTruth
{
    /// <summary>When the kernel killed it (true time).</summary>
    public DateTimeOffset At { get; init; }
    /// <summary>The killed process.</summary>
    public int Pid { get; init; }
    /// <summary>Whether it was httpd's main process (which ends the service).</summary>
    public bool MainProcess { get; init; }
}
