namespace OpsLogTools.Core.Sample;

/// <summary>Which distribution the generated host runs: how it updates its packages and which logs that leaves.</summary>
public enum HostFamily
{
    /// <summary>Amazon Linux 2 (the seed): yum from /etc/crontab, yum.log.</summary>
    AmazonLinux2,

    /// <summary>
    /// Debian 12: unattended-upgrades started by <c>apt-daily-upgrade.timer</c> (its unit under
    /// <c>lib/systemd/system</c>), apt's <c>apt/history.log</c>, <c>dpkg.log</c>,
    /// <c>unattended-upgrades/unattended-upgrades.log</c>, and a manual <c>sudo apt install</c>. rsyslog writes Debian's
    /// files: <c>syslog</c>, <c>auth.log</c>, <c>kern.log</c>, rotated without dates (<c>syslog.1</c>, <c>syslog.2.gz</c>).
    /// </summary>
    Debian,

    /// <summary>
    /// Amazon Linux 2023: no rsyslog (every line goes to the journal, written as <c>journalctl -o export</c> output in
    /// <see cref="JournalWriter.ExportPath"/>), dnf 4 with <c>dnf-automatic.timer</c> (its unit under
    /// <c>usr/lib/systemd/system</c>, an optional drop-in under <c>etc/systemd/system</c>), <c>dnf.log</c>,
    /// <c>dnf.rpm.log</c>, <c>hawkey.log</c>, and a manual <c>sudo dnf install</c>. The planted stamp runs, cut and NULs
    /// of the rsyslog files do not apply (there are none).
    /// </summary>
    AmazonLinux2023,
}
