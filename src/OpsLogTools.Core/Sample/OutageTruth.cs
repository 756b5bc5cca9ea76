namespace OpsLogTools.Core.Sample;

/// <summary>The planted httpd outage. All times are true times in the host zone.</summary>
public sealed class OutageTruth
{
    /// <summary>The first 5xx in the origin access log.</summary>
    public DateTimeOffset FirstServerError { get; init; }
    /// <summary>Its access-log file, relative to the bundle.</summary>
    public string FirstServerErrorPath { get; init; } = "";
    /// <summary>Its line number.</summary>
    public long FirstServerErrorLine { get; init; }
    /// <summary>Server errors (5xx) the origin logged.</summary>
    public int OriginServerErrors { get; init; }
    /// <summary>error_log's AH00161 (MaxRequestWorkers reached).</summary>
    public DateTimeOffset MaxRequestWorkers { get; init; }
    /// <summary>Every OOM kill of an httpd process, the main one last.</summary>
    public IReadOnlyList<OomKillTruth> OomKills { get; init; } = [];
    /// <summary>systemd: httpd.service main process exited (killed). The service is down from here.</summary>
    public DateTimeOffset Down { get; init; }
    /// <summary>The last request the origin logged before going down.</summary>
    public DateTimeOffset? LastOriginRequestBeforeDown { get; init; }
    /// <summary>The admin's login that morning (secure: Accepted publickey).</summary>
    public DateTimeOffset AdminLogin { get; init; }
    /// <summary>The admin's address.</summary>
    public string AdminAddress { get; init; } = "";
    /// <summary>sudo ... COMMAND=/bin/systemctl restart httpd.</summary>
    public DateTimeOffset RestartCommand { get; init; }
    /// <summary>systemd: Started The Apache HTTP Server. The service is up from here.</summary>
    public DateTimeOffset Up { get; init; }
    /// <summary>The first request the origin logged after coming back, if any.</summary>
    public DateTimeOffset? FirstOriginRequestAfterUp { get; init; }
    /// <summary>httpd's main PID before the outage.</summary>
    public int HttpdPidBefore { get; init; }
    /// <summary>httpd's main PID after the restart.</summary>
    public int HttpdPidAfter { get; init; }
    /// <summary>Requests CloudFront answered 502/504 itself while the origin failed.</summary>
    public int EdgeErrors { get; init; }
}
