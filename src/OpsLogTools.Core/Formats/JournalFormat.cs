using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reading.Journal;
using OpsLogTools.Core.Reading.Records;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// systemd's binary journal (<c>/var/log/journal/&lt;machine-id&gt;/*.journal</c>, archived <c>system@….journal</c>
/// and dirty <c>*.journal~</c>), recognised by its <c>LPKSHHRH</c> signature and read natively
/// (<see cref="JournalFileReader"/>) through the record door. The files of a journal directory merge as journalctl
/// merges them (<see cref="JournalMergeOrder"/>).
/// </summary>
public sealed class JournalFormat : IRecordFormat
{
    /// <inheritdoc />
    public LogFormat Format => LogFormat.Journal;

    /// <inheritdoc />
    /// <remarks>Realtime stamps are absolute instants, but the journal writes no zone: it dates the bundle's other
    /// files, and takes the host's zone from them.</remarks>
    public bool StampsAreAbsolute => true;

    /// <inheritdoc />
    public int HeadBytes => 8;

    /// <inheritdoc />
    public IComparer<LogEntry>? MergeOrder => JournalMergeOrder.Instance;

    /// <inheritdoc />
    public bool ProbeHead(ReadOnlySpan<byte> head) => head.StartsWith("LPKSHHRH"u8);

    /// <inheritdoc />
    public int Probe(ReadOnlySpan<byte> line) => 0;

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) =>
        throw new NotSupportedException("A binary journal has no lines: it is read through its record source.");

    /// <inheritdoc />
    public IRecordSource OpenRecords(Stream content, RecordSourceContext context) => new JournalFileReader(content, context);

    /// <inheritdoc />
    public IRecordParser CreateRecordParser(ParserContext context) => new JournalRecordParser(context, LogFormat.Journal, record => record.Offset);
}
