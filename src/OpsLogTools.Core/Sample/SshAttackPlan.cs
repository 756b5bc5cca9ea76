namespace OpsLogTools.Core.Sample;

/// <summary>
/// An SSH password-guessing attack from one address, planted in secure: connections of up to three tries each (sshd's
/// lines and pam_unix's as OpenSSH with PAM writes them), then, when <see cref="EndsInLogin"/>, a successful password
/// login and a short session. Off by default (the bundled sample is unchanged).
/// </summary>
public sealed record SshAttackPlan
{
    /// <summary>Whether the attack is planted.</summary>
    public bool Enabled { get; init; }

    /// <summary>True: the last guess works and the attacker logs in; false: it gives up.</summary>
    public bool EndsInLogin { get; init; } = true;

    /// <summary>The attacker's address; null picks one from the seed (a hosting provider's).</summary>
    public string? Address { get; init; }

    /// <summary>The user name guessed.</summary>
    public string User { get; init; } = "root";

    /// <summary>Failed password tries before the login (or before it gives up).</summary>
    public int FailedTries { get; init; } = 8;

    /// <summary>When the first try comes, relative to the incident start (the default is before the seed's displaced run, whose stamps it would otherwise share).</summary>
    public TimeSpan Start { get; init; } = TimeSpan.FromMinutes(-50);

    /// <summary>
    /// Whether sshd's binary login records are written too, as OpenSSH's loginrec.c does: a <c>btmp</c> record
    /// (LOGIN_PROCESS, "ssh:notty", host = the source) per failed password try, and in <c>wtmp</c> the login's
    /// USER_PROCESS on pts/N and its DEAD_PROCESS at logout. Off by default (the bundle keeps its files).
    /// </summary>
    public bool LoginRecords { get; init; }

    /// <summary>
    /// Whether the host runs auditd: <c>audit/audit.log</c> gets PAM's USER_AUTH res=failed per failed try, sshd's
    /// USER_LOGIN res=failed per connection, and for the login USER_AUTH/USER_ACCT res=success, USER_LOGIN res=success
    /// and USER_END at logout. Off by default.
    /// </summary>
    public bool Auditd { get; init; }

    /// <summary>
    /// Whether the intruder wiped the login from secure (auth.log, or the journal): every line of the login's sshd process
    /// is left out of it, while wtmp (<see cref="LoginRecords"/>), audit.log (<see cref="Auditd"/>) and logind's lines in
    /// messages keep the session, as after <c>sed -i</c> on secure alone. Needs <see cref="EndsInLogin"/>. Off by default.
    /// </summary>
    public bool WipeLoginFromSecure { get; init; }
}
