namespace OpsLogTools.Core.Reading.Records;

/// <summary>
/// One record of a binary or framed log file, with its provenance: the file, its ordinal in the file (1-based, what
/// <see cref="Model.LogEntry.LineNumber"/> holds for it) and the byte offset it starts at. A record source
/// (<see cref="IRecordSource"/>) yields these; a record format (the layer above: <c>Formats.IRecordFormat</c>) turns them into
/// entries. Each kind of binary log derives its own record (a journal entry's fields, a utmp slot, an audit event).
/// </summary>
public abstract class LogRecord
{
    /// <summary>The file the record was read from (one shared string instance per file).</summary>
    public required string Path { get; init; }

    /// <summary>1-based position of the record among the file's records.</summary>
    public long Ordinal { get; init; }

    /// <summary>Byte offset of the record in the file (for a text-framed stream, in its decompressed content).</summary>
    public long Offset { get; init; }
}
