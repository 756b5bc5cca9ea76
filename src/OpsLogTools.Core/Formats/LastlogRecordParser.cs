using System.Globalization;
using System.Net;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading.Records;
using OpsLogTools.Core.Reading.Utmp;

namespace OpsLogTools.Core.Formats;

/// <summary><see cref="LastlogRecord"/> → <see cref="LoginRecordEntry"/> of kind <c>LastLogin</c>, worded as <c>lastlog</c> prints it.</summary>
internal sealed class LastlogRecordParser(ParserContext context) : IRecordParser
{
    /// <summary>The entry kind of a lastlog slot.</summary>
    public const string Kind = "LastLogin";

    /// <inheritdoc />
    public LineParseStatus TryParse(LogRecord record, out LogEntry? entry)
    {
        entry = null;
        if (record is not LastlogRecord slot) return LineParseStatus.Malformed;
        var utc = DateTimeOffset.FromUnixTimeSeconds(slot.Seconds);
        string uid = slot.UserId.ToString(CultureInfo.InvariantCulture);
        string on = slot.Line.Length > 0 ? " on " + slot.Line : "";
        string from = slot.Host.Length > 0 ? " from " + slot.Host : "";
        entry = new LoginRecordEntry
        {
            Path = record.Path,
            LineNumber = record.Ordinal,
            Offset = record.Offset,
            Format = LogFormat.Lastlog,
            Timestamp = JournalEntryBuilder.InHostZone(utc, context.Clock.Reference),
            StampText = slot.Seconds.ToString(CultureInfo.InvariantCulture),
            Kind = Kind,
            UserId = slot.UserId,
            Line = slot.Line,
            Host = slot.Host,
            Address = IPAddress.TryParse(slot.Host, out var address) ? address.ToString() : null,
            Message = $"uid {uid} last logged in{on}{from}",
        };
        return LineParseStatus.Parsed;
    }
}
