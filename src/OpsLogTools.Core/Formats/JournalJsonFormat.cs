using System.Buffers.Text;
using System.Text.Json;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reading.Journal;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// <c>journalctl -o json</c>: one JSON object a line, read into the same <see cref="JournalRecord"/> the binary and
/// export readers give and built by <see cref="JournalEntryBuilder"/> into a <see cref="JournalEntry"/>:
/// <c>__REALTIME_TIMESTAMP</c> (microseconds since the epoch, written as a string) → Timestamp in the host's zone, and
/// StampText as written; <c>__MONOTONIC_TIMESTAMP</c>, <c>_BOOT_ID</c>, <c>__SEQNUM</c>/<c>__SEQNUM_ID</c> (else the
/// cursor's <c>i=</c>/<c>s=</c>) → the entry header. journalctl writes a value that is not printable UTF-8 as an
/// array of byte numbers: kept as those bytes. A field with several values is an array of values: each is kept, in
/// order; <c>null</c> (a value journalctl left out as too large) is passed over.
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

    private sealed class Parser(ParserContext context) : ILineParser
    {
        private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
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

            long realtime = -1, monotonic = -1, seqnum = 0;
            string? seqnumId = null, bootId = null, cursor = null;
            var fields = new List<JournalField>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.TokenType != JsonTokenType.PropertyName) return LineParseStatus.Malformed;
                string name = Name(ref reader);
                if (!reader.Read()) return LineParseStatus.Malformed;
                switch (name)
                {
                    case "__REALTIME_TIMESTAMP":
                        if (!TryReadNumber(ref reader, out realtime)) return LineParseStatus.Malformed;
                        continue;
                    case "__MONOTONIC_TIMESTAMP":
                        if (!TryReadNumber(ref reader, out monotonic)) monotonic = -1;
                        continue;
                    case "__SEQNUM":
                        if (!TryReadNumber(ref reader, out seqnum)) seqnum = 0;
                        continue;
                    case "__SEQNUM_ID":
                        seqnumId = ReadValues(ref reader) is [var id, ..] ? Utf8Text.Decode(id) : null;
                        continue;
                    case "__CURSOR":
                        cursor = ReadValues(ref reader) is [var c, ..] ? Utf8Text.Decode(c) : null;
                        continue;
                }
                if (name.StartsWith("__", StringComparison.Ordinal))
                {
                    reader.Skip();
                    continue;
                }
                var values = ReadValues(ref reader);
                if (name == "_BOOT_ID" && values is [var boot, ..]) bootId = Utf8Text.Decode(boot);
                if (values is null) continue;
                foreach (var value in values) fields.Add(new JournalField(name, value));
            }
            if (reader.TokenType != JsonTokenType.EndObject || realtime < 0) return LineParseStatus.Malformed;
            if (cursor is not null && (seqnumId is null || seqnum == 0))
            {
                string? cursorId = null;
                long cursorSeqnum = 0;
                JournalExportReader.ParseCursor(System.Text.Encoding.ASCII.GetBytes(cursor), ref cursorId, ref cursorSeqnum);
                seqnumId ??= cursorId;
                if (seqnum == 0) seqnum = cursorSeqnum;
            }
            var record = new JournalRecord
            {
                Path = context.Path,
                Ordinal = lineNumber,
                Realtime = realtime,
                Monotonic = monotonic,
                BootId = bootId,
                SequenceNumber = seqnum,
                SequenceNumberId = seqnumId,
                Fields = fields,
            };
            entry = JournalEntryBuilder.Build(record, context, LogFormat.JournalJson, offset: null);
            return entry is null ? LineParseStatus.Malformed : LineParseStatus.Parsed;
        }

        private string Name(ref Utf8JsonReader reader)
        {
            if (reader.ValueIsEscaped) return reader.GetString() ?? "";
            var span = reader.ValueSpan;
            // Field names are few: one string each per file.
            var lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
            Span<char> chars = stackalloc char[Math.Min(span.Length, 256)];
            if (span.Length <= 256 && System.Text.Unicode.Utf8.ToUtf16(span, chars, out _, out int written) == System.Buffers.OperationStatus.Done)
            {
                if (lookup.TryGetValue(chars[..written], out var known)) return known;
                string name = new(chars[..written]);
                if (_names.Count < 4096) _names[name] = name;
                return name;
            }
            return Utf8Text.Decode(span);
        }

        private static bool TryReadNumber(ref Utf8JsonReader reader, out long value)
        {
            value = -1;
            if ((reader.TokenType != JsonTokenType.String && reader.TokenType != JsonTokenType.Number) || reader.ValueIsEscaped)
            {
                reader.Skip();
                return false;
            }
            var digits = reader.ValueSpan;
            if (digits.IsEmpty || digits.Length > 18) return false;
            foreach (byte b in digits)
            {
                if (!StampBytes.IsDigit(b)) return false;
            }
            if (!Utf8Parser.TryParse(digits, out long parsed, out int consumed) || consumed != digits.Length || parsed > MaxMicroseconds) return false;
            value = parsed;
            return true;
        }

        /// <summary>The value's bytes: a string, a byte array (a value that is not text), or each of several values.</summary>
        private List<byte[]>? ReadValues(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                case JsonTokenType.Number:
                    return [Bytes(ref reader)];
                case JsonTokenType.StartArray:
                    return ReadArray(ref reader);
                default:
                    reader.Skip();
                    return null;
            }
        }

        private static byte[] Bytes(ref Utf8JsonReader reader)
        {
            if (!reader.ValueIsEscaped) return reader.ValueSpan.ToArray();
            return System.Text.Encoding.UTF8.GetBytes(reader.GetString() ?? "");
        }

        private List<byte[]> ReadArray(ref Utf8JsonReader reader)
        {
            int count = 0;
            bool bytes = true;
            var values = new List<byte[]>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.Number && bytes && values.Count == 0)
                {
                    if (!reader.TryGetByte(out byte b)) throw new JsonException("byte value out of range");
                    if (count == _bytes.Length) Array.Resize(ref _bytes, _bytes.Length * 2);
                    _bytes[count++] = b;
                    continue;
                }
                if (count > 0) throw new JsonException("a byte array mixed with other values");
                bytes = false;
                // Several values of one field: each a string or a byte array.
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        values.Add(Bytes(ref reader));
                        break;
                    case JsonTokenType.StartArray:
                        int before = 0;
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            if (!reader.TryGetByte(out byte b)) throw new JsonException("byte value out of range");
                            if (before == _bytes.Length) Array.Resize(ref _bytes, _bytes.Length * 2);
                            _bytes[before++] = b;
                        }
                        values.Add(_bytes.AsSpan(0, before).ToArray());
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            if (reader.TokenType != JsonTokenType.EndArray) throw new JsonException("unterminated array");
            if (bytes) values.Add(_bytes.AsSpan(0, count).ToArray());
            return values;
        }
    }
}
