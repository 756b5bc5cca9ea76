using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>What <see cref="UpdateRunDetector"/> found: the update runs and the daemon restarts around them.</summary>
public sealed class UpdateHistory
{
    /// <summary>Every run in time order, including cron starts that changed no package (<see cref="UpdateRun.IsEmpty"/>).</summary>
    public IReadOnlyList<UpdateRun> Runs { get; init; } = [];

    /// <summary>Daemon starts, stops, reloads and boots in time order.</summary>
    public IReadOnlyList<ServiceEvent> ServiceEvents { get; init; } = [];

    /// <summary>True when the input had lines that can show restarts (systemd, rsyslogd, kernel, Apache error log): without them, "not restarted" cannot be said.</summary>
    public bool SawServiceLines { get; init; }

    /// <summary>The crontab jobs the runs were matched against.</summary>
    public IReadOnlyList<CronJob> CronJobs { get; init; } = [];

    /// <summary>The systemd timer units the runs were matched against.</summary>
    public IReadOnlyList<Timers.TimerUnit> Timers { get; init; } = [];
}
