using System.Runtime.CompilerServices;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// The fast path's line parser: reads a CloudFront or access-log line straight into <see cref="RequestFacts"/> appended
/// to <see cref="Buffer"/>, with the same checks as the entry parsers (<see cref="CloudFrontRowScanner"/>,
/// <see cref="AccessLineScanner"/>) and the same decoding, so the facts equal <see cref="RequestFacts.From"/> of the entry
/// the slow path would have built. It runs inside the reader's per-file session, which does the line splitting, damage
/// counting and warnings; a parsed line hands the session a shared placeholder entry that nobody keeps.
/// </summary>
internal sealed class RequestFactParser : ILineParser
{
    private static readonly AccessLogEntry Placeholder = new();

    private readonly LogFormat _format;
    private readonly FieldStringPools _pools;
    private readonly CloudFrontRowScanner? _cloudFront;
    private readonly FieldRange[] _row;

    public RequestFactParser(LogFormat format, FieldStringPools pools)
    {
        if (!Handles(format)) throw new ArgumentException($"{format} holds no web requests.", nameof(format));
        _format = format;
        _pools = pools;
        if (format == LogFormat.CloudFront)
        {
            _cloudFront = new CloudFrontRowScanner(f => f is not (CloudFrontField.EdgeLocation or CloudFrontField.Host or CloudFrontField.HostHeader or CloudFrontField.ProtocolVersion));
            _row = new FieldRange[CloudFrontRowScanner.FieldCount];
        }
        else
        {
            _row = [];
        }
    }

    /// <summary>True for the formats whose entries are <see cref="AccessLogEntry"/>.</summary>
    public static bool Handles(LogFormat format) => format is LogFormat.CloudFront or LogFormat.ApacheCommon or LogFormat.ApacheCombined
        or LogFormat.ApacheVhostCombined or LogFormat.NginxAccess;

    /// <summary>Whether to read the fields only twin matching needs (<c>time-taken</c>); true by default.</summary>
    public bool TwinFields { get; init; } = true;

    /// <summary>
    /// Whether to fill only the fields <see cref="BotDetector"/> reads when <see cref="TwinFields"/> is off: a plain IPv4
    /// <c>c-ip</c> only as <see cref="RequestFacts.ConnectingIpv4"/> (its text null), no query and no result type.
    /// </summary>
    public bool Lean { get; init; }

    /// <summary>Where parsed facts go; the owner swaps it when full.</summary>
    public RequestFacts[] Buffer { get; set; } = [];

    /// <summary>Facts in <see cref="Buffer"/>.</summary>
    public int Count { get; set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
    {
        entry = null;
        var status = _cloudFront is not null ? ParseCloudFront(line) : ParseAccess(line);
        if (status == LineParseStatus.Parsed) entry = Placeholder;
        return status;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private LineParseStatus ParseCloudFront(ReadOnlySpan<byte> line)
    {
        var row = _row.AsSpan();
        var status = _cloudFront!.Scan(line, row, out var values);
        if (status != LineParseStatus.Parsed) return status;
        var clientIp = row[(int)CloudFrontField.ClientIp];
        uint v4 = clientIp.IsPresent ? Ipv4Key(clientIp.Of(line)) : 0;
        // Lean: what the detector reads, no more. A plain IPv4 c-ip is passed as its number (the detector writes the text
        // once per new client), and the query and result type are left out; twin matching needs them all.
        bool lean = Lean && !TwinFields;
        Buffer[Count++] = RequestFacts.Create(
            new DateTimeOffset(values.Ticks, TimeSpan.Zero),
            lean && v4 != 0 ? null! : Percent(_pools.Clients, line, clientIp) ?? "",
            Percent(_pools.Clients, line, row[(int)CloudFrontField.ForwardedFor]),
            Percent(_pools.Words, line, row[(int)CloudFrontField.Method]),
            Percent(_pools.Paths, line, row[(int)CloudFrontField.UriStem]),
            lean ? null : Percent(_pools.Queries, line, row[(int)CloudFrontField.UriQuery]),
            values.Status,
            Percent(_pools.Agents, line, row[(int)CloudFrontField.UserAgent]),
            // The referer in full even when lean: the detector learns the site's own pages from it.
            Percent(_pools.Referers, line, row[(int)CloudFrontField.Referer]),
            isCloudFront: true,
            lean ? null : Percent(_pools.Words, line, row[(int)CloudFrontField.ResultType]),
            // Only twin matching reads time-taken: without origin lines it is not worth parsing.
            TwinFields ? CloudFrontRowScanner.TimeTaken(line, row) : null,
            values.Bytes) with
        { ConnectingIpv4 = v4 };
        return LineParseStatus.Parsed;
    }

    // Mirrors AccessLineScanner.Materialize field by field, for the fields bot detection reads.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private LineParseStatus ParseAccess(ReadOnlySpan<byte> line)
    {
        if (!AccessLineScanner.TryScan(line, out var f) || !AccessLineScanner.CanReadAs(f, _format))
            return line.IsEmpty ? LineParseStatus.Ignored : LineParseStatus.Malformed;
        Buffer[Count++] = RequestFacts.Create(
            f.Timestamp,
            _pools.Clients.Get(f.ClientIp.Of(line), FieldStringPool.Decoding.Plain),
            _format == LogFormat.NginxAccess ? Escaped(_pools.Clients, line, f.ForwardedFor) : null,
            f.Method.IsPresent ? CommonWords.Method(f.Method.Of(line)) : null,
            f.Target.IsPresent ? _pools.Paths.Get(f.Target.Of(line), FieldStringPool.Decoding.Escaped) : null,
            f.Query.IsPresent ? _pools.Queries.Get(f.Query.Of(line), FieldStringPool.Decoding.Escaped) : null,
            f.Status,
            Escaped(_pools.Agents, line, f.UserAgent),
            Escaped(_pools.Referers, line, f.Referer),
            isCloudFront: false,
            resultType: null,
            timeTaken: null,
            f.Bytes) with
        { ConnectingIpv4 = Lean ? Ipv4Key(f.ClientIp.Of(line)) : 0 };
        return LineParseStatus.Parsed;
    }

    /// <summary>
    /// The address as a number when written as a canonical dotted quad (no leading zeros, no spaces, no percent
    /// escapes), else 0: then the text is the same as the decoded field, so both name the same client.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static uint Ipv4Key(ReadOnlySpan<byte> text) => IpAddressText.TryParseCanonicalV4(text, out uint value) ? value : 0;

    private static string? Percent(FieldStringPool pool, ReadOnlySpan<byte> line, FieldRange range) =>
        CloudFrontRowScanner.HasValue(line, range) ? pool.Get(range.Of(line), FieldStringPool.Decoding.Percent) : null;

    private static string? Escaped(FieldStringPool pool, ReadOnlySpan<byte> line, FieldRange range) =>
        !range.IsPresent || range.IsDash(line) ? null : pool.Get(range.Of(line), FieldStringPool.Decoding.Escaped);
}
