namespace OpsLogTools.Core.Analysis.Logins;

/// <summary>
/// The lines of one sshd connection (one sshd pid) from one source, as one witness kind (syslog files, or the
/// journal) wrote them. One password try writes up to three lines (PAM's failure, sshd's "Failed password", the close
/// line), so the tries are read from the counters together, not added up.
/// </summary>
internal sealed class SshConnection
{
    public int Failed;
    public int MaxTries;
    public int PamFailures;
    public int InvalidLines;
    public int Denied;
    public int Aborted;
    public int Accepted;
    public int ProbeLines;
    public DateTimeOffset Last;

    public void Add(in AuthLine line, DateTimeOffset time)
    {
        if (time > Last) Last = time;
        switch (line.Kind)
        {
            case AuthLineKind.Accepted: Accepted++; break;
            case AuthLineKind.Failed: Failed++; break;
            case AuthLineKind.MaxTries: MaxTries++; break;
            case AuthLineKind.PamFailure:
            case AuthLineKind.PamMore: PamFailures += line.Count; break;
            case AuthLineKind.InvalidUser: InvalidLines++; break;
            case AuthLineKind.Denied: Denied++; break;
            case AuthLineKind.Aborted: Aborted++; break;
            case AuthLineKind.Probe: ProbeLines++; break;
        }
    }

    /// <summary>Failed tries: sshd's Failed lines (plus the one past MaxAuthTries), PAM's count, one per unknown or refused user, or one for a try cut off.</summary>
    public int Failures => Math.Max(Math.Max(Failed + MaxTries, PamFailures), Math.Max(InvalidLines + Denied, Aborted > 0 ? 1 : 0));

    /// <summary>True when the connection never reached a login attempt.</summary>
    public bool IsProbe => ProbeLines > 0 && Failures == 0 && Accepted == 0;
}
