using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// unattended-upgrades.log (and unattended-upgrades-shutdown.log): Python logging lines
/// <c>2023-06-26 06:40:12,513 INFO Starting unattended upgrades script</c> — local time with a year, milliseconds after a
/// comma, no zone — then the level and the message. Program is <c>unattended-upgrade</c>, Level the level word. Lines
/// without a stamp (a traceback) continue the line above and carry its stamp.
/// </summary>
public sealed class UnattendedUpgradesFormat : ILogFormat
{
    private const string ProgramName = "unattended-upgrade";

    /// <inheritdoc />
    public LogFormat Format => LogFormat.UnattendedUpgrades;

    /// <inheritdoc />
    public bool StampsAreAbsolute => false;

    /// <inheritdoc />
    /// <remarks>
    /// 85 for a stamp with milliseconds and a Python level word, 95 when the message is one unattended-upgrades writes
    /// at every run; 0 otherwise. Other Python programs logging in this shape read as this format too (their program
    /// name will be wrong): the shape is Python's, only the words are unattended-upgrades'.
    /// </remarks>
    public int Probe(ReadOnlySpan<byte> line)
    {
        if (!TryRead(line, out _, out _, out _, out var rest)) return 0;
        return rest.StartsWith("Starting unattended upgrades script"u8) || rest.StartsWith("Allowed origins are: "u8)
            || rest.StartsWith("Packages that will be upgraded: "u8) || rest.StartsWith("No packages found that can be upgraded"u8)
            || rest.StartsWith("Initial blacklist"u8) || rest.StartsWith("Initial whitelist"u8) ? 95 : 85;
    }

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new Parser(context);

    private static bool TryRead(ReadOnlySpan<byte> line, out DateTime local, out int stampLength, out ReadOnlySpan<byte> level, out ReadOnlySpan<byte> rest)
    {
        level = rest = default;
        if (!LocalStamp.TryParse(line, allowMillis: true, out local, out stampLength) || stampLength != 23 || stampLength + 1 >= line.Length) return false;
        var after = line[(stampLength + 1)..];
        level = StampBytes.Token(after);
        if (!(level.SequenceEqual("DEBUG"u8) || level.SequenceEqual("INFO"u8) || level.SequenceEqual("WARNING"u8)
            || level.SequenceEqual("ERROR"u8) || level.SequenceEqual("CRITICAL"u8))) return false;
        rest = StampBytes.AfterToken(after);
        return true;
    }

    private sealed class Parser(ParserContext context) : ILineParser
    {
        private readonly Utf8StringPool _levels = new(8);
        private LogEntry? _last;
        private string? _carriedBasis;

        public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
        {
            entry = null;
            if (line.IsEmpty) return LineParseStatus.Ignored;
            var clock = context.Clock;
            if (TryRead(line, out var local, out int length, out var level, out var rest))
            {
                _carriedBasis = null;
                _last = entry = new LogEntry
                {
                    Path = context.Path,
                    LineNumber = lineNumber,
                    Format = LogFormat.UnattendedUpgrades,
                    Timestamp = clock.FromLocal(local),
                    StampText = Utf8Text.Decode(line[..length]),
                    Program = ProgramName,
                    Level = _levels.Get(level),
                    Message = Utf8Text.Decode(rest),
                    TimeBasis = clock.ZonelessBasis,
                };
                return LineParseStatus.Parsed;
            }
            if (_last is null || line.IndexOf((byte)0) >= 0 || LocalStamp.TryParse(line, allowMillis: true, out _, out _)) return LineParseStatus.Malformed;
            _carriedBasis ??= $"stamp carried from line {_last.LineNumber}; {clock.ZonelessBasis}";
            entry = new LogEntry
            {
                Path = context.Path,
                LineNumber = lineNumber,
                Format = LogFormat.UnattendedUpgrades,
                Timestamp = _last.Timestamp,
                StampText = "",
                Program = ProgramName,
                Level = _last.Level,
                Message = Utf8Text.Decode(line),
                TimeBasis = _carriedBasis,
            };
            return LineParseStatus.Parsed;
        }
    }
}
