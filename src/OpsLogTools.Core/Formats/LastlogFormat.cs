using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading.Records;
using OpsLogTools.Core.Reading.Utmp;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// <c>lastlog</c> (<see cref="LastlogLayout"/>): there is no magic, and the first slots (root, daemon, bin …) are often
/// zero, so a file is claimed by its well-known name (<c>lastlog</c>, or a rotated <c>lastlog.1</c> /
/// <c>lastlog-20240101</c>) when it is binary and at least half of its first used slots are records; by its bytes alone only when its first slot
/// is a record whose line holds a NUL (text never does) dated after 1990, and the other slots of the head are zero or
/// records.
/// </summary>
public sealed class LastlogFormat : IRecordFormat
{
    /// <summary>How many leading slots detection checks.</summary>
    public const int ProbeRecords = 8;

    private const int Since1990 = 631_152_000;

    /// <inheritdoc />
    public LogFormat Format => LogFormat.Lastlog;

    /// <inheritdoc />
    public bool StampsAreAbsolute => true;

    /// <inheritdoc />
    public int HeadBytes => ProbeRecords * LastlogLayout.RecordSize;

    /// <inheritdoc />
    public IComparer<LogEntry>? MergeOrder => null;

    /// <summary>True for <c>lastlog</c> and its rotated names.</summary>
    public static bool IsLastlogName(string fileName) =>
        fileName == "lastlog"
        || (fileName.StartsWith("lastlog", StringComparison.Ordinal) && fileName.Length > 8
            && fileName[7] is '.' or '-' && fileName.AsSpan(8).IndexOfAnyExceptInRange('0', '9') < 0);

    /// <inheritdoc />
    public bool ProbeHead(ReadOnlySpan<byte> head)
    {
        if (head.Length < LastlogLayout.RecordSize) return false;
        var first = head[..LastlogLayout.RecordSize];
        if (!LastlogLayout.IsPlausible(first)) return false;
        if (System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(first) < Since1990) return false;
        return SlotsAreRecords(head);
    }

    /// <inheritdoc />
    public bool ProbeFile(string fileName, ReadOnlySpan<byte> head) =>
        IsLastlogName(fileName) ? MostlyRecords(head) : ProbeHead(head);

    /// <inheritdoc />
    public int Probe(ReadOnlySpan<byte> line) => 0;

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) =>
        throw new NotSupportedException("lastlog is binary, not lines: it is read through its record source.");

    /// <inheritdoc />
    public IRecordSource OpenRecords(Stream content, RecordSourceContext context) => new LastlogRecordSource(content, context);

    /// <inheritdoc />
    public IRecordParser CreateRecordParser(ParserContext context) => new LastlogRecordParser(context);

    /// <summary>Under its own name: binary (a NUL somewhere), and at least half of its non-zero slots records (a damaged
    /// slot is the reader's to report, not a reason to pass the file over).</summary>
    private static bool MostlyRecords(ReadOnlySpan<byte> head)
    {
        if (head.Length > 0 && head.IndexOf((byte)0) < 0) return false;
        int used = 0, records = 0;
        for (int at = 0; at + LastlogLayout.RecordSize <= head.Length; at += LastlogLayout.RecordSize)
        {
            var slot = head.Slice(at, LastlogLayout.RecordSize);
            if (LastlogLayout.IsZeroed(slot)) continue;
            used++;
            if (LastlogLayout.IsPlausible(slot)) records++;
        }
        return records * 2 >= used;
    }

    private static bool SlotsAreRecords(ReadOnlySpan<byte> head)
    {
        for (int at = 0; at + LastlogLayout.RecordSize <= head.Length; at += LastlogLayout.RecordSize)
        {
            var slot = head.Slice(at, LastlogLayout.RecordSize);
            if (!LastlogLayout.IsZeroed(slot) && !LastlogLayout.IsPlausible(slot)) return false;
        }
        return true;
    }
}
