using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// CloudFront standard (access) logs: tab-separated, UTC, values URL-encoded, '-' for none. The columns are
/// whatever the file's <c>#Fields</c> line says (in any order, any subset); until one is seen, the standard
/// 33-field order is assumed. <c>#</c> lines are headers and are ignored.
/// </summary>
public sealed class CloudFrontFormat : ILogFormat
{
    /// <inheritdoc />
    public LogFormat Format => LogFormat.CloudFront;

    /// <inheritdoc />
    public bool StampsAreAbsolute => true;

    /// <summary>
    /// 50 for a <c>#Fields</c> line naming x-edge-location; 30 for <c>#Version:</c> (W3C extended logs share it);
    /// 40 for a data line that starts with a tab-separated date, time and edge location; else 0.
    /// </summary>
    public int Probe(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith("#Fields:"u8)) return line.IndexOf("x-edge-location"u8) >= 0 ? 50 : 0;
        if (line.StartsWith("#Version:"u8)) return 30;
        if (line.Length < 22 || line[10] != (byte)'\t' || line[19] != (byte)'\t') return 0;
        if (CloudFrontRowScanner.ReadTicks(line[..10], line.Slice(11, 8)) < 0) return 0;
        // Edge locations read like NRT57-P2 or IAD89-C1: three letters and digits.
        var edge = line[20..];
        return edge.Length > 4 && WebParsing.IsLetters3(edge, 0) && WebParsing.IsDigit(edge[3]) ? 40 : 0;
    }

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new Parser(context.Path);

    private sealed class Parser(string path) : ILineParser
    {
        private readonly CloudFrontRowScanner _scanner = new();

        public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
        {
            entry = null;
            Span<FieldRange> row = stackalloc FieldRange[CloudFrontRowScanner.FieldCount];
            var status = _scanner.Scan(line, row, out var values);
            if (status != LineParseStatus.Parsed) return status;

            var date = row[(int)CloudFrontField.Date];
            var time = row[(int)CloudFrontField.Time];
            string? method = Value(line, row[(int)CloudFrontField.Method]);
            string? target = Value(line, row[(int)CloudFrontField.UriStem]);
            string? query = Value(line, row[(int)CloudFrontField.UriQuery]);
            string? protocol = Value(line, row[(int)CloudFrontField.ProtocolVersion]);
            // The domain name the visitor asked for (x-host-header) is the one the admin knows; cs(Host) is the
            // distribution's cloudfront.net name, kept as a fallback.
            string? host = Value(line, row[(int)CloudFrontField.HostHeader]) ?? Value(line, row[(int)CloudFrontField.Host]);

            entry = new AccessLogEntry
            {
                Path = path,
                LineNumber = lineNumber,
                Format = LogFormat.CloudFront,
                Timestamp = new DateTimeOffset(values.Ticks, TimeSpan.Zero),
                StampText = date.End + 1 == time.Start
                    ? Utf8Text.Decode(line[date.Start..time.End])
                    : Utf8Text.Decode(date.Of(line)) + " " + Utf8Text.Decode(time.Of(line)),
                Message = RequestLine(method, target, query, protocol),
                ClientIp = Value(line, row[(int)CloudFrontField.ClientIp]) ?? "",
                Method = method,
                Target = target,
                Query = query,
                Protocol = protocol,
                Status = values.Status,
                Bytes = values.Bytes >= 0 ? values.Bytes : null,
                Referer = Value(line, row[(int)CloudFrontField.Referer]),
                UserAgent = Value(line, row[(int)CloudFrontField.UserAgent]),
                ForwardedFor = Value(line, row[(int)CloudFrontField.ForwardedFor]),
                VirtualHost = host,
                EdgeLocation = Value(line, row[(int)CloudFrontField.EdgeLocation]),
                ResultType = Value(line, row[(int)CloudFrontField.ResultType]),
                TimeTaken = CloudFrontRowScanner.TimeTaken(line, row),
            };
            return LineParseStatus.Parsed;
        }

        private static string? Value(ReadOnlySpan<byte> line, FieldRange range) => CloudFrontRowScanner.Value(line, range);

        private static string RequestLine(string? method, string? target, string? query, string? protocol)
        {
            if (method is null && target is null) return "-";
            string request = (method ?? "-") + " " + (target ?? "-");
            if (query is not null) request += "?" + query;
            return protocol is null ? request : request + " " + protocol;
        }
    }
}
