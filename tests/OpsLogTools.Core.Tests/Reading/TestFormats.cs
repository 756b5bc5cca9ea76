using System.Globalization;
using System.Text;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Tests.Reading;

// Test-only formats, so the reading layer is tested without the real parsers (written elsewhere). They are
// deliberately tiny: a stamp and a message.

/// <summary><c>2022-07-19T21:10:03+09:00 msg</c>: fully dated, with an offset (plays Apache %z / ISO syslog).</summary>
internal sealed class IsoTestFormat : ILogFormat
{
    public LogFormat Format => LogFormat.SyslogIso;
    public bool StampsAreAbsolute => true;

    public int Probe(ReadOnlySpan<byte> line) => TryStamp(line, out _) ? 10 : 0;

    public ILineParser CreateParser(ParserContext context) => new Parser(context);

    internal static bool TryStamp(ReadOnlySpan<byte> line, out DateTimeOffset stamp)
    {
        stamp = default;
        if (line.Length < 25 || !Ascii(line[..25])) return false;
        return DateTimeOffset.TryParseExact(Encoding.ASCII.GetString(line[..25]), "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out stamp);
    }

    private static bool Ascii(ReadOnlySpan<byte> s) => System.Text.Ascii.IsValid(s);

    private sealed class Parser(ParserContext context) : ILineParser
    {
        public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
        {
            entry = null;
            if (!TryStamp(line, out var stamp)) return LineParseStatus.Malformed;
            entry = new LogEntry
            {
                Path = context.Path,
                LineNumber = lineNumber,
                Format = LogFormat.SyslogIso,
                Timestamp = stamp,
                StampText = Encoding.ASCII.GetString(line[..25]),
                Message = Utf8Text.Decode(line.Length > 26 ? line[26..] : default),
            };
            return LineParseStatus.Parsed;
        }
    }
}

/// <summary><c>Jul 19 21:10:03 msg</c>: no year, no zone (plays rsyslog's traditional format).</summary>
internal sealed class YearlessTestFormat : ILogFormat
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public LogFormat Format => LogFormat.Syslog;
    public bool StampsAreAbsolute => false;

    public int Probe(ReadOnlySpan<byte> line) => TryFields(line, out _) ? 5 : 0;

    public ILineParser CreateParser(ParserContext context) => new Parser(context);

    internal static bool TryFields(ReadOnlySpan<byte> line, out (int Month, int Day, int H, int M, int S) f)
    {
        f = default;
        if (line.Length < 15 || line[3] != ' ' || line[6] != ' ' || line[9] != ':' || line[12] != ':') return false;
        if (!System.Text.Ascii.IsValid(line[..15])) return false;
        string head = Encoding.ASCII.GetString(line[..15]);
        int month = Array.IndexOf(Months, head[..3]) + 1;
        if (month == 0) return false;
        if (!int.TryParse(head.AsSpan(4, 2), NumberStyles.AllowLeadingWhite, CultureInfo.InvariantCulture, out int day)
            || !int.TryParse(head.AsSpan(7, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            || !int.TryParse(head.AsSpan(10, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int m)
            || !int.TryParse(head.AsSpan(13, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int s)) return false;
        if (day is < 1 or > 31 || h > 23 || m > 59 || s > 60) return false;
        f = (month, day, h, m, s);
        return true;
    }

    private sealed class Parser(ParserContext context) : ILineParser
    {
        public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
        {
            entry = null;
            if (!TryFields(line, out var f)) return LineParseStatus.Malformed;
            var stamp = context.Clock.FromYearless(f.Month, f.Day, f.H, f.M, f.S);
            entry = new LogEntry
            {
                Path = context.Path,
                LineNumber = lineNumber,
                Format = LogFormat.Syslog,
                Timestamp = stamp,
                StampText = Encoding.ASCII.GetString(line[..15]),
                Message = Utf8Text.Decode(line.Length > 16 ? line[16..] : default),
                TimeBasis = context.Clock.YearlessBasis,
            };
            return LineParseStatus.Parsed;
        }
    }
}

/// <summary>
/// CloudFront-like: <c>#Version</c>/<c>#Fields</c> headers, then <c>2022-07-19&lt;TAB&gt;12:00:01&lt;TAB&gt;msg</c> in UTC.
/// The parser refuses data before the <c>#Fields</c> line, as the real one must.
/// </summary>
internal sealed class UtcTestFormat : ILogFormat
{
    public LogFormat Format => LogFormat.CloudFront;
    public bool StampsAreAbsolute => true;

    public int Probe(ReadOnlySpan<byte> line) =>
        line.StartsWith("#Version:"u8) || line.StartsWith("#Fields:"u8) ? 20 : TryStamp(line, out _) ? 3 : 0;

    public ILineParser CreateParser(ParserContext context) => new Parser(context);

    private static bool TryStamp(ReadOnlySpan<byte> line, out DateTimeOffset stamp)
    {
        stamp = default;
        if (line.Length < 19 || line[10] != '\t' || !System.Text.Ascii.IsValid(line[..19])) return false;
        return DateTimeOffset.TryParseExact(Encoding.ASCII.GetString(line[..19]), "yyyy-MM-dd'\t'HH:mm:ss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out stamp);
    }

    private sealed class Parser(ParserContext context) : ILineParser
    {
        private bool _fields;

        public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
        {
            entry = null;
            if (line.StartsWith("#"u8))
            {
                _fields |= line.StartsWith("#Fields:"u8);
                return LineParseStatus.Ignored;
            }
            if (!_fields || !TryStamp(line, out var stamp)) return LineParseStatus.Malformed;
            entry = new AccessLogEntry
            {
                Path = context.Path,
                LineNumber = lineNumber,
                Format = LogFormat.CloudFront,
                Timestamp = stamp.ToUniversalTime(),
                StampText = Encoding.ASCII.GetString(line[..19]),
                Message = Utf8Text.Decode(line[19..]).Trim(),
            };
            return LineParseStatus.Parsed;
        }
    }
}

internal static class TestFormats
{
    public static IReadOnlyList<ILogFormat> All { get; } = [new IsoTestFormat(), new YearlessTestFormat(), new UtcTestFormat()];
}
