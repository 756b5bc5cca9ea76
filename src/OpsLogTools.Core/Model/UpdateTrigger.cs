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
    /// <summary>dnf-automatic (a systemd timer).</summary>
    DnfAutomatic,
    /// <summary>
    /// A systemd timer other than dnf-automatic's: apt's <c>apt-daily-upgrade.timer</c> starting unattended-upgrades, or a
    /// timer unit of the bundle whose service runs an update (<see cref="UpdateRun.Schedule"/> names the timer and its
    /// <c>OnCalendar=</c>).
    /// </summary>
    SystemdTimer,
}
