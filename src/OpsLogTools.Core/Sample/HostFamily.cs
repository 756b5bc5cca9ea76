namespace OpsLogTools.Core.Sample;

/// <summary>Which distribution the generated host runs: how it updates its packages and which logs that leaves.</summary>
public enum HostFamily
{
    /// <summary>Amazon Linux 2 (the seed): yum from /etc/crontab, yum.log.</summary>
    AmazonLinux2,

    /// <summary>
    /// Debian 12: unattended-upgrades started by <c>apt-daily-upgrade.timer</c> (its unit under
    /// <c>lib/systemd/system</c>), apt's <c>apt/history.log</c>, <c>dpkg.log</c>,
    /// <c>unattended-upgrades/unattended-upgrades.log</c>, and a manual <c>sudo apt install</c>.
    /// </summary>
    Debian,
}
