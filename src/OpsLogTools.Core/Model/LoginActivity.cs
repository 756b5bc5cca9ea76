namespace OpsLogTools.Core.Model;

/// <summary>
/// One source of logins or login attempts (an address, or the host name a log wrote instead), as Find-LoginActivity
/// reports it from sshd and PAM lines (secure, auth.log, the journal), btmp and wtmp records and audit.log. Counts are
/// per witness kind and the largest is kept, so one attempt seen by secure, the journal and btmp counts once.
/// </summary>
public sealed class LoginActivity
{
    /// <summary>The remote address (or host name when the log wrote one) the attempts came from.</summary>
    public string Source { get; init; } = "";

    /// <summary>What the source did (the most serious kind it showed).</summary>
    public LoginActivityKind Kind { get; init; }

    /// <summary>True for the kinds that are an attack or its success (all but <c>Login</c> and <c>FailedLogin</c>).</summary>
    public bool IsAttack { get; init; }

    /// <summary>User names tried or logged in as, in the order first seen (at most 20).</summary>
    public IReadOnlyList<string> Users { get; init; } = [];

    /// <summary>The user names that logged in successfully.</summary>
    public IReadOnlyList<string> SuccessfulUsers { get; init; } = [];

    /// <summary>Distinct user names that do not exist on the host (sshd's "invalid user").</summary>
    public int InvalidUsers { get; init; }

    /// <summary>Services the attempts were made on (<c>sshd</c>, or the PAM service such as <c>dovecot</c>, <c>vsftpd</c>).</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary><see cref="Failures"/> plus <see cref="Successes"/>.</summary>
    public int Attempts { get; init; }

    /// <summary>Failed authentications (passwords, keys, unknown users, tries cut off during authentication).</summary>
    public int Failures { get; init; }

    /// <summary>Successful logins.</summary>
    public int Successes { get; init; }

    /// <summary>Connections that never tried to authenticate (banner grabs, key-exchange failures, timeouts).</summary>
    public int Probes { get; init; }

    /// <summary>The first line or record about this source.</summary>
    public DateTimeOffset FirstSeen { get; init; }

    /// <summary>The last line or record about this source.</summary>
    public DateTimeOffset LastSeen { get; init; }

    /// <summary>The first successful login that followed a failure of this source (else the first success); null without a success.</summary>
    public DateTimeOffset? FirstSuccess { get; init; }

    /// <summary>True when the activity falls in the incident window (given, or the displaced runs) or within the margin around it.</summary>
    public bool DuringIncident { get; init; }

    /// <summary>One sentence an admin reads first: what happened, when, and why it matters.</summary>
    public string Detail { get; init; } = "";

    /// <summary>The file names of the logs that saw this source (<c>secure</c>, <c>btmp</c>, <c>wtmp</c>, <c>audit.log</c>, a journal file).</summary>
    public IReadOnlyList<string> Witnesses { get; init; } = [];

    /// <summary>Source lines as <c>path:line: message</c> (at most 12: the first tries, every success, the last try), in time order.</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Source} {Failures} failed, {Successes} succeeded";
}
