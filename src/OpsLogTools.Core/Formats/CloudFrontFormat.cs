using System.Globalization;
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
        if (ReadTicks(line[..10], line.Slice(11, 8)) < 0) return 0;
        // Edge locations read like NRT57-P2 or IAD89-C1: three letters and digits.
        var edge = line[20..];
        return edge.Length > 4 && WebParsing.IsLetters3(edge, 0) && WebParsing.IsDigit(edge[3]) ? 40 : 0;
    }

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new Parser(context.Path);

    /// <summary>Ticks of "yyyy-MM-dd" and "HH:mm:ss", or -1.</summary>
    private static long ReadTicks(ReadOnlySpan<byte> date, ReadOnlySpan<byte> time)
    {
        if (date.Length != 10 || date[4] != (byte)'-' || date[7] != (byte)'-') return -1;
        if (time.Length != 8 || time[2] != (byte)':' || time[5] != (byte)':') return -1;
        return WebParsing.Ticks(WebParsing.Digits4(date, 0), WebParsing.Digits2(date, 5), WebParsing.Digits2(date, 8),
            WebParsing.Digits2(time, 0), WebParsing.Digits2(time, 3), WebParsing.Digits2(time, 6));
    }

    private sealed class Parser(string path) : ILineParser
    {
        private static readonly int FieldCount = Enum.GetValues<CloudFrontField>().Length;
        private CloudFrontField[] _columns = CloudFrontFieldNames.StandardOrder;
        private bool _sawHeader;

        public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
        {
            entry = null;
            if (line.IsEmpty) return LineParseStatus.Ignored;
            if (line[0] == (byte)'#')
            {
                if (line.StartsWith("#Fields:"u8))
                {
                    var columns = CloudFrontFieldNames.Map(line[8..]);
                    if (Array.IndexOf(columns, CloudFrontField.Date) < 0 || Array.IndexOf(columns, CloudFrontField.Time) < 0)
                        return LineParseStatus.Malformed;
                    _columns = columns;
                    _sawHeader = true;
                }
                return LineParseStatus.Ignored;
            }

            Span<FieldRange> row = stackalloc FieldRange[FieldCount];
            int column = 0, start = 0;
            while (true)
            {
                int k = line[start..].IndexOf((byte)'\t');
                int end = k < 0 ? line.Length : start + k;
                if (column < _columns.Length && _columns[column] != CloudFrontField.Other)
                    row[(int)_columns[column]] = new FieldRange(start, end - start);
                column++;
                if (k < 0) break;
                start = end + 1;
            }
            // A short or long row is a cut-off line or a different layout: misreading columns would be worse than skipping it.
            if (_sawHeader ? column != _columns.Length : column < 5) return LineParseStatus.Malformed;

            var date = row[(int)CloudFrontField.Date];
            var time = row[(int)CloudFrontField.Time];
            long ticks = ReadTicks(date.Of(line), time.Of(line));
            if (ticks < 0) return LineParseStatus.Malformed;

            int status = 0;
            var statusText = row[(int)CloudFrontField.Status].Of(line);
            if (!statusText.IsEmpty && !row[(int)CloudFrontField.Status].IsDash(line))
            {
                long s = WebParsing.DigitRun(statusText, 0, 3, out int n);
                if (n != statusText.Length) return LineParseStatus.Malformed;
                status = (int)s;
            }
            long? bytes = null;
            var bytesText = row[(int)CloudFrontField.Bytes].Of(line);
            if (!bytesText.IsEmpty && !row[(int)CloudFrontField.Bytes].IsDash(line))
            {
                long b = WebParsing.DigitRun(bytesText, 0, 18, out int n);
                if (n != bytesText.Length) return LineParseStatus.Malformed;
                bytes = b;
            }
            double? taken = null;
            var takenText = row[(int)CloudFrontField.TimeTaken].Of(line);
            if (!takenText.IsEmpty && double.TryParse(takenText, NumberStyles.Float, CultureInfo.InvariantCulture, out double t))
                taken = t;

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
                Timestamp = new DateTimeOffset(ticks, TimeSpan.Zero),
                StampText = date.End + 1 == time.Start
                    ? Utf8Text.Decode(line[date.Start..time.End])
                    : Utf8Text.Decode(date.Of(line)) + " " + Utf8Text.Decode(time.Of(line)),
                Message = RequestLine(method, target, query, protocol),
                ClientIp = Value(line, row[(int)CloudFrontField.ClientIp]) ?? "",
                Method = method,
                Target = target,
                Query = query,
                Protocol = protocol,
                Status = status,
                Bytes = bytes,
                Referer = Value(line, row[(int)CloudFrontField.Referer]),
                UserAgent = Value(line, row[(int)CloudFrontField.UserAgent]),
                ForwardedFor = Value(line, row[(int)CloudFrontField.ForwardedFor]),
                VirtualHost = host,
                EdgeLocation = Value(line, row[(int)CloudFrontField.EdgeLocation]),
                ResultType = Value(line, row[(int)CloudFrontField.ResultType]),
                TimeTaken = taken,
            };
            return LineParseStatus.Parsed;
        }

        private static string? Value(ReadOnlySpan<byte> line, FieldRange range) =>
            !range.IsPresent || range.Length == 0 || range.IsDash(line) ? null : PercentDecoding.Decode(range.Of(line));

        private static string RequestLine(string? method, string? target, string? query, string? protocol)
        {
            if (method is null && target is null) return "-";
            string request = (method ?? "-") + " " + (target ?? "-");
            if (query is not null) request += "?" + query;
            return protocol is null ? request : request + " " + protocol;
        }
    }
}
