namespace OpsLogTools.Core.Analysis.Logins;

/// <summary>The kinds of log that witness logins; the same try seen by several kinds counts once (the largest count wins).</summary>
internal enum WitnessKind
{
    /// <summary>sshd and PAM lines in syslog files (secure, auth.log, messages).</summary>
    Syslog,
    /// <summary>The same lines in the journal.</summary>
    Journal,
    /// <summary>btmp: one record per failed login.</summary>
    Btmp,
    /// <summary>wtmp: one record per login session.</summary>
    Wtmp,
    /// <summary>auditd's audit.log: USER_AUTH and USER_LOGIN records.</summary>
    Audit,
}
