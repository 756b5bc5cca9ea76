using System.Globalization;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// <c>journalctl -o short-iso</c> (and <c>short-iso-precise</c>): <c>2022-07-19T21:10:03+0900 host sshd[1234]: msg</c>.
/// journalctl writes the offset as <c>+0900</c> (newer versions <c>+09:00</c>); it is kept as written. Its
/// <c>-- Logs begin at ... --</c>, <c>-- Reboot --</c>, <c>-- Boot ... --</c> and <c>-- No entries --</c> lines are
/// Ignored. The following lines of a multi-line message, which journalctl indents to the message column, are
/// entries of their own carrying the stamp, host and program of the line above (empty StampText).
/// </summary>
public sealed class JournalShortIsoFormat : ILogFormat
{
    /// <inheritdoc />
    public LogFormat Format => LogFormat.JournalShortIso;

    /// <inheritdoc />
    public bool StampsAreAbsolute => true;

    /// <inheritdoc />
    /// <remarks>
    /// 100 for journalctl's own <c>-- ... --</c> lines; for stamped lines 75 with a <c>+0900</c> offset (rsyslog never
    /// writes that), 55 with <c>+09:00</c> and no fraction, 45 with a fraction (rsyslog's shape, where
    /// <see cref="SyslogIsoFormat"/> scores 70).
    /// </remarks>
    public int Probe(ReadOnlySpan<byte> line)
    {
        if (IsBanner(line)) return KnownBanner(line) ? 100 : 0;
        if (!StampBytes.TryParseIso(line, out _, out int length, out bool hasFraction, out var style)) return 0;
        if (length + 1 >= line.Length) return 0;
        var rest = line[(length + 1)..];
        var host = StampBytes.Token(rest);
        if (host.IsEmpty || DnfLevels.IsLevel(host)) return 0;
        if (SyslogTag.IsTagToken(host)) return 10;
        return style switch
        {
            IsoOffsetStyle.NoColon => 75,
            IsoOffsetStyle.Colon => hasFraction ? 45 : 55,
            _ => 20,
        };
    }

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new Parser(context);

    private static bool IsBanner(ReadOnlySpan<byte> line) => line.Length >= 6 && line.StartsWith("-- "u8) && line.EndsWith(" --"u8);

    private static bool KnownBanner(ReadOnlySpan<byte> line) =>
        line.StartsWith("-- Logs begin at "u8) || line.StartsWith("-- Journal begins at "u8) || line.StartsWith("-- Boot "u8)
        || line.SequenceEqual("-- Reboot --"u8) || line.SequenceEqual("-- No entries --"u8);

    private sealed class Parser(ParserContext context) : ILineParser
    {
        private readonly SyslogEntryBuilder _builder = new(context.Path, LogFormat.JournalShortIso);
        private LogEntry? _last;
        private int _messageColumn;
        private string? _carriedBasis;

        public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
        {
            entry = null;
            if (line.IsEmpty || IsBanner(line)) return LineParseStatus.Ignored;
            if (StampBytes.TryParseIso(line, out var timestamp, out int length, out _, out _))
            {
                if (length + 1 >= line.Length || !SyslogTag.TryParseHostAndTag(line[(length + 1)..], out var tag)) return LineParseStatus.Malformed;
                entry = _builder.Build(lineNumber, timestamp, Utf8Text.Decode(line[..length]), "written", null, tag);
                _last = entry;
                _messageColumn = line.Length - tag.Message.Length;
                _carriedBasis = null;
                return LineParseStatus.Parsed;
            }
            if (_last is null || (line[0] != ' ' && line[0] != '\t') || line.IndexOf((byte)0) >= 0) return LineParseStatus.Malformed;

            int indent = 0;
            while (indent < line.Length && indent < _messageColumn && line[indent] == ' ') indent++;
            _carriedBasis ??= "stamp carried from line " + _last.LineNumber.ToString(CultureInfo.InvariantCulture);
            entry = new LogEntry
            {
                Path = context.Path,
                LineNumber = lineNumber,
                Format = LogFormat.JournalShortIso,
                Timestamp = _last.Timestamp,
                StampText = "",
                HostName = _last.HostName,
                Program = _last.Program,
                ProcessId = _last.ProcessId,
                Message = Utf8Text.Decode(line[indent..]),
                TimeBasis = _carriedBasis,
            };
            return LineParseStatus.Parsed;
        }
    }
}
