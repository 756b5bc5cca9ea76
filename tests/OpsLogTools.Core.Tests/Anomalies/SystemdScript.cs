namespace OpsLogTools.Core.Tests.Anomalies;

/// <summary>How a host's systemd words its lines.</summary>
public enum SystemdStyle
{
    /// <summary>CentOS 7 (systemd 219): rsyslog writes <c>systemd:</c> with no pid; units named by Description; <c>User Slice of root</c>.</summary>
    Centos7,
    /// <summary>RHEL/Oracle Linux 8 (systemd 239): <c>systemd[1]:</c>, the user manager <c>systemd[pid]:</c>; <c>/run/user/1000 mount wrapper</c>.</summary>
    Rhel8,
    /// <summary>RHEL 9 (systemd 252): units named <c>httpd.service - The Apache HTTP Server</c>; <c>Deactivated successfully</c>.</summary>
    Rhel9,
}

/// <summary>
/// Writes what systemd, systemd-logind, sshd, rsyslogd and the kernel log for logins, logouts and a reboot into a
/// <see cref="SyntheticHost"/>'s messages and secure, in the words of systemd 219, 239 and 252 (the texts are those of
/// systemd's src/core/job.c and unit.c status messages, logind's session messages, the units' Description= lines
/// shipped by systemd, dbus and httpd, rsyslog's start and exit lines, and the kernel's boot banner).
/// </summary>
internal sealed class SystemdScript(SyntheticHost host, SystemdStyle style)
{
    private const string Messages = SyntheticHost.Messages;
    private readonly Dictionary<string, (int Uid, int ManagerPid, int Sessions)> _users = [];
    private int _session = 40;

    public SystemdStyle Style => style;

    private int? SystemPid => style == SystemdStyle.Centos7 ? null : 1;

    /// <summary>A unit's name in a status line: Description before v246, "unit - Description" after.</summary>
    public string Unit(string unit, string description) => style == SystemdStyle.Rhel9 ? $"{unit} - {description}" : description;

    private void System(DateTimeOffset t, string message) => host.Add(SyntheticHostFiles.Syslog(Messages, t, "systemd", SystemPid, message));

    private void Manager(DateTimeOffset t, string user, string message) =>
        host.Add(SyntheticHostFiles.Syslog(Messages, t, "systemd", style == SystemdStyle.Centos7 ? null : _users[user].ManagerPid, message));

    /// <summary>An ssh login of <paramref name="user"/>; returns the session id for <see cref="Logout"/>.</summary>
    public int Login(DateTimeOffset t, string user, int uid)
    {
        int sshd = host.NewPid(), session = ++_session;
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Secure, t, "sshd", sshd, $"Accepted publickey for {user} from 203.0.113.{uid % 200 + 1} port {40000 + session} ssh2: ED25519 SHA256:kq3MexampleKey"));
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Secure, t, "sshd", sshd, $"pam_unix(sshd:session): session opened for user {user}(uid={uid}) by (uid=0)"));
        host.Add(SyntheticHostFiles.Syslog(Messages, t, "systemd-logind", 880, $"New session {session} of user {user}."));
        if (!_users.TryGetValue(user, out var u) || u.Sessions == 0)
        {
            u = (uid, host.NewPid(), 0);
            _users[user] = u;
            if (style == SystemdStyle.Centos7)
            {
                // systemd 219: no user-runtime-dir@ unit (logind mounts /run/user/UID itself), the slice named by user name.
                System(t, $"Created slice User Slice of {user}.");
                System(t, $"Starting User Slice of {user}.");
                System(t, $"Starting User Manager for UID {uid}...");
            }
            else
            {
                System(t, style == SystemdStyle.Rhel9 ? $"Created slice user-{uid}.slice - User Slice of UID {uid}." : $"Created slice User Slice of UID {uid}.");
                System(t, $"Starting {Unit($"user-runtime-dir@{uid}.service", RuntimeDir(uid))}...");
                System(t, $"Started {Unit($"user-runtime-dir@{uid}.service", RuntimeDir(uid))}.");
                System(t, $"Starting {Unit($"user@{uid}.service", $"User Manager for UID {uid}")}...");
            }
            Manager(t.AddSeconds(1), user, "Reached target Paths.");
            Manager(t.AddSeconds(1), user, "Reached target Timers.");
            if (style == SystemdStyle.Centos7)
            {
                // A "Server with GUI" install: gvfs runs in each user's manager.
                Manager(t.AddSeconds(1), user, "Starting Virtual filesystem service...");
                Manager(t.AddSeconds(1), user, "Started Virtual filesystem service.");
            }
            if (style != SystemdStyle.Centos7)
            {
                Manager(t.AddSeconds(1), user, "Starting D-Bus User Message Bus Socket.");
                Manager(t.AddSeconds(1), user, "Listening on D-Bus User Message Bus Socket.");
            }
            Manager(t.AddSeconds(1), user, "Reached target Sockets.");
            Manager(t.AddSeconds(1), user, "Reached target Basic System.");
            Manager(t.AddSeconds(1), user, style == SystemdStyle.Rhel9 ? "Reached target Main User Target." : "Reached target Default.");
            Manager(t.AddSeconds(1), user, "Startup finished in 118ms.");
            System(t.AddSeconds(1), $"Started {Unit($"user@{uid}.service", $"User Manager for UID {uid}")}.");
        }
        _users[user] = (u.Uid, u.ManagerPid, u.Sessions + 1);
        System(t.AddSeconds(1), style == SystemdStyle.Rhel9 ? $"Started session-{session}.scope - Session {session} of User {user}." : $"Started Session {session} of user {user}.");
        return session;
    }

    /// <summary>The user leaves: the session scope ends, and with the user's last session their user manager and runtime directory.</summary>
    public void Logout(DateTimeOffset t, string user, int session)
    {
        var u = _users[user];
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Secure, t, "sshd", host.NewPid(), $"pam_unix(sshd:session): session closed for user {user}"));
        host.Add(SyntheticHostFiles.Syslog(Messages, t, "systemd-logind", 880, $"Session {session} logged out. Waiting for processes to exit."));
        host.Add(SyntheticHostFiles.Syslog(Messages, t, "systemd-logind", 880, $"Removed session {session}."));
        if (style == SystemdStyle.Rhel9) System(t, $"session-{session}.scope: Deactivated successfully.");
        else if (style == SystemdStyle.Rhel8) System(t, $"session-{session}.scope: Succeeded.");
        _users[user] = (u.Uid, u.ManagerPid, u.Sessions - 1);
        if (u.Sessions - 1 > 0) return;
        var s = t.AddSeconds(10);
        int uid = u.Uid;
        System(s, $"Stopping {Unit($"user@{uid}.service", $"User Manager for UID {uid}")}...");
        if (style == SystemdStyle.Centos7)
        {
            // systemd 219's user manager, on lines without a pid like everything systemd writes to rsyslog there.
            Manager(s, user, "Stopping Virtual filesystem service...");
            Manager(s, user, "Stopped Virtual filesystem service.");
            Manager(s, user, "Stopping Default.");
            Manager(s, user, "Stopped target Default.");
            Manager(s, user, "Stopping Basic System.");
            Manager(s, user, "Stopped target Basic System.");
            Manager(s, user, "Stopped target Paths.");
            Manager(s, user, "Stopped target Timers.");
            Manager(s, user, "Stopped target Sockets.");
            Manager(s, user, "Starting Shutdown.");
            Manager(s, user, "Reached target Shutdown.");
            Manager(s, user, "Starting Exit the Session...");
            System(s, $"Stopped User Manager for UID {uid}.");
            System(s, $"Removed slice User Slice of {user}.");
            System(s, $"Stopping User Slice of {user}.");
            return;
        }
        Manager(s, user, style == SystemdStyle.Rhel9 ? "Activating special unit Exit the Session..." : "Stopping D-Bus User Message Bus...");
        Manager(s, user, style == SystemdStyle.Rhel9 ? "Stopped target Main User Target." : "Stopped target Default.");
        if (style == SystemdStyle.Rhel9) Manager(s, user, "Stopping dbus-broker.service - D-Bus User Message Bus...");
        Manager(s, user, style == SystemdStyle.Rhel9 ? "Stopped dbus-broker.service - D-Bus User Message Bus." : "Stopped D-Bus User Message Bus.");
        Manager(s, user, "Stopped target Basic System.");
        Manager(s, user, "Stopped target Paths.");
        Manager(s, user, "Stopped target Sockets.");
        Manager(s, user, "Stopped target Timers.");
        Manager(s, user, style == SystemdStyle.Rhel9 ? "Closed dbus.socket - D-Bus User Message Bus Socket." : "Closed D-Bus User Message Bus Socket.");
        Manager(s, user, "Reached target Shutdown.");
        Manager(s, user, style == SystemdStyle.Rhel9 ? "Finished systemd-exit.service - Exit the Session." : "Started Exit the Session.");
        Manager(s, user, "Reached target Exit the Session.");
        System(s, style == SystemdStyle.Rhel9 ? $"user@{uid}.service: Deactivated successfully." : $"user@{uid}.service: Succeeded.");
        System(s, $"Stopped {Unit($"user@{uid}.service", $"User Manager for UID {uid}")}.");
        System(s, $"Stopping {Unit($"user-runtime-dir@{uid}.service", RuntimeDir(uid))}...");
        if (style == SystemdStyle.Rhel9) System(s, $"run-user-{uid}.mount: Deactivated successfully.");
        System(s, $"Stopped {Unit($"user-runtime-dir@{uid}.service", RuntimeDir(uid))}.");
        System(s, style == SystemdStyle.Rhel9 ? $"Removed slice user-{uid}.slice - User Slice of UID {uid}." : $"Removed slice User Slice of UID {uid}.");
    }

    // systemd 239 named user-runtime-dir@.service "/run/user/%i mount wrapper"; 240 renamed it.
    private string RuntimeDir(int uid) => style == SystemdStyle.Rhel8 ? $"/run/user/{uid} mount wrapper" : $"User Runtime Directory /run/user/{uid}";

    /// <summary>Services of the host, as (unit, Description).</summary>
    public static readonly (string Unit, string Description)[] Services =
    [
        ("httpd.service", "The Apache HTTP Server"), ("sshd.service", "OpenSSH server daemon"), ("crond.service", "Command Scheduler"),
        ("chronyd.service", "NTP client/server"), ("amazon-ssm-agent.service", "amazon-ssm-agent"), ("rsyslog.service", "System Logging Service"),
    ];

    /// <summary>
    /// <c>systemctl reboot</c> at <paramref name="t"/>: logind announces it, the open sessions and every service stop,
    /// rsyslog exits (its files end there unless <paramref name="fullTail"/>, as a journal export would have the rest:
    /// the shutdown targets and systemd-shutdown), and the kernel boots at <paramref name="boot"/>, systemd starting
    /// the services again. Returns the true times of the first shutdown line and of the boot banner.
    /// </summary>
    public (DateTimeOffset First, DateTimeOffset Banner) Reboot(DateTimeOffset t, DateTimeOffset boot, bool fullTail, IEnumerable<int> openSessions)
    {
        _users.Clear();
        host.Add(SyntheticHostFiles.Syslog(Messages, t, "systemd-logind", 880, "System is rebooting."));
        var s = t.AddSeconds(1);
        foreach (int session in openSessions)
            System(s, style == SystemdStyle.Rhel9 ? $"Stopping session-{session}.scope - Session {session} of User admin..." : $"Stopping Session {session} of user admin.");
        System(s, $"Stopped target {Unit("multi-user.target", "Multi-User System")}.");
        System(s, $"Stopped target {Unit("timers.target", "Timers")}.");
        foreach (var (unit, description) in Services.Where(x => x.Unit != "rsyslog.service"))
            System(s, $"Stopping {Unit(unit, description)}...");
        foreach (var (unit, description) in Services.Where(x => x.Unit != "rsyslog.service"))
            System(s.AddSeconds(1), $"Stopped {Unit(unit, description)}.");
        host.Add(SyntheticHostFiles.Error(s, "mpm_prefork:notice", 1400, "AH00169: caught SIGTERM, shutting down"));
        System(s.AddSeconds(2), $"Stopping {Unit("rsyslog.service", "System Logging Service")}...");
        host.Add(SyntheticHostFiles.Syslog(Messages, s.AddSeconds(2), "rsyslogd", 1023,
            "[origin software=\"rsyslogd\" swVersion=\"8.2102.0-105.el9\" x-pid=\"1023\" x-info=\"https://www.rsyslog.com\"] exiting on signal 15."));
        if (fullTail)
        {
            var e = s.AddSeconds(3);
            System(e, $"Stopped {Unit("rsyslog.service", "System Logging Service")}.");
            System(e, $"Stopped target {Unit("network.target", "Network")}.");
            System(e, $"Stopped target {Unit("basic.target", "Basic System")}.");
            System(e, $"Unmounted {Unit("tmp.mount", "Temporary Directory (/tmp)")}.");
            System(e, $"Stopped target {Unit("local-fs.target", "Local File Systems")}.");
            System(e, $"Reached target {Unit("shutdown.target", style == SystemdStyle.Rhel9 ? "System Shutdown" : "Shutdown")}.");
            System(e, $"Reached target {Unit("final.target", style == SystemdStyle.Rhel9 ? "Late Shutdown Services" : "Final Step")}.");
            System(e, style == SystemdStyle.Rhel9 ? "Finished systemd-reboot.service - System Reboot." : "Started Reboot.");
            System(e, $"Reached target {Unit("reboot.target", style == SystemdStyle.Rhel9 ? "System Reboot" : "Reboot")}.");
            System(e, "Shutting down.");
            host.Add(SyntheticHostFiles.Syslog(Messages, e, "systemd-journald", 702, "Journal stopped"));
            host.Add(SyntheticHostFiles.Syslog(Messages, e.AddSeconds(1), "systemd-shutdown", 1, "Syncing filesystems and block devices."));
            host.Add(SyntheticHostFiles.Syslog(Messages, e.AddSeconds(1), "systemd-shutdown", 1, "Sending SIGTERM to remaining processes..."));
        }
        // Nothing of the host's is written while it is down.
        host.Lines.RemoveAll(l => l.True > s.AddSeconds(3) && l.True < boot && l.File != SyntheticHost.CloudFrontLog);
        BootOnly(boot);
        return (t, boot);
    }

    /// <summary>
    /// httpd killed by the OOM killer at <paramref name="at"/> (systemd's words for it in each version) and started again by an
    /// admin at <paramref name="back"/>; the origin logs no request in between.
    /// </summary>
    public void OomKilledHttpd(DateTimeOffset at, DateTimeOffset back)
    {
        int victim = host.NewPid();
        host.Add(SyntheticHostFiles.Error(at.AddMinutes(-3), "mpm_prefork:error", 1400, "AH00161: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting"));
        host.Add(SyntheticHostFiles.Syslog(Messages, at, "kernel", null, $"Out of memory: Killed process {victim} (httpd) total-vm:512340kB, anon-rss:180232kB, file-rss:0kB, shmem-rss:0kB, UID:48 pgtables:1032kB oom_score_adj:0"));
        var s = at.AddSeconds(1);
        switch (style)
        {
            case SystemdStyle.Centos7:
                System(s, "httpd.service: main process exited, code=killed, status=9/KILL");
                System(s, "Unit httpd.service entered failed state.");
                System(s, "httpd.service failed.");
                break;
            case SystemdStyle.Rhel8:
                System(s, "httpd.service: Main process exited, code=killed, status=9/KILL");
                System(s, "httpd.service: Failed with result 'signal'.");
                break;
            default:
                System(s, "httpd.service: A process of this unit has been killed by the OOM killer.");
                System(s, "httpd.service: Main process exited, code=killed, status=9/KILL");
                System(s, "httpd.service: Failed with result 'oom-kill'.");
                System(s, "httpd.service: Consumed 1min 2.117s CPU time.");
                break;
        }
        host.Lines.RemoveAll(l => l.File == SyntheticHost.AccessLog && l.True >= at && l.True < back);
        System(back, $"Starting {Unit("httpd.service", "The Apache HTTP Server")}...");
        System(back.AddSeconds(1), $"Started {Unit("httpd.service", "The Apache HTTP Server")}.");
        host.Add(SyntheticHostFiles.Error(back.AddSeconds(1), "mpm_prefork:notice", host.NewPid(), "AH00163: Apache/2.4.57 (Red Hat Enterprise Linux) configured -- resuming normal operations"));
    }

    /// <summary><paramref name="user"/> runs <c>systemctl stop</c> on a service at <paramref name="at"/> and <c>systemctl start</c> at <paramref name="back"/>, through sudo.</summary>
    public void AdminStopStart(DateTimeOffset at, DateTimeOffset back, string user, string unit, string description)
    {
        string name = unit[..unit.IndexOf('.', StringComparison.Ordinal)];
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Secure, at.AddSeconds(-1), "sudo", null, $"   {user} : TTY=pts/0 ; PWD=/home/{user} ; USER=root ; COMMAND=/bin/systemctl stop {name}"));
        System(at, $"Stopping {Unit(unit, description)}...");
        System(at.AddSeconds(1), $"Stopped {Unit(unit, description)}.");
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Secure, back.AddSeconds(-1), "sudo", null, $"   {user} : TTY=pts/0 ; PWD=/home/{user} ; USER=root ; COMMAND=/bin/systemctl start {name}"));
        System(back, $"Starting {Unit(unit, description)}...");
        System(back.AddSeconds(1), $"Started {Unit(unit, description)}.");
    }

    /// <summary>The kernel boots at <paramref name="boot"/> and systemd starts the services (after a crash, nothing else is written).</summary>
    public void BootOnly(DateTimeOffset boot)
    {
        host.Add(SyntheticHostFiles.Syslog(Messages, boot, "kernel", null,
            "Linux version 5.14.0-362.8.1.el9_3.x86_64 (mockbuild@x86-vm-08.build.eng.bos.redhat.com) (gcc (GCC) 11.4.1 20230605 (Red Hat 11.4.1-2), GNU ld version 2.35.2-42.el9) #1 SMP PREEMPT_DYNAMIC Tue Oct 3 11:12:36 EDT 2023"));
        host.Add(SyntheticHostFiles.Syslog(Messages, boot, "kernel", null, "Command line: BOOT_IMAGE=(hd0,gpt2)/vmlinuz-5.14.0-362.8.1.el9_3.x86_64 root=/dev/mapper/rhel-root ro crashkernel=1G-4G:192M"));
        // The initrd hands over to the root file system: systemd stops the initrd's units a few seconds into the boot.
        var r = boot.AddSeconds(4);
        System(r, $"Stopped target {Unit("initrd-switch-root.target", "Switch Root")}.");
        System(r, $"Stopping {Unit("systemd-journald.service", "Journal Service")}...");
        System(r, $"Stopped {Unit("systemd-journald.service", "Journal Service")}.");
        System(r, $"Starting {Unit("systemd-journald.service", "Journal Service")}...");
        System(r, $"Started {Unit("systemd-journald.service", "Journal Service")}.");
        var u = boot.AddSeconds(9);
        foreach (var (unit, description) in Services)
        {
            System(u, $"Starting {Unit(unit, description)}...");
            System(u.AddSeconds(1), $"Started {Unit(unit, description)}.");
        }
        host.Add(SyntheticHostFiles.Syslog(Messages, u, "rsyslogd", 1019,
            "[origin software=\"rsyslogd\" swVersion=\"8.2102.0-105.el9\" x-pid=\"1019\" x-info=\"https://www.rsyslog.com\"] start"));
        host.Add(SyntheticHostFiles.Error(u.AddSeconds(1), "mpm_prefork:notice", 1400, "AH00163: Apache/2.4.57 (Red Hat Enterprise Linux) configured -- resuming normal operations"));
        System(u.AddSeconds(2), $"Reached target {Unit("multi-user.target", "Multi-User System")}.");
        System(u.AddSeconds(2), "Startup finished in 1.402s (kernel) + 2.581s (initrd) + 8.120s (userspace) = 12.104s.");
    }
}
