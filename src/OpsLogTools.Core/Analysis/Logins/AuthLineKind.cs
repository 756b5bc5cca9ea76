namespace OpsLogTools.Core.Analysis.Logins;

/// <summary>What one authentication line or record says.</summary>
internal enum AuthLineKind
{
    /// <summary>sshd <c>Accepted password|publickey|... for USER from ADDR</c>, a wtmp session, an audit USER_LOGIN res=success.</summary>
    Accepted,
    /// <summary>sshd <c>Failed password|publickey|... for [invalid user] USER from ADDR</c>, a btmp record, an audit USER_AUTH res=failed.</summary>
    Failed,
    /// <summary>sshd <c>Invalid user USER from ADDR</c>.</summary>
    InvalidUser,
    /// <summary>sshd <c>User USER from ADDR not allowed because ...</c> (AllowUsers, DenyUsers, shell).</summary>
    Denied,
    /// <summary>A try cut off during authentication: <c>Connection closed|reset by|Disconnected from authenticating|invalid user USER ADDR port N [preauth]</c>.</summary>
    Aborted,
    /// <summary>sshd <c>maximum authentication attempts exceeded for USER from ADDR</c>: one try past the last <c>Failed</c> line.</summary>
    MaxTries,
    /// <summary>A PAM module's <c>pam_unix(SERVICE:auth): authentication failure; ... rhost=ADDR user=USER</c>.</summary>
    PamFailure,
    /// <summary>sshd's <c>PAM N more authentication failures; ... rhost=ADDR</c> (N in the count).</summary>
    PamMore,
    /// <summary>A connection that never reached authentication (banner, key exchange, timeout, refused by tcp wrappers).</summary>
    Probe,
    /// <summary>An audit USER_LOGIN res=failed (one per failed connection; USER_AUTH has the tries).</summary>
    AuditLoginFailed,
}
