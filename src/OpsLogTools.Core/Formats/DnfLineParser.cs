using System.Globalization;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// Parses <c>2022-07-20T03:00:12+0000 LEVEL message</c>, the line shape of dnf.log, dnf.librepo.log and
/// dnf.rpm.log. dnf writes multi-line messages (the transaction table, scriptlet output) with the stamp only on
/// the first line; the lines after it are entries of their own that carry that stamp, with an empty
/// <see cref="LogEntry.StampText"/> and a <see cref="LogEntry.TimeBasis"/> naming the line the stamp came from.
/// </summary>
internal sealed class DnfLineParser(ParserContext context, LogFormat format) : ILineParser
{
    private const string ProgramName = "dnf";
    private readonly Utf8StringPool _levels = new(16);
    private DateTimeOffset _lastTimestamp;
    private string? _lastLevel;
    private long _lastStampedLine;
    private string? _carriedBasis;

    /// <summary>Reads the stamp and level; <paramref name="rest"/> is the message.</summary>
    public static bool TryReadPrefix(ReadOnlySpan<byte> line, out DateTimeOffset timestamp, out int stampLength,
        out ReadOnlySpan<byte> level, out ReadOnlySpan<byte> rest)
    {
        level = rest = default;
        if (!StampBytes.TryParseIso(line, out timestamp, out stampLength, out _, out _) || stampLength + 1 >= line.Length) return false;
        var after = line[(stampLength + 1)..];
        level = StampBytes.Token(after);
        if (!DnfLevels.IsLevel(level)) return false;
        rest = StampBytes.AfterToken(after);
        return true;
    }

    /// <summary>Probe score: <paramref name="packageScore"/> for a SUBDEBUG package line, else <paramref name="otherScore"/>.</summary>
    public static int Probe(ReadOnlySpan<byte> line, int packageScore, int otherScore)
    {
        if (!TryReadPrefix(line, out _, out _, out var level, out var rest)) return 0;
        return level.SequenceEqual("SUBDEBUG"u8) && PackageLogLine.StartsWithVerb(rest) ? packageScore : otherScore;
    }

    public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
    {
        entry = null;
        if (line.IsEmpty) return LineParseStatus.Ignored;
        if (TryReadPrefix(line, out var timestamp, out int stampLength, out var level, out var rest))
        {
            _lastTimestamp = timestamp;
            _lastLevel = _levels.Get(level);
            _lastStampedLine = lineNumber;
            _carriedBasis = null;
            entry = new LogEntry
            {
                Path = context.Path,
                LineNumber = lineNumber,
                Format = format,
                Timestamp = timestamp,
                StampText = Utf8Text.Decode(line[..stampLength]),
                Program = ProgramName,
                Level = _lastLevel,
                Message = Utf8Text.Decode(rest),
            };
            return LineParseStatus.Parsed;
        }

        // A continuation never starts with a stamp of its own, and NUL runs are damage, not text.
        if (_lastStampedLine == 0 || line.IndexOf((byte)0) >= 0 || StampBytes.TryParseIso(line, out _, out _, out _, out _))
            return LineParseStatus.Malformed;
        _carriedBasis ??= "stamp carried from line " + _lastStampedLine.ToString(CultureInfo.InvariantCulture);
        entry = new LogEntry
        {
            Path = context.Path,
            LineNumber = lineNumber,
            Format = format,
            Timestamp = _lastTimestamp,
            StampText = "",
            Program = ProgramName,
            Level = _lastLevel,
            Message = Utf8Text.Decode(line),
            TimeBasis = _carriedBasis,
        };
        return LineParseStatus.Parsed;
    }
}
