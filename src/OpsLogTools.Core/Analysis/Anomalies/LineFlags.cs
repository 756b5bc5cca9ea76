namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>What one line is, as far as anomaly detection cares (kept per line, one byte).</summary>
[Flags]
internal enum LineFlags : byte
{
    None = 0,
    /// <summary>A 5xx response, or an error-level line of an error log.</summary>
    Error = 1,
    /// <summary>cron started a job (<c>CROND[pid]: (root) CMD (...)</c>).</summary>
    JobStart = 2,
    /// <summary>A session opened (systemd <c>Started Session N</c>, logind <c>New session N</c>, pam <c>session opened</c>).</summary>
    SessionOpen = 4,
    /// <summary>CloudFront answered with an error of its own: result type Error with 502 or 504 (origin unreachable or too slow).</summary>
    CdnError = 8,
    /// <summary>CloudFront fetched from the origin (Miss, RefreshHit, Pass): the origin must have logged it.</summary>
    CdnOriginFetch = 16,
}
