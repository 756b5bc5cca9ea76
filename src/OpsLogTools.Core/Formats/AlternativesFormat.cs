using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// alternatives.log (dpkg's update-alternatives): <c>update-alternatives 2023-06-26 06:40:30: run with --install ...</c>
/// — the program name, a local stamp with a year and no zone, a colon, the message. Program is <c>update-alternatives</c>.
/// </summary>
public sealed class AlternativesFormat : ILogFormat
{
    private const string ProgramName = "update-alternatives";

    /// <inheritdoc />
    public LogFormat Format => LogFormat.Alternatives;

    /// <inheritdoc />
    public bool StampsAreAbsolute => false;

    /// <inheritdoc />
    /// <remarks>95 for <c>update-alternatives</c>, a valid stamp and a colon; 0 otherwise.</remarks>
    public int Probe(ReadOnlySpan<byte> line) => TryRead(line, out _, out _, out _) ? 95 : 0;

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new Parser(context);

    private static bool TryRead(ReadOnlySpan<byte> line, out DateTime local, out int stampStart, out int stampLength)
    {
        local = default;
        stampStart = "update-alternatives ".Length;
        stampLength = 0;
        if (!line.StartsWith("update-alternatives "u8)) return false;
        var rest = line[stampStart..];
        return LocalStamp.TryParse(rest[..Math.Min(rest.Length, 19)], allowMillis: false, out local, out stampLength)
            && stampLength == 19 && rest.Length > 19 && rest[19] == ':';
    }

    private sealed class Parser(ParserContext context) : ILineParser
    {
        public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
        {
            entry = null;
            if (line.IsEmpty) return LineParseStatus.Ignored;
            if (!TryRead(line, out var local, out int at, out int length)) return LineParseStatus.Malformed;
            var clock = context.Clock;
            entry = new LogEntry
            {
                Path = context.Path,
                LineNumber = lineNumber,
                Format = LogFormat.Alternatives,
                Timestamp = clock.FromLocal(local),
                StampText = Utf8Text.Decode(line.Slice(at, length)),
                Program = ProgramName,
                Message = Utf8Text.Decode(line[(at + length + 1)..]).TrimStart(),
                TimeBasis = clock.ZonelessBasis,
            };
            return LineParseStatus.Parsed;
        }
    }
}
