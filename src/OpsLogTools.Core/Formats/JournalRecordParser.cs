using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading.Journal;
using OpsLogTools.Core.Reading.Records;

namespace OpsLogTools.Core.Formats;

/// <summary>Journal records → <see cref="JournalEntry"/> (<see cref="JournalEntryBuilder"/>), for the binary and export readers.</summary>
internal sealed class JournalRecordParser(ParserContext context, LogFormat format, Func<JournalRecord, long?> offset) : IRecordParser
{
    private readonly JournalTextCache _texts = new();

    /// <inheritdoc />
    public LineParseStatus TryParse(LogRecord record, out LogEntry? entry)
    {
        entry = record is JournalRecord journal ? JournalEntryBuilder.Build(journal, context, format, offset(journal), _texts) : null;
        return entry is null ? LineParseStatus.Malformed : LineParseStatus.Parsed;
    }
}
