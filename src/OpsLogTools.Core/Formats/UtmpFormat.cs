using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reading.Records;
using OpsLogTools.Core.Reading.Utmp;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// glibc's binary login records (<c>wtmp</c>, <c>btmp</c>, <c>utmp</c>; <see cref="UtmpLayout"/>). There is no magic:
/// a file is claimed by structure — among its first whole records (up to <see cref="ProbeRecords"/>), zeroed slots set
/// aside, the first must be a plausible record (<see cref="UtmpLayout.IsPlausible"/>: a type 0..9 with zero padding, a
/// non-negative pid, microseconds below a million, a time unless empty, printable text fields up to their NUL) and at
/// least half must be. Text never starts with a type of 0..9 (bytes 00..09 then three NULs).
/// </summary>
public sealed class UtmpFormat : IRecordFormat
{
    /// <summary>How many leading records detection checks.</summary>
    public const int ProbeRecords = 4;

    /// <inheritdoc />
    public LogFormat Format => LogFormat.Utmp;

    /// <inheritdoc />
    public bool StampsAreAbsolute => true;

    /// <inheritdoc />
    public int HeadBytes => ProbeRecords * UtmpLayout.RecordSize;

    /// <inheritdoc />
    public IComparer<LogEntry>? MergeOrder => null;

    /// <inheritdoc />
    public bool ProbeHead(ReadOnlySpan<byte> head)
    {
        int whole = head.Length / UtmpLayout.RecordSize;
        int records = 0, plausible = 0;
        for (int i = 0; i < whole; i++)
        {
            var record = head.Slice(i * UtmpLayout.RecordSize, UtmpLayout.RecordSize);
            if (UtmpLayout.IsZeroed(record)) continue; // a wiped slot is damage the reader reports, not a reason to pass the file over
            bool ok = UtmpLayout.IsPlausible(record);
            if (records == 0 && !ok) return false; // the first record that is not zeroed must be a record
            records++;
            if (ok) plausible++;
        }
        // A damaged slot among them (garbage a tool wrote) is reported by the reader; most must be records.
        return records > 0 && plausible * 2 >= records;
    }

    /// <inheritdoc />
    public int Probe(ReadOnlySpan<byte> line) => 0;

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) =>
        throw new NotSupportedException("Login records are binary, not lines: they are read through their record source.");

    /// <inheritdoc />
    public IRecordSource OpenRecords(Stream content, RecordSourceContext context) =>
        new UtmpRecordSource(content, context, UtmpRecordSource.IsAppendOnly(context.Path));

    /// <inheritdoc />
    public IRecordParser CreateRecordParser(ParserContext context) => new UtmpRecordParser(context);
}
