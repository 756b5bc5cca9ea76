namespace OpsLogTools.Core.Formats;

/// <summary>The CloudFront standard-log columns the reader uses; the rest are <see cref="Other"/>.</summary>
internal enum CloudFrontField
{
    Other,
    Date,
    Time,
    EdgeLocation,
    Bytes,
    ClientIp,
    Method,
    Host,
    UriStem,
    Status,
    Referer,
    UserAgent,
    UriQuery,
    ResultType,
    HostHeader,
    TimeTaken,
    ForwardedFor,
    ProtocolVersion,
}
