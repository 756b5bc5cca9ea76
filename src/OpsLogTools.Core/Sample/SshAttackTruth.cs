namespace OpsLogTools.Core.Sample;

/// <summary>The planted SSH attack as written (see <see cref="SshAttackPlan"/>): counted from the lines that reached the files.</summary>
public sealed class SshAttackTruth
{
    /// <summary>The attacker's address.</summary>
    public string Source { get; init; } = "";
    /// <summary>The user name guessed.</summary>
    public string User { get; init; } = "";
    /// <summary>The first failed try (pam_unix's failure line, which comes before sshd's Failed line), in the host's zone.</summary>
    public DateTimeOffset FirstAttempt { get; init; }
    /// <summary>The last failed try.</summary>
    public DateTimeOffset LastFailure { get; init; }
    /// <summary>The successful login; null when the attack gave up.</summary>
    public DateTimeOffset? LoginTime { get; init; }
    /// <summary>Failed password tries written.</summary>
    public int Failures { get; init; }
    /// <summary>Failures plus the login (when there is one).</summary>
    public int Attempts { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Source} {User} {Failures} failed{(LoginTime is null ? "" : ", then logged in")}";
}
