namespace OpsLogTools.Core.Model;

/// <summary>What a <see cref="LoginActivity"/> source did, the most serious first.</summary>
public enum LoginActivityKind
{
    /// <summary>A successful login from a source that was guessing passwords or user names before it: the top finding.</summary>
    SuccessAfterFailures = 1,
    /// <summary>A successful login during (or near) the incident window from a source never seen logging in before it.</summary>
    NewSourceLogin,
    /// <summary>Tries with many user names that do not exist on the host (user enumeration).</summary>
    InvalidUsers,
    /// <summary>Many failed logins from one source (password guessing).</summary>
    BruteForce,
    /// <summary>One of many sources that each tried a few times within a day: slow, distributed guessing.</summary>
    DistributedGuessing,
    /// <summary>Many connections that never tried to log in (banner grabs, key-exchange probes, timeouts).</summary>
    Scan,
    /// <summary>Ordinary successful logins from a known source (listed with -IncludeOrdinary).</summary>
    Login,
    /// <summary>A few failed logins that look like typing mistakes (listed with -IncludeOrdinary).</summary>
    FailedLogin,
}
