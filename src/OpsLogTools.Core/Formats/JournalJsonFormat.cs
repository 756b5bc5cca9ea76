using System.Buffers.Text;
using System.Text.Json;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// <c>journalctl -o json</c>: one JSON object a line. <c>__REALTIME_TIMESTAMP</c> (microseconds since the epoch,
/// written as a string) → Timestamp in UTC, and StampText as written; <c>_HOSTNAME</c> → HostName;
/// <c>SYSLOG_IDENTIFIER</c>, else <c>_COMM</c> → Program; <c>_PID</c>, else <c>SYSLOG_PID</c> → ProcessId;
/// <c>PRIORITY</c> → Level (syslog severity word); <c>MESSAGE</c> → Message. journalctl writes a value that is
/// not valid UTF-8 as an array of byte numbers: that is decoded with <see cref="Utf8Text"/>, keeping bad bytes
/// visible. A field with several values is an array of values: the first is taken.
/// </summary>
public sealed class JournalJsonFormat : ILogFormat
{
    private static readonly long MaxMicroseconds = (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <inheritdoc />
    public LogFormat Format => LogFormat.JournalJson;

    /// <inheritdoc />
    public bool StampsAreAbsolute => true;

    /// <inheritdoc />
    /// <remarks>100 for an object with <c>__REALTIME_TIMESTAMP</c>; 50 for an object with <c>__CURSOR</c> or <c>MESSAGE</c>.</remarks>
    public int Probe(ReadOnlySpan<byte> line)
    {
        if (line.Length < 2 || line[0] != '{') return 0;
        if (line.IndexOf("\"__REALTIME_TIMESTAMP\""u8) >= 0) return 100;
        return line.IndexOf("\"__CURSOR\""u8) >= 0 || line.IndexOf("\"MESSAGE\""u8) >= 0 ? 50 : 0;
    }

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new Parser(context);

    private enum Field
    {
        Other,
        Realtime,
        Host,
        Identifier,
        Command,
        Pid,
        SyslogPid,
        Priority,
        Message,
    }

    private sealed class Parser(ParserContext context) : ILineParser
    {
        private readonly Utf8StringPool _hosts = new(16);
        private readonly Utf8StringPool _programs = new(256);
        private byte[] _bytes = new byte[256];

        public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
        {
            entry = null;
            if (line.IsEmpty) return LineParseStatus.Ignored;
            if (line[0] != '{') return LineParseStatus.Malformed;
            try
            {
                return ParseObject(line, lineNumber, out entry);
            }
            catch (JsonException)
            {
                return LineParseStatus.Malformed;
            }
            catch (InvalidOperationException)
            {
                // Utf8JsonReader's getters throw this for an escaped string that unescapes to invalid UTF-16.
                return LineParseStatus.Malformed;
            }
        }

        private LineParseStatus ParseObject(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
        {
            entry = null;
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return LineParseStatus.Malformed;

            long microseconds = -1;
            string? stampText = null, host = null, identifier = null, command = null, message = null, level = null;
            int? pid = null, syslogPid = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.TokenType != JsonTokenType.PropertyName) return LineParseStatus.Malformed;
                var field = Identify(ref reader);
                if (!reader.Read()) return LineParseStatus.Malformed;
                switch (field)
                {
                    case Field.Realtime:
                        if (!TryReadRealtime(ref reader, out microseconds, out stampText)) return LineParseStatus.Malformed;
                        break;
                    case Field.Host:
                        host = ReadText(ref reader, _hosts);
                        break;
                    case Field.Identifier:
                        identifier = ReadText(ref reader, _programs);
                        break;
                    case Field.Command:
                        command = ReadText(ref reader, _programs);
                        break;
                    case Field.Pid:
                        pid = ReadInt(ref reader);
                        break;
                    case Field.SyslogPid:
                        syslogPid = ReadInt(ref reader);
                        break;
                    case Field.Priority:
                        level = ReadInt(ref reader) is int p ? StampBytes.SeverityName(p) : null;
                        break;
                    case Field.Message:
                        message = ReadText(ref reader, null);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || microseconds < 0 || stampText is null) return LineParseStatus.Malformed;

            entry = new LogEntry
            {
                Path = context.Path,
                LineNumber = lineNumber,
                Format = LogFormat.JournalJson,
                Timestamp = DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10),
                StampText = stampText,
                HostName = host,
                Program = identifier ?? command,
                ProcessId = pid ?? syslogPid,
                Level = level,
                Message = message ?? "",
            };
            return LineParseStatus.Parsed;
        }

        private static Field Identify(ref Utf8JsonReader reader)
        {
            if (reader.ValueTextEquals("MESSAGE"u8)) return Field.Message;
            if (reader.ValueTextEquals("__REALTIME_TIMESTAMP"u8)) return Field.Realtime;
            if (reader.ValueTextEquals("_HOSTNAME"u8)) return Field.Host;
            if (reader.ValueTextEquals("SYSLOG_IDENTIFIER"u8)) return Field.Identifier;
            if (reader.ValueTextEquals("_COMM"u8)) return Field.Command;
            if (reader.ValueTextEquals("_PID"u8)) return Field.Pid;
            if (reader.ValueTextEquals("SYSLOG_PID"u8)) return Field.SyslogPid;
            if (reader.ValueTextEquals("PRIORITY"u8)) return Field.Priority;
            return Field.Other;
        }

        private static bool TryReadRealtime(ref Utf8JsonReader reader, out long microseconds, out string? stampText)
        {
            microseconds = -1;
            stampText = null;
            if ((reader.TokenType != JsonTokenType.String && reader.TokenType != JsonTokenType.Number) || reader.ValueIsEscaped) return false;
            var digits = reader.ValueSpan;
            if (digits.IsEmpty || digits.Length > 18) return false;
            foreach (byte b in digits)
            {
                if (!StampBytes.IsDigit(b)) return false;
            }
            if (!Utf8Parser.TryParse(digits, out long value, out int consumed) || consumed != digits.Length || value > MaxMicroseconds) return false;
            microseconds = value;
            stampText = Utf8Text.Decode(digits);
            return true;
        }

        private static int? ReadInt(ref Utf8JsonReader reader)
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number && !reader.ValueIsEscaped)
            {
                return StampBytes.TryParseInt(reader.ValueSpan, out int value) ? value : null;
            }
            reader.Skip();
            return null;
        }

        /// <summary>A string value, a byte-array value, or the first of several values.</summary>
        private string? ReadText(ref Utf8JsonReader reader, Utf8StringPool? pool)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    if (reader.ValueIsEscaped) return reader.GetString();
                    return pool is null ? Utf8Text.Decode(reader.ValueSpan) : pool.Get(reader.ValueSpan);
                case JsonTokenType.StartArray:
                    return ReadArray(ref reader, pool);
                default:
                    reader.Skip();
                    return null;
            }
        }

        private string? ReadArray(ref Utf8JsonReader reader, Utf8StringPool? pool)
        {
            int count = 0;
            string? first = null;
            bool bytes = true;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.Number && bytes && first is null)
                {
                    if (!reader.TryGetByte(out byte b)) throw new JsonException("byte value out of range");
                    if (count == _bytes.Length) Array.Resize(ref _bytes, _bytes.Length * 2);
                    _bytes[count++] = b;
                    continue;
                }
                bytes = false;
                // Several values of one field: keep the first, pass over the rest.
                if (first is null && count == 0) first = ReadText(ref reader, pool) ?? "";
                else reader.Skip();
            }
            if (reader.TokenType != JsonTokenType.EndArray) throw new JsonException("unterminated array");
            if (bytes) return pool is null ? Utf8Text.Decode(_bytes.AsSpan(0, count)) : pool.Get(_bytes.AsSpan(0, count));
            return first;
        }
    }
}
