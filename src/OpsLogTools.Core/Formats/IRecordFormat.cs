using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading.Records;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// A format whose files are records, not lines (see <see cref="IRecordSource"/>): recognised by the first bytes of the
/// file (a magic), read by a record source, and parsed record by record. Its <see cref="ILogFormat.Probe"/> scores no
/// line (a text line is never one of its records) and it has no line parser.
/// </summary>
public interface IRecordFormat : ILogFormat
{
    /// <summary>How many bytes of the file's start <see cref="ProbeHead"/> wants to see.</summary>
    int HeadBytes { get; }

    /// <summary>True when the file's first bytes (decompressed; fewer than <see cref="HeadBytes"/> for a short file)
    /// are this format's.</summary>
    bool ProbeHead(ReadOnlySpan<byte> head);

    /// <summary>
    /// True when the file named <paramref name="fileName"/> (no directory) with these first bytes is this format's. A
    /// format with a magic needs only <see cref="ProbeHead"/> (the default); one with none (<c>lastlog</c>) claims files
    /// by their well-known name too.
    /// </summary>
    bool ProbeFile(string fileName, ReadOnlySpan<byte> head) => ProbeHead(head);

    /// <summary>Opens a record source over the file's content (read from its start; seekable for formats that need it).</summary>
    IRecordSource OpenRecords(Stream content, RecordSourceContext context);

    /// <summary>Makes the parser that turns this format's records into entries, for one file.</summary>
    IRecordParser CreateRecordParser(ParserContext context);

    /// <summary>
    /// When the files of this format are one log split over many files (a journal directory), the order their entries
    /// merge in, as the format's own tools do; null when each file stands alone.
    /// </summary>
    IComparer<LogEntry>? MergeOrder { get; }
}

/// <summary>Turns the records of one file into entries.</summary>
public interface IRecordParser
{
    /// <summary>Parse one record; <see cref="LineParseStatus.Malformed"/> when it holds no entry of this format.</summary>
    LineParseStatus TryParse(LogRecord record, out LogEntry? entry);
}
