namespace OpsLogTools.Core.Formats;

/// <summary>Column names as they appear on the <c>#Fields</c> line.</summary>
internal static class CloudFrontFieldNames
{
    /// <summary>The 33 fields of a standard log as CloudFront writes them today, used until a <c>#Fields</c> line says otherwise.</summary>
    public static readonly CloudFrontField[] StandardOrder = Map(
        "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) "u8 +
        "cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken "u8 +
        "x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status "u8 +
        "fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len "u8 +
        "sc-range-start sc-range-end"u8);

    /// <summary>Maps a space-separated list of field names.</summary>
    public static CloudFrontField[] Map(ReadOnlySpan<byte> names)
    {
        var result = new List<CloudFrontField>(40);
        while (!names.IsEmpty)
        {
            int k = names.IndexOfAny((byte)' ', (byte)'\t');
            var name = k < 0 ? names : names[..k];
            names = k < 0 ? default : names[(k + 1)..];
            if (!name.IsEmpty) result.Add(Of(name));
        }
        return result.ToArray();
    }

    private static CloudFrontField Of(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("date"u8) => CloudFrontField.Date,
        _ when name.SequenceEqual("time"u8) => CloudFrontField.Time,
        _ when name.SequenceEqual("x-edge-location"u8) => CloudFrontField.EdgeLocation,
        _ when name.SequenceEqual("sc-bytes"u8) => CloudFrontField.Bytes,
        _ when name.SequenceEqual("c-ip"u8) => CloudFrontField.ClientIp,
        _ when name.SequenceEqual("cs-method"u8) => CloudFrontField.Method,
        _ when name.SequenceEqual("cs(Host)"u8) => CloudFrontField.Host,
        _ when name.SequenceEqual("cs-uri-stem"u8) => CloudFrontField.UriStem,
        _ when name.SequenceEqual("sc-status"u8) => CloudFrontField.Status,
        _ when name.SequenceEqual("cs(Referer)"u8) => CloudFrontField.Referer,
        _ when name.SequenceEqual("cs(User-Agent)"u8) => CloudFrontField.UserAgent,
        _ when name.SequenceEqual("cs-uri-query"u8) => CloudFrontField.UriQuery,
        _ when name.SequenceEqual("x-edge-result-type"u8) => CloudFrontField.ResultType,
        _ when name.SequenceEqual("x-host-header"u8) => CloudFrontField.HostHeader,
        _ when name.SequenceEqual("time-taken"u8) => CloudFrontField.TimeTaken,
        _ when name.SequenceEqual("x-forwarded-for"u8) => CloudFrontField.ForwardedFor,
        _ when name.SequenceEqual("cs-protocol-version"u8) => CloudFrontField.ProtocolVersion,
        _ => CloudFrontField.Other,
    };
}
