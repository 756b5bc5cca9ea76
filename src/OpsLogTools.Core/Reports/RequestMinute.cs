namespace OpsLogTools.Core.Reports;

/// <summary>Requests of one source in one minute, by status class. Minutes without requests are not listed.</summary>
public sealed class RequestMinute
{
    /// <summary>Start of the minute (UTC instant; shown in the host's zone).</summary>
    public DateTimeOffset Minute { get; init; }

    /// <summary>Origin access log or CloudFront.</summary>
    public RequestSource Source { get; init; }

    /// <summary>2xx responses.</summary>
    public long Success { get; init; }

    /// <summary>3xx responses.</summary>
    public long Redirect { get; init; }

    /// <summary>4xx responses.</summary>
    public long ClientError { get; init; }

    /// <summary>5xx responses.</summary>
    public long ServerError { get; init; }

    /// <summary>Anything else (1xx, status not logged).</summary>
    public long Other { get; init; }

    /// <summary>All requests of the minute.</summary>
    public long Total => Success + Redirect + ClientError + ServerError + Other;

    /// <summary>The count of one class.</summary>
    public long Count(StatusClass statusClass) => statusClass switch
    {
        StatusClass.Success => Success,
        StatusClass.Redirect => Redirect,
        StatusClass.ClientError => ClientError,
        StatusClass.ServerError => ServerError,
        _ => Other,
    };

    /// <inheritdoc />
    public override string ToString() => $"{Minute:yyyy-MM-dd HH:mm zzz} {Source} 2xx={Success} 3xx={Redirect} 4xx={ClientError} 5xx={ServerError}";
}
