using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reading.Journal;
using OpsLogTools.Core.Reading.Records;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// <c>journalctl -o export</c> (and what <c>systemd-journal-remote</c> takes in): the journal's binary-safe export
/// stream (<see cref="JournalExportReader"/>), recognised by its first field, <c>__CURSOR=</c> or
/// <c>__REALTIME_TIMESTAMP=</c>. Entries come out as the same <see cref="JournalEntry"/> a binary journal gives.
/// </summary>
public sealed class JournalExportFormat : IRecordFormat
{
    /// <inheritdoc />
    public LogFormat Format => LogFormat.JournalExport;

    /// <inheritdoc />
    public bool StampsAreAbsolute => true;

    /// <inheritdoc />
    public int HeadBytes => 64;

    /// <inheritdoc />
    public IComparer<LogEntry>? MergeOrder => null;

    /// <inheritdoc />
    public bool ProbeHead(ReadOnlySpan<byte> head)
    {
        // A file may start with blank lines; the first field of an export entry is one of its address fields.
        head = head.TrimStart("\n"u8);
        return head.StartsWith("__CURSOR=s="u8) || head.StartsWith("__REALTIME_TIMESTAMP="u8) || head.StartsWith("__SEQNUM="u8);
    }

    /// <inheritdoc />
    public int Probe(ReadOnlySpan<byte> line) => 0;

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) =>
        throw new NotSupportedException("An export stream is binary-safe, not lines: it is read through its record source.");

    /// <inheritdoc />
    public IRecordSource OpenRecords(Stream content, RecordSourceContext context) => new JournalExportReader(content, context);

    /// <inheritdoc />
    public IRecordParser CreateRecordParser(ParserContext context) => new JournalRecordParser(context, LogFormat.JournalExport, record => record.Offset);
}
