namespace OpsLogTools.Core.Analysis.Logins;

/// <summary>Thresholds and the incident window for <see cref="LoginScan"/>.</summary>
public sealed class LoginOptions
{
    /// <summary>Start of the incident window (a login from a new source in it is a finding); null when none is known.</summary>
    public DateTimeOffset? IncidentStart { get; init; }

    /// <summary>End of the incident window; null for "until the logs end".</summary>
    public DateTimeOffset? IncidentEnd { get; init; }

    /// <summary>How far before and after the window activity still counts as "near the incident".</summary>
    public TimeSpan Margin { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Failed logins from one source that make it password guessing (CrowdSec's ssh-bf fires on its 6th).</summary>
    public int BruteForceFailures { get; init; } = 5;

    /// <summary>Distinct unknown user names from one source that make it user enumeration.</summary>
    public int InvalidUserNames { get; init; } = 3;

    /// <summary>Failures before a success that make the success suspicious even when the source was no burst (fewer look like typing mistakes).</summary>
    public int SuspiciousFailuresBeforeSuccess { get; init; } = 3;

    /// <summary>Sources with a few failures each, within <see cref="DistributedWindow"/>, that make a distributed guessing campaign.</summary>
    public int DistributedSources { get; init; } = 10;

    /// <summary>The window the sources of a distributed campaign fall in.</summary>
    public TimeSpan DistributedWindow { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Connections without a login attempt from one source that make it a scan.</summary>
    public int ScanProbes { get; init; } = 5;

    /// <summary>Also report ordinary logins and a few failed logins (kinds Login and FailedLogin).</summary>
    public bool IncludeOrdinary { get; init; }

    /// <summary>Most evidence lines per finding.</summary>
    public int MaxEvidence { get; init; } = 12;
}
