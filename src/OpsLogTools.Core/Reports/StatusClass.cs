namespace OpsLogTools.Core.Reports;

/// <summary>The class of an HTTP status, as the charts split requests.</summary>
public enum StatusClass
{
    /// <summary>2xx: answered.</summary>
    Success = 2,
    /// <summary>3xx: sent elsewhere (or not modified).</summary>
    Redirect = 3,
    /// <summary>4xx: the client asked for something wrong or missing.</summary>
    ClientError = 4,
    /// <summary>5xx: the server (or the CDN) failed.</summary>
    ServerError = 5,
    /// <summary>1xx, 0 (not logged) or nonsense.</summary>
    Other = 0,
}
