using System.Text;
using System.Text.Unicode;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reading.Journal;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// Turns a <see cref="JournalRecord"/> into a <see cref="JournalEntry"/>, the same way whichever reader produced the
/// record (binary file, export stream, <c>journalctl -o json</c>), so the rest of the engine sees one kind of
/// journal entry.
/// </summary>
internal static class JournalEntryBuilder
{
    private static readonly long MaxMicroseconds = (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>The entry, or null when the record has no realtime stamp to place it by.</summary>
    public static JournalEntry? Build(JournalRecord record, ParserContext context, LogFormat format, long? offset)
    {
        if (record.Realtime < 0 || record.Realtime > MaxMicroseconds) return null;
        byte[]? message = null, host = null, identifier = null, command = null, pid = null, syslogPid = null, priority = null, unit = null;
        var fields = new Dictionary<string, object>(record.Fields.Count, StringComparer.Ordinal);
        string? bootId = record.BootId;
        foreach (var (name, value) in record.Fields)
        {
            switch (name)
            {
                case "MESSAGE":
                    if (message is null)
                    {
                        message = value;
                        if (!IsText(value)) Add(fields, name, value);
                        continue;
                    }
                    break;
                case "_HOSTNAME": host ??= value; break;
                case "SYSLOG_IDENTIFIER": identifier ??= value; break;
                case "_COMM": command ??= value; break;
                case "_PID": pid ??= value; break;
                case "SYSLOG_PID": syslogPid ??= value; break;
                case "PRIORITY": priority ??= value; break;
                case "_SYSTEMD_UNIT": unit ??= value; break;
                case "_BOOT_ID":
                    bootId ??= Encoding.ASCII.GetString(value);
                    continue;
            }
            Add(fields, name, IsText(value) ? Utf8Text.Decode(value) : value);
        }
        int? level = Number(priority);
        var utc = DateTimeOffset.UnixEpoch.AddTicks(record.Realtime * 10);
        return new JournalEntry
        {
            Path = context.Path,
            LineNumber = record.Ordinal,
            Offset = offset,
            Format = format,
            Timestamp = InHostZone(utc, context.Clock.Reference),
            StampText = record.Realtime.ToString(System.Globalization.CultureInfo.InvariantCulture),
            HostName = Text(host),
            Program = Text(identifier) ?? Text(command),
            ProcessId = Number(pid) ?? Number(syslogPid),
            Priority = level,
            Level = level is int p ? StampBytes.SeverityName(p) : null,
            Unit = Text(unit),
            Message = message is null ? "" : Utf8Text.Decode(message),
            MonotonicTime = record.Monotonic >= 0 ? TimeSpan.FromTicks(Math.Min(record.Monotonic, TimeSpan.MaxValue.Ticks / 10) * 10) : TimeSpan.Zero,
            BootId = bootId,
            SequenceNumber = record.SequenceNumber,
            SequenceNumberId = record.SequenceNumberId,
            Fields = fields,
        };
    }

    /// <summary>An instant in the host's zone as the bundle tells it (its rules when known, else its fixed offset).</summary>
    public static DateTimeOffset InHostZone(DateTimeOffset utc, TimeReference reference) =>
        reference.Zone is { } zone ? TimeZoneInfo.ConvertTime(utc, zone) : utc.ToOffset(reference.FixedOffset);

    /// <summary>Printable UTF-8 (tabs and newlines allowed): journalctl writes anything else as bytes.</summary>
    public static bool IsText(ReadOnlySpan<byte> value)
    {
        if (!Utf8.IsValid(value)) return false;
        foreach (byte b in value)
        {
            if ((b < 0x20 && b != '\t' && b != '\n') || b == 0x7F) return false;
        }
        return true;
    }

    private static void Add(Dictionary<string, object> fields, string name, object value)
    {
        if (!fields.TryGetValue(name, out var existing))
        {
            fields[name] = value;
            return;
        }
        fields[name] = existing is object[] several ? [.. several, value] : new[] { existing, value };
    }

    private static string? Text(byte[]? value) => value is null ? null : Utf8Text.Decode(value);

    private static int? Number(byte[]? value) => value is not null && StampBytes.TryParseInt(value, out int n) ? n : null;
}
