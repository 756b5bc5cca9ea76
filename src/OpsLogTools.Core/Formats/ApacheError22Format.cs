using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// Apache 2.2 error_log: <c>[Tue Jul 19 21:10:03 2022] [error] [client 1.2.3.4] File does not exist: ...</c>.
/// The stamp has a year but no zone; there is no module and no pid.
/// </summary>
public sealed class ApacheError22Format : ILogFormat
{
    /// <inheritdoc />
    public LogFormat Format => LogFormat.ApacheError22;

    /// <inheritdoc />
    public bool StampsAreAbsolute => false;

    /// <summary>20 for a line of this shape; 0 for a 2.4 line (its level reads <c>module:level</c>).</summary>
    public int Probe(ReadOnlySpan<byte> line) => TryRead(line, out _, out _, out _, out _) ? 20 : 0;

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new Parser(context);

    private static bool TryRead(ReadOnlySpan<byte> line, out DateTime local, out FieldRange stamp, out FieldRange level, out FieldRange message)
    {
        message = default;
        if (!ApacheErrorLine.TryReadHead(line, out local, out stamp, out level, out int p)) return false;
        if (!ErrorLogLevels.IsKnown(level.Of(line))) return false;
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
            if (!TryRead(line, out var local, out var stamp, out var level, out var message)) return LineParseStatus.Malformed;
            var clock = context.Clock;
            entry = new LogEntry
            {
                Path = context.Path,
                LineNumber = lineNumber,
                Format = LogFormat.ApacheError22,
                Timestamp = clock.FromLocal(local),
                StampText = Utf8Text.Decode(stamp.Of(line)),
                Level = CommonWords.Level(level.Of(line)),
                Message = Utf8Text.Decode(message.Of(line)),
                TimeBasis = clock.ZonelessBasis,
            };
            return LineParseStatus.Parsed;
        }
    }
}
