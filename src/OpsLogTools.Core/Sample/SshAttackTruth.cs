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
    /// <summary>The successful login (as the witnesses that keep it have it, to the second); null when the attack gave up.</summary>
    public DateTimeOffset? LoginTime { get; init; }
    /// <summary>The files that keep the login (secure or auth.log unless it was wiped, <c>wtmp</c>, <c>audit/audit.log</c>); empty without a login.</summary>
    public IReadOnlyList<string> LoginWitnesses { get; init; } = [];
    /// <summary>The text log the login was wiped from (<see cref="SshAttackPlan.WipeLoginFromSecure"/>), as written (e.g. <c>secure</c>); null when none was.</summary>
    public string? LoginWipedFrom { get; init; }
    /// <summary>The binary and audit records planted for the attack, one line per file (<c>btmp: 8 LOGIN_PROCESS</c>); empty when none.</summary>
    public IReadOnlyList<string> WitnessRecords { get; init; } = [];
    /// <summary>Failed password tries written.</summary>
    public int Failures { get; init; }
    /// <summary>Failures plus the login (when there is one).</summary>
    public int Attempts { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Source} {User}: {Attempts} attempt(s) from {FirstAttempt:yyyy-MM-dd HH:mm:ss zzz}, {Failures} failed"
        + (LoginTime is { } t ? $", then logged in at {t:yyyy-MM-dd HH:mm:ss zzz} ({string.Join(", ", LoginWitnesses)})" : ", no login")
        + (LoginWipedFrom is { } w ? $"; login wiped from {w}" : "")
        + (WitnessRecords.Count > 0 ? $"; records: {string.Join("; ", WitnessRecords)}" : "");
}
