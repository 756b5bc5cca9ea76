using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// ISO-stamped syslog: rsyslog's <c>RSYSLOG_FileFormat</c> (<c>2022-07-19T21:10:03.123456+09:00 host prog[pid]: msg</c>)
/// and RFC 5424 (<c>&lt;34&gt;1 2022-07-19T21:10:03.003Z host app procid msgid [sd] msg</c>, with or without the
/// PRI, with NILVALUE <c>-</c> fields). The offset is kept as written.
/// </summary>
/// <remarks>
/// RFC 5424 fields map as: APP-NAME → Program, PROCID → ProcessId (when numeric), severity of PRI → Level.
/// MSGID and STRUCTURED-DATA have no property of their own; when not NILVALUE they stay at the head of Message,
/// as written, so nothing is lost. A leading UTF-8 BOM of MSG is dropped (RFC 5424 §6.4).
/// </remarks>
public sealed class SyslogIsoFormat : ILogFormat
{
    /// <inheritdoc />
    public LogFormat Format => LogFormat.SyslogIso;

    /// <inheritdoc />
    public bool StampsAreAbsolute => true;

    /// <inheritdoc />
    public int Probe(ReadOnlySpan<byte> line)
    {
        bool hasPri = StampBytes.TryParsePri(line, out _, out int pos);
        bool versioned = IsVersion(line[pos..]);
        if (versioned) pos += 2;
        if (!StampBytes.TryParseIso(line[pos..], out _, out int length, out bool hasFraction, out var style)) return 0;
        pos += length;
        if (pos + 1 >= line.Length) return 0;
        var rest = line[(pos + 1)..];
        var host = StampBytes.Token(rest);
        if (host.IsEmpty) return 0;
        if (versioned) return hasPri ? 90 : 85;
        if (DnfLevels.IsLevel(host)) return 0;
        if (LooksLike5424(StampBytes.AfterToken(rest))) return 80;
        if (SyslogTag.IsTagToken(host)) return 10;
        // journalctl -o short-iso writes the same shape; rsyslog always writes a fraction and a colon offset.
        return style == IsoOffsetStyle.NoColon ? 30 : hasFraction || style == IsoOffsetStyle.Zulu ? 70 : 50;
    }

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new Parser(context);

    private static bool IsVersion(ReadOnlySpan<byte> s) => s.Length > 2 && s[0] == '1' && s[1] == ' ';

    /// <summary>APP PROCID MSGID SD, where APP is no tag, PROCID is NILVALUE or numeric and SD is NILVALUE or '['.</summary>
    private static bool LooksLike5424(ReadOnlySpan<byte> s)
    {
        var app = StampBytes.Token(s);
        if (app.IsEmpty || SyslogTag.IsTagToken(app) || app.IndexOf((byte)'[') >= 0) return false;
        s = StampBytes.AfterToken(s);
        var procId = StampBytes.Token(s);
        if (!procId.SequenceEqual("-"u8) && !StampBytes.TryParseInt(procId, out _)) return false;
        s = StampBytes.AfterToken(s);
        if (StampBytes.Token(s).IsEmpty) return false;
        s = StampBytes.AfterToken(s);
        return s.Length > 0 && (s[0] == '[' || (s[0] == '-' && (s.Length == 1 || s[1] == ' ')));
    }

    /// <summary>Length of the STRUCTURED-DATA at the start of <paramref name="s"/> (one or more [..] elements), or -1.</summary>
    private static int StructuredDataLength(ReadOnlySpan<byte> s)
    {
        int i = 0;
        while (i < s.Length && s[i] == '[')
        {
            bool quoted = false;
            i++;
            for (; i < s.Length; i++)
            {
                byte b = s[i];
                if (quoted && b == '\\') i++;
                else if (b == '"') quoted = !quoted;
                else if (!quoted && b == ']') break;
            }
            if (i >= s.Length) return -1;
            i++;
        }
        return i == 0 ? -1 : i;
    }

    private sealed class Parser(ParserContext context) : ILineParser
    {
        private readonly SyslogEntryBuilder _builder = new(context.Path, LogFormat.SyslogIso);

        public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
        {
            entry = null;
            if (line.IsEmpty) return LineParseStatus.Ignored;
            string? level = null;
            if (StampBytes.TryParsePri(line, out int pri, out int pos)) level = StampBytes.SeverityName(pri & 7);
            bool versioned = IsVersion(line[pos..]);
            if (versioned) pos += 2;
            if (!StampBytes.TryParseIso(line[pos..], out var timestamp, out int length, out _, out _)) return LineParseStatus.Malformed;
            string stampText = Utf8Text.Decode(line.Slice(pos, length));
            pos += length;
            if (pos + 1 >= line.Length) return LineParseStatus.Malformed;
            var rest = line[(pos + 1)..];
            if (StampBytes.Token(rest).IsEmpty) return LineParseStatus.Malformed;

            if (versioned || LooksLike5424(StampBytes.AfterToken(rest)))
            {
                return TryParse5424(rest, lineNumber, timestamp, stampText, level, out entry);
            }
            if (!SyslogTag.TryParseHostAndTag(rest, out var tag)) return LineParseStatus.Malformed;
            entry = _builder.Build(lineNumber, timestamp, stampText, "written", level, tag);
            return LineParseStatus.Parsed;
        }

        private LineParseStatus TryParse5424(ReadOnlySpan<byte> rest, long lineNumber, DateTimeOffset timestamp, string stampText,
            string? level, out LogEntry? entry)
        {
            entry = null;
            var host = StampBytes.Token(rest);
            var s = StampBytes.AfterToken(rest);
            var app = StampBytes.Token(s);
            s = StampBytes.AfterToken(s);
            var procId = StampBytes.Token(s);
            s = StampBytes.AfterToken(s);
            var msgId = StampBytes.Token(s);
            s = StampBytes.AfterToken(s);
            if (app.IsEmpty || procId.IsEmpty || msgId.IsEmpty) return LineParseStatus.Malformed;

            ReadOnlySpan<byte> structured = default;
            if (s.Length > 0 && s[0] == '-' && (s.Length == 1 || s[1] == ' '))
            {
                s = s.Length > 2 ? s[2..] : default;
            }
            else if (s.Length > 0)
            {
                int sd = StructuredDataLength(s);
                if (sd < 0 || (sd < s.Length && s[sd] != ' ')) return LineParseStatus.Malformed;
                structured = s[..sd];
                s = sd + 1 < s.Length ? s[(sd + 1)..] : default;
            }
            if (s.StartsWith("\uFEFF"u8)) s = s[3..];

            string message = Utf8Text.Decode(s);
            bool hasMsgId = !msgId.SequenceEqual("-"u8);
            if (!structured.IsEmpty) message = Utf8Text.Decode(structured) + (message.Length > 0 ? " " + message : "");
            if (hasMsgId) message = Utf8Text.Decode(msgId) + (message.Length > 0 ? " " + message : "");

            entry = new LogEntry
            {
                Path = context.Path,
                LineNumber = lineNumber,
                Format = LogFormat.SyslogIso,
                Timestamp = timestamp,
                StampText = stampText,
                HostName = _builder.Host(host),
                Program = _builder.Program(app),
                ProcessId = StampBytes.TryParseInt(procId, out int pid) ? pid : null,
                Level = level,
                Message = message,
            };
            return LineParseStatus.Parsed;
        }
    }
}
