namespace OpsLogTools.Core.Sample;

/// <summary>Writes the <see cref="SshAttackPlan"/> into secure (and the session's lines into messages).</summary>
internal sealed class SshAttackWriter(GeneratorContext ctx, HostLog log)
{
    private const int TriesPerConnection = 3;

    /// <summary>The failed-try records ("Failed password"), every line of the guessing (PAM's too), and the login record (null when none).</summary>
    public (string Address, List<SyslogRecord> Failures, List<SyslogRecord> Guessing, SyslogRecord? Login)? Written { get; private set; }

    /// <summary>The connections as sshd's binary and audit records see them (each failed try's time; the login's session), for <see cref="UtmpWriter"/> and <see cref="AuditWriter"/>.</summary>
    public List<SshAttackConnection> Connections { get; } = [];

    /// <summary>The login's session (null when the attack gave up or was not planted).</summary>
    public SshAttackSession? Session { get; private set; }

    /// <summary>The user name guessed.</summary>
    public string User => ctx.S.SshAttack.User;

    public void Write(AddressPool addresses)
    {
        var plan = ctx.S.SshAttack;
        if (!plan.Enabled) return;
        if (plan.FailedTries < 1) throw new ArgumentException("SshAttack.FailedTries must be at least 1.");
        var rng = ctx.Rng(53);
        string ip = plan.Address is { } a ? addresses.Claim(a) : addresses.Hosting();
        string user = plan.User;
        var failures = new List<SyslogRecord>();
        var guessing = new List<SyslogRecord>();
        var t = HostLog.Truncate(ctx.At(plan.Start));
        int done = 0;
        while (done < plan.FailedTries)
        {
            var sshd = ctx.Pids.New(t);
            int port = rng.Next(32768, 61000);
            int tries = Math.Min(TriesPerConnection, plan.FailedTries - done);
            var connection = new SshAttackConnection(sshd, port);
            // pam_unix logs the first failure of a connection as it happens; sshd's Failed line follows after PAM's delay.
            if (log.Add(t, SyslogFile.Secure, "sshd", sshd, $"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}  user={user}") is { } pam) guessing.Add(pam);
            for (int i = 0; i < tries; i++)
            {
                t = t.AddSeconds(rng.Next(2, 5));
                if (log.Add(t, SyslogFile.Secure, "sshd", sshd, $"Failed password for {user} from {ip} port {port} ssh2") is { } r) { failures.Add(r); guessing.Add(r); connection.FailedTries.Add(t); }
            }
            done += tries;
            t = t.AddSeconds(1);
            connection.Closed = t;
            if (connection.FailedTries.Count > 0) Connections.Add(connection);
            log.Add(t, SyslogFile.Secure, "sshd", sshd, $"Connection closed by authenticating user {user} {ip} port {port} [preauth]");
            if (tries > 1) log.Add(t, SyslogFile.Secure, "sshd", sshd, $"PAM {tries - 1} more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}  user={user}");
            t = t.AddSeconds(rng.Next(5, 20));
        }
        SyslogRecord? login = null;
        if (plan.EndsInLogin)
        {
            t = t.AddSeconds(rng.Next(10, 60));
            var sshd = ctx.Pids.New(t);
            var session = ctx.Sessions.New(t);
            int port = rng.Next(32768, 61000);
            // A wiper that removed the login from secure removed every line of its sshd process there; wtmp, audit.log and
            // logind's lines in messages keep it.
            bool wipe = plan.WipeLoginFromSecure;
            SyslogRecord? Secure(DateTimeOffset at, string message) => wipe ? null : log.Add(at, SyslogFile.Secure, "sshd", sshd, message);
            login = Secure(t, $"Accepted password for {user} from {ip} port {port} ssh2");
            log.Add(t, SyslogFile.Messages, "systemd-logind", null, () => $"New session {session} of user {user}.");
            Secure(t, $"pam_unix(sshd:session): session opened for user {user} by (uid=0)");
            var end = t.AddMinutes(rng.Next(3, 9));
            Secure(end, $"Received disconnect from {ip} port {port}:11: disconnected by user");
            Secure(end, $"Disconnected from user {user} {ip} port {port}");
            Secure(end, $"pam_unix(sshd:session): session closed for user {user}");
            log.Add(end, SyslogFile.Messages, "systemd-logind", null, () => $"Removed session {session}.");
            if (login is not null || (wipe && ctx.InLogs(t))) Session = new SshAttackSession(t, end, sshd, session, port, rng.Next(0, 4), rng.Next(1, 1_000_000));
        }
        Written = (ip, failures, guessing, login);
    }
}
