namespace OpsLogTools.Core.Model;

/// <summary>What started an update run.</summary>
public enum UpdateTrigger
{
    /// <summary>No schedule explains it: someone ran yum or dnf by hand (or a tool we cannot see).</summary>
    Manual,
    /// <summary>A cron job that runs yum or dnf.</summary>
    Cron,
    /// <summary>yum-cron (from cron or /etc/cron.daily).</summary>
    YumCron,
    /// <summary>dnf-automatic, when the bundle has no timer unit whose elapse explains the run (else <see cref="SystemdTimer"/>).</summary>
    DnfAutomatic,
    /// <summary>
    /// A systemd timer: apt's <c>apt-daily-upgrade.timer</c> starting unattended-upgrades, or a timer unit of the bundle
    /// (<c>dnf-automatic.timer</c> among them) whose elapse explains the run of the service it starts (<see cref="UpdateRun.Schedule"/> names the timer and its
    /// <c>OnCalendar=</c>).
    /// </summary>
    SystemdTimer,
}
