namespace OpsLogTools.Core.Reports;

/// <summary>Which log a request count comes from.</summary>
public enum RequestSource
{
    /// <summary>The web server's own access log (Apache, nginx): what reached the origin.</summary>
    Origin,
    /// <summary>CloudFront's standard logs: what viewers asked for and what the CDN answered.</summary>
    CloudFront,
}
