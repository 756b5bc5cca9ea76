using System.Globalization;

namespace OpsLogTools.Core.Sample;

/// <summary>
/// Writes the planted SSH attack into auditd's <c>audit/audit.log</c> in its raw format, as sshd with PAM writes it on
/// an Amazon Linux 2 / RHEL host: per failed password try PAM's USER_AUTH (op=PAM:authentication grantors=?
/// res=failed), per connection sshd's USER_LOGIN res=failed when it closes; for the login USER_AUTH and USER_ACCT
/// res=success, CRED_ACQ, LOGIN (auid and session set), USER_START and sshd's USER_LOGIN res=success on /dev/pts/N;
/// at logout USER_END and CRED_DISP. Stamps are epoch seconds with milliseconds (true time: auditd stamps by the
/// kernel's clock, correct outside a displaced run), serials rise by one per event.
/// </summary>
internal static class AuditWriter
{
    private const string Subject = "subj=system_u:system_r:sshd_t:s0-s0:c0.c1023";
    private const string Unset = "4294967295";

    /// <summary>Where auditd's log is written in the bundle.</summary>
    public const string Path = "audit/audit.log";

    public static LogFileBuffer? Write(GeneratorContext ctx, SshAttackWriter attack, List<DateStep> dates)
    {
        var plan = ctx.S.SshAttack;
        var written = plan.Enabled && plan.Auditd ? attack.Written : null;
        bool timeChange = ctx.S.ClockWitnesses.AuditTimeChange && dates.Count > 0;
        if (written is null && !timeChange) return null;
        var rng = ctx.Rng(59);
        var buffer = new LogFileBuffer(Path, "Audit", gzip: false);
        long serial = rng.Next(800, 4000);
        // (stamp, records of one event: type and body), put in time order and numbered at the end.
        var events = new List<(DateTimeOffset Time, DateTimeOffset True, List<(string Type, string Body)> Records)>();
        if (written is not null) SshAttack(rng, attack, written.Value.Address, events);
        if (timeChange) DateCalls(rng, dates, events);
        foreach (var (time, t, records) in events.OrderBy(e => e.True))
        {
            long ms = time.ToUnixTimeMilliseconds();
            foreach (var (type, body) in records)
                buffer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"type={type} msg=audit({ms / 1000}.{ms % 1000:000}:{serial}): {body}"), t);
            serial++;
        }
        return buffer;
    }

    /// <summary>
    /// <c>date -s</c> run by the admin (auid 1000) in a root shell: coreutils calls clock_settime(CLOCK_REALTIME) (x86_64
    /// syscall 227, a0=0); the kernel stamps the event at the call's entry, by the clock before the step.
    /// </summary>
    private static void DateCalls(Random rng, List<DateStep> dates, List<(DateTimeOffset, DateTimeOffset, List<(string, string)>)> events)
    {
        int ses = rng.Next(2, 40);
        foreach (var d in dates)
        {
            int pid = rng.Next(2000, 30000);
            var stamp = d.Before.AddMilliseconds(rng.Next(0, 1000));
            string a1 = $"7ffe{rng.Next(0x100000, 0xffffff):x}{rng.Next(0x10, 0xff):x}";
            events.Add((stamp, d.True,
            [
                ("SYSCALL", $"arch=c000003e syscall=227 success=yes exit=0 a0=0 a1={a1} a2=0 a3=0 items=0 ppid={pid - rng.Next(1, 50)} pid={pid} auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses={ses} comm=\"date\" exe=\"/usr/bin/date\" subj=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023 key=\"time-change\""),
                // proctitle: "date -s @<epoch>" hex-encoded with NULs between the arguments, as the kernel writes argv.
                ("PROCTITLE", "proctitle=" + Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes($"date\0-s\0@{d.After.ToUnixTimeSeconds()}"))),
                ("EOE", ""),
            ]));
        }
    }

    private static void SshAttack(Random rng, SshAttackWriter attack, string ip, List<(DateTimeOffset, DateTimeOffset, List<(string, string)>)> events)
    {
        string user = attack.User;
        var records = new List<(DateTimeOffset Time, string Type, string Body)>();
        foreach (var c in attack.Connections)
        {
            string head = $"pid={c.Sshd} uid=0 auid={Unset} ses={Unset} {Subject}";
            foreach (var t in c.FailedTries)
                records.Add((t.AddMilliseconds(rng.Next(0, 400)), "USER_AUTH", $"{head} msg='op=PAM:authentication grantors=? acct=\"{user}\" exe=\"/usr/sbin/sshd\" hostname={ip} addr={ip} terminal=ssh res=failed'"));
            records.Add((c.Closed.AddMilliseconds(rng.Next(0, 400)), "USER_LOGIN", $"{head} msg='op=login acct=\"{user}\" exe=\"/usr/sbin/sshd\" hostname=? addr={ip} terminal=ssh res=failed'"));
        }
        if (attack.Session is { } s)
        {
            string before = $"pid={s.Sshd} uid=0 auid={Unset} ses={Unset} {Subject}";
            string after = $"pid={s.Sshd} uid=0 auid=0 ses={s.Session} {Subject}";
            string pam = $"acct=\"{user}\" exe=\"/usr/sbin/sshd\" hostname={ip} addr={ip} terminal=ssh res=success'";
            var t = s.Start;
            records.Add((t.AddMilliseconds(rng.Next(0, 100)), "USER_AUTH", $"{before} msg='op=PAM:authentication grantors=pam_unix {pam}"));
            records.Add((t.AddMilliseconds(rng.Next(100, 200)), "USER_ACCT", $"{before} msg='op=PAM:accounting grantors=pam_unix,pam_localuser {pam}"));
            records.Add((t.AddMilliseconds(rng.Next(200, 300)), "CRED_ACQ", $"{before} msg='op=PAM:setcred grantors=pam_env,pam_unix {pam}"));
            records.Add((t.AddMilliseconds(rng.Next(300, 400)), "LOGIN", $"pid={s.Sshd} uid=0 {Subject} old-auid={Unset} auid=0 tty=(none) old-ses={Unset} ses={s.Session} res=1"));
            records.Add((t.AddMilliseconds(rng.Next(400, 500)), "USER_START", $"{after} msg='op=PAM:session_open grantors=pam_selinux,pam_loginuid,pam_selinux,pam_namespace,pam_keyinit,pam_keyinit,pam_limits,pam_systemd,pam_unix,pam_lastlog {pam}"));
            records.Add((t.AddMilliseconds(rng.Next(500, 600)), "USER_LOGIN", $"{after} msg='op=login id=0 exe=\"/usr/sbin/sshd\" hostname={ip} addr={ip} terminal=/dev/pts/{s.Pts} res=success'"));
            records.Add((s.End.AddMilliseconds(rng.Next(0, 100)), "USER_END", $"{after} msg='op=PAM:session_close grantors=pam_selinux,pam_loginuid,pam_selinux,pam_namespace,pam_keyinit,pam_keyinit,pam_limits,pam_systemd,pam_unix,pam_lastlog {pam}"));
            records.Add((s.End.AddMilliseconds(rng.Next(100, 200)), "CRED_DISP", $"{after} msg='op=PAM:setcred grantors=pam_env,pam_unix {pam}"));
        }
        foreach (var (time, type, body) in records) events.Add((time, time, [(type, body)]));
    }
}
