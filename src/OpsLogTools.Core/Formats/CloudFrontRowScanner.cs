using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// The byte-level half of CloudFront reading, shared by <see cref="CloudFrontFormat"/> (which builds entries) and the
/// bot engine's fast path (which reads a few fields straight into counters): follows the file's <c>#Fields</c> line,
/// splits a row into the columns the reader uses and checks the fields whose damage makes a row unreadable (date, time,
/// status, bytes). One instance per file, because the <c>#Fields</c> line is per file.
/// </summary>
internal sealed class CloudFrontRowScanner
{
    /// <summary>Length of the row span <see cref="Scan"/> fills (one slot per <see cref="CloudFrontField"/>).</summary>
    public static readonly int FieldCount = Enum.GetValues<CloudFrontField>().Length;

    private readonly Func<CloudFrontField, bool>? _wanted;
    private CloudFrontField[] _columns = CloudFrontFieldNames.StandardOrder;
    private int _lastUsed;
    private bool _sawHeader;

    /// <summary>A scanner that finds every column the entry reader uses.</summary>
    public CloudFrontRowScanner() : this(null)
    {
    }

    /// <summary>
    /// A scanner that needs only the columns <paramref name="wanted"/> accepts (the bot engine's few): past the last of
    /// them a row's remaining columns are only counted. Date, time, status and bytes are always wanted (they are checked).
    /// </summary>
    public CloudFrontRowScanner(Func<CloudFrontField, bool>? wanted)
    {
        _wanted = wanted;
        _lastUsed = LastUsed(_columns);
    }

    /// <summary>
    /// Reads one line. Header lines (<c>#Fields</c> changes the columns) and empty lines are Ignored; a malformed
    /// <c>#Fields</c> line or an unreadable row is Malformed. For a Parsed row, <paramref name="row"/> holds where each
    /// column is (absent when the file does not log it) and <paramref name="values"/> the checked values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public LineParseStatus Scan(ReadOnlySpan<byte> line, Span<FieldRange> row, out RowValues values)
    {
        values = default;
        if (line.IsEmpty) return LineParseStatus.Ignored;
        if (line[0] == (byte)'#')
        {
            if (line.StartsWith("#Fields:"u8))
            {
                var columns = CloudFrontFieldNames.Map(line[8..]);
                if (Array.IndexOf(columns, CloudFrontField.Date) < 0 || Array.IndexOf(columns, CloudFrontField.Time) < 0)
                    return LineParseStatus.Malformed;
                _columns = columns;
                _lastUsed = LastUsed(columns);
                _sawHeader = true;
            }
            return LineParseStatus.Ignored;
        }

        row.Clear();
        int column = Split(line, row);
        // A short or long row is a cut-off line or a different layout: misreading columns would be worse than skipping it.
        if (_sawHeader ? column != _columns.Length : column < 5) return LineParseStatus.Malformed;

        var date = row[(int)CloudFrontField.Date];
        var time = row[(int)CloudFrontField.Time];
        long ticks = ReadTicks(date.Of(line), time.Of(line));
        if (ticks < 0) return LineParseStatus.Malformed;

        int status = 0;
        var statusRange = row[(int)CloudFrontField.Status];
        var statusText = statusRange.Of(line);
        if (!statusText.IsEmpty && !statusRange.IsDash(line))
        {
            long s = WebParsing.DigitRun(statusText, 0, 3, out int n);
            if (n != statusText.Length) return LineParseStatus.Malformed;
            status = (int)s;
        }
        long bytes = -1;
        var bytesRange = row[(int)CloudFrontField.Bytes];
        var bytesText = bytesRange.Of(line);
        if (!bytesText.IsEmpty && !bytesRange.IsDash(line))
        {
            long b = WebParsing.DigitRun(bytesText, 0, 18, out int n);
            if (n != bytesText.Length) return LineParseStatus.Malformed;
            bytes = b;
        }
        values = new RowValues(ticks, status, bytes);
        return LineParseStatus.Parsed;
    }

    // Finds the row's columns at its tabs, 32 bytes at a time (a bit per tab), and returns how many the row has: the
    // columns the reader uses are written to row; past the last of them the rest are only counted. One pass instead of
    // a search per column: a CloudFront row has 33 short columns.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Split(ReadOnlySpan<byte> line, Span<FieldRange> row)
    {
        var columns = _columns;
        int lastUsed = _lastUsed;
        int column = 0, start = 0, i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref byte at = ref MemoryMarshal.GetReference(line);
            var tab = Vector128.Create((byte)'\t');
            for (; i <= line.Length - 32; i += 32)
            {
                uint mask = Vector128.Equals(Vector128.LoadUnsafe(ref at, (nuint)i), tab).ExtractMostSignificantBits()
                    | Vector128.Equals(Vector128.LoadUnsafe(ref at, (nuint)(i + 16)), tab).ExtractMostSignificantBits() << 16;
                while (mask != 0)
                {
                    int end = i + BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    if (column < columns.Length && columns[column] != CloudFrontField.Other) row[(int)columns[column]] = new FieldRange(start, end - start);
                    column++;
                    start = end + 1;
                    if (column > lastUsed) return column + line[start..].Count((byte)'\t') + 1;
                }
            }
        }
        for (; i < line.Length; i++)
        {
            if (line[i] != (byte)'\t') continue;
            if (column < columns.Length && columns[column] != CloudFrontField.Other) row[(int)columns[column]] = new FieldRange(start, i - start);
            column++;
            start = i + 1;
            if (column > lastUsed) return column + line[start..].Count((byte)'\t') + 1;
        }
        if (column < columns.Length && columns[column] != CloudFrontField.Other) row[(int)columns[column]] = new FieldRange(start, line.Length - start);
        return column + 1;
    }

    private int LastUsed(CloudFrontField[] columns)
    {
        for (int i = columns.Length - 1; i >= 0; i--)
        {
            var field = columns[i];
            if (field == CloudFrontField.Other) continue;
            if (_wanted is null || field is CloudFrontField.Date or CloudFrontField.Time or CloudFrontField.Status or CloudFrontField.Bytes || _wanted(field))
                return i;
        }
        return -1;
    }

    /// <summary><c>time-taken</c> in seconds, or null when absent or not a number.</summary>
    public static double? TimeTaken(ReadOnlySpan<byte> line, ReadOnlySpan<FieldRange> row)
    {
        var text = row[(int)CloudFrontField.TimeTaken].Of(line);
        return !text.IsEmpty && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double t) ? t : null;
    }

    /// <summary>True when a column holds a value (present, not empty, not '-').</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasValue(ReadOnlySpan<byte> line, FieldRange range) => range.IsPresent && range.Length != 0 && !range.IsDash(line);

    /// <summary>A column's value URL-decoded, or null for none.</summary>
    public static string? Value(ReadOnlySpan<byte> line, FieldRange range) =>
        HasValue(line, range) ? PercentDecoding.Decode(range.Of(line)) : null;

    /// <summary>Ticks of "yyyy-MM-dd" and "HH:mm:ss", or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long ReadTicks(ReadOnlySpan<byte> date, ReadOnlySpan<byte> time)
    {
        if (date.Length != 10 || date[4] != (byte)'-' || date[7] != (byte)'-') return -1;
        if (time.Length != 8 || time[2] != (byte)':' || time[5] != (byte)':') return -1;
        return WebParsing.Ticks(WebParsing.Digits4(date, 0), WebParsing.Digits2(date, 5), WebParsing.Digits2(date, 8),
            WebParsing.Digits2(time, 0), WebParsing.Digits2(time, 3), WebParsing.Digits2(time, 6));
    }

    /// <summary>The checked values of a row: UTC ticks, status (0 for '-'), bytes (-1 for '-').</summary>
    internal readonly record struct RowValues(long Ticks, int Status, long Bytes);
}
