using System.Buffers;
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
    /// <remarks>Only the named properties are decoded here; <see cref="JournalEntry.Fields"/> is built from the record
    /// when first asked for. <paramref name="texts"/> (one per file) keeps the text of values shared between entries
    /// (host, program, unit), decoded once.</remarks>
    public static JournalEntry? Build(JournalRecord record, ParserContext context, LogFormat format, long? offset, JournalTextCache? texts = null)
    {
        if (record.Realtime < 0 || record.Realtime > MaxMicroseconds) return null;
        byte[]? message = null, host = null, identifier = null, command = null, pid = null, syslogPid = null, priority = null, unit = null;
        string? bootId = record.BootId;
        var all = record.Fields;
        for (int i = 0; i < all.Count; i++)
        {
            var (name, value) = all[i];
            switch (name)
            {
                case "MESSAGE": message ??= value; break;
                case "_HOSTNAME": host ??= value; break;
                case "SYSLOG_IDENTIFIER": identifier ??= value; break;
                case "_COMM": command ??= value; break;
                case "_PID": pid ??= value; break;
                case "SYSLOG_PID": syslogPid ??= value; break;
                case "PRIORITY": priority ??= value; break;
                case "_SYSTEMD_UNIT": unit ??= value; break;
                case "_BOOT_ID": bootId ??= Encoding.ASCII.GetString(value); break;
            }
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
            HostName = Text(host, texts),
            Program = Text(identifier, texts) ?? Text(command, texts),
            ProcessId = Number(pid) ?? Number(syslogPid),
            Priority = level,
            Level = level is int p ? StampBytes.SeverityName(p) : null,
            Unit = Text(unit, texts),
            Message = message is null ? "" : Utf8Text.Decode(message),
            MonotonicTime = record.Monotonic >= 0 ? TimeSpan.FromTicks(Math.Min(record.Monotonic, TimeSpan.MaxValue.Ticks / 10) * 10) : TimeSpan.Zero,
            BootId = bootId,
            SequenceNumber = record.SequenceNumber,
            SequenceNumberId = record.SequenceNumberId,
            FieldFactory = () => FieldsOf(all),
        };
    }

    /// <summary><see cref="JournalEntry.Fields"/>: every field but the first MESSAGE when it is text (it is the
    /// entry's Message) and _BOOT_ID (its BootId); text values as strings, others as bytes, a repeated name as an array.</summary>
    public static Dictionary<string, object> FieldsOf(IReadOnlyList<JournalField> all)
    {
        var fields = new Dictionary<string, object>(all.Count, StringComparer.Ordinal);
        bool sawMessage = false;
        for (int i = 0; i < all.Count; i++)
        {
            var (name, value) = all[i];
            if (name == "_BOOT_ID") continue;
            if (name == "MESSAGE" && !sawMessage)
            {
                sawMessage = true;
                if (!IsText(value)) Add(fields, name, value);
                continue;
            }
            Add(fields, name, IsText(value) ? Utf8Text.Decode(value) : value);
        }
        return fields;
    }

    /// <summary>An instant in the host's zone as the bundle tells it (its rules when known, else its fixed offset).</summary>
    public static DateTimeOffset InHostZone(DateTimeOffset utc, TimeReference reference) =>
        reference.Zone is { } zone ? TimeZoneInfo.ConvertTime(utc, zone) : utc.ToOffset(reference.FixedOffset);

    /// <summary>Printable UTF-8 (tabs and newlines allowed): journalctl writes anything else as bytes.</summary>
    public static bool IsText(ReadOnlySpan<byte> value) => !value.ContainsAny(NotText) && Utf8.IsValid(value);

    // Control bytes but tab and newline, and DEL.
    private static readonly SearchValues<byte> NotText = SearchValues.Create([.. Enumerable.Range(0, 0x20).Where(b => b is not '\t' and not '\n').Select(b => (byte)b), 0x7F]);

    private static void Add(Dictionary<string, object> fields, string name, object value)
    {
        if (!fields.TryGetValue(name, out var existing))
        {
            fields[name] = value;
            return;
        }
        fields[name] = existing is object[] several ? [.. several, value] : new[] { existing, value };
    }

    private static string? Text(byte[]? value, JournalTextCache? texts) =>
        value is null ? null : texts is null ? Utf8Text.Decode(value) : texts.Decode(value);

    private static int? Number(byte[]? value) => value is not null && StampBytes.TryParseInt(value, out int n) ? n : null;
}
