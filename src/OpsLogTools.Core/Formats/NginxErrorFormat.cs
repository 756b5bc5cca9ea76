using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// nginx error.log: <c>2022/07/19 21:10:03 [error] 1234#1234: *5 open() "..." failed (2: No such file or directory), client: ...</c>.
/// The stamp has a year but no zone (nginx writes local time). The message keeps the connection number (<c>*5</c>).
/// </summary>
public sealed class NginxErrorFormat : ILogFormat
{
    /// <inheritdoc />
    public LogFormat Format => LogFormat.NginxError;

    /// <inheritdoc />
    public bool StampsAreAbsolute => false;

    /// <summary>20 for a line of this shape (stamp, known level, <c>pid#tid:</c>), else 0.</summary>
    public int Probe(ReadOnlySpan<byte> line) => TryRead(line, out _, out _, out _, out _) ? 20 : 0;

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new Parser(context);

    // "2022/07/19 21:10:03 [error] 1234#1234: message"
    private static bool TryRead(ReadOnlySpan<byte> line, out DateTime local, out FieldRange level, out int pid, out FieldRange message)
    {
        local = default;
        level = default;
        message = default;
        pid = -1;
        if (line.Length < 22 || line[4] != (byte)'/' || line[7] != (byte)'/' || line[10] != (byte)' ' || line[13] != (byte)':'
            || line[16] != (byte)':' || line[19] != (byte)' ' || line[20] != (byte)'[')
            return false;
        long ticks = WebParsing.Ticks(WebParsing.Digits4(line, 0), WebParsing.Digits2(line, 5), WebParsing.Digits2(line, 8),
            WebParsing.Digits2(line, 11), WebParsing.Digits2(line, 14), WebParsing.Digits2(line, 17));
        if (ticks < 0) return false;
        local = new DateTime(ticks, DateTimeKind.Unspecified);

        int close = line[21..].IndexOf((byte)']');
        if (close <= 0) return false;
        level = new FieldRange(21, close);
        if (!ErrorLogLevels.IsKnown(level.Of(line))) return false;
        int p = 21 + close + 1;
        if (p >= line.Length || line[p] != (byte)' ') return false;
        p++;
        long value = WebParsing.DigitRun(line, p, 10, out int n);
        if (n == 0 || value > int.MaxValue) return false;
        p += n;
        if (p >= line.Length || line[p] != (byte)'#') return false;
        WebParsing.DigitRun(line, p + 1, 20, out int tn);
        if (tn == 0) return false;
        p += 1 + tn;
        if (p >= line.Length || line[p] != (byte)':') return false;
        pid = (int)value;
        int m = ApacheErrorLine.SkipSpace(line, p + 1);
        message = new FieldRange(m, line.Length - m);
        return true;
    }

    private sealed class Parser(ParserContext context) : ILineParser
    {
        public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
        {
            entry = null;
            if (line.IsEmpty) return LineParseStatus.Ignored;
            if (!TryRead(line, out var local, out var level, out int pid, out var message)) return LineParseStatus.Malformed;
            var clock = context.Clock;
            entry = new LogEntry
            {
                Path = context.Path,
                LineNumber = lineNumber,
                Format = LogFormat.NginxError,
                Timestamp = clock.FromLocal(local),
                StampText = Utf8Text.Decode(line[..19]),
                ProcessId = pid,
                Level = CommonWords.Level(level.Of(line)),
                Message = Utf8Text.Decode(message.Of(line)),
                TimeBasis = clock.ZonelessBasis,
            };
            return LineParseStatus.Parsed;
        }
    }
}
