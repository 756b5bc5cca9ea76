using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// Apache 2.4 error_log (default ErrorLogFormat): <c>[Tue Jul 19 21:10:03.123456 2022] [mpm_prefork:error]
/// [pid 1234] [client 1.2.3.4:5678] AH00161: ...</c>; also <c>[pid 1234:tid 140]</c> and an empty module
/// (<c>[:error]</c>, from modules that log without one). The stamp has a year but no zone.
/// </summary>
public sealed class ApacheError24Format : ILogFormat
{
    /// <inheritdoc />
    public LogFormat Format => LogFormat.ApacheError24;

    /// <inheritdoc />
    public bool StampsAreAbsolute => false;

    /// <summary>25 with a <c>[pid ...]</c> part, 20 without; 0 for a 2.2 line (its level has no <c>module:</c>).</summary>
    public int Probe(ReadOnlySpan<byte> line)
    {
        if (!TryRead(line, out _, out _, out _, out _, out _, out int pid, out _)) return 0;
        return pid >= 0 ? 25 : 20;
    }

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new Parser(context);

    private static bool TryRead(ReadOnlySpan<byte> line, out DateTime local, out FieldRange stamp, out FieldRange module,
        out FieldRange level, out FieldRange message, out int pid, out int tid)
    {
        module = default;
        level = default;
        message = default;
        pid = -1;
        tid = -1;
        if (!ApacheErrorLine.TryReadHead(line, out local, out stamp, out var bracket, out int p)) return false;
        var inside = bracket.Of(line);
        int colon = inside.LastIndexOf((byte)':');
        if (colon < 0) return false;
        level = new FieldRange(bracket.Start + colon + 1, inside.Length - colon - 1);
        if (!ErrorLogLevels.IsKnown(level.Of(line))) return false;
        if (colon > 0) module = new FieldRange(bracket.Start, colon);

        // Optional " [pid 1234]" or " [pid 1234:tid 140]".
        if (line[p..].StartsWith(" [pid "u8))
        {
            int q = p + 6;
            long value = WebParsing.DigitRun(line, q, 10, out int n);
            if (n > 0 && value <= int.MaxValue)
            {
                q += n;
                int t = -1;
                if (line[q..].StartsWith(":tid "u8))
                {
                    long tv = WebParsing.DigitRun(line, q + 5, 20, out int tn);
                    if (tn > 0)
                    {
                        t = tv <= int.MaxValue ? (int)tv : -1;
                        q += 5 + tn;
                    }
                }
                if (q < line.Length && line[q] == (byte)']')
                {
                    pid = (int)value;
                    tid = t;
                    p = q + 1;
                }
            }
        }
        int m = ApacheErrorLine.SkipSpace(line, p);
        message = new FieldRange(m, line.Length - m);
        return true;
    }

    private sealed class Parser(ParserContext context) : ILineParser
    {
        public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
        {
            entry = null;
            if (line.IsEmpty) return LineParseStatus.Ignored;
            if (!TryRead(line, out var local, out var stamp, out var module, out var level, out var message, out int pid, out _))
                return LineParseStatus.Malformed;
            var clock = context.Clock;
            entry = new LogEntry
            {
                Path = context.Path,
                LineNumber = lineNumber,
                Format = LogFormat.ApacheError24,
                Timestamp = clock.FromLocal(local),
                StampText = Utf8Text.Decode(stamp.Of(line)),
                Program = module.IsPresent ? Utf8Text.Decode(module.Of(line)) : null,
                ProcessId = pid >= 0 ? pid : null,
                Level = CommonWords.Level(level.Of(line)),
                Message = Utf8Text.Decode(message.Of(line)),
                TimeBasis = clock.ZonelessBasis,
            };
            return LineParseStatus.Parsed;
        }
    }
}
