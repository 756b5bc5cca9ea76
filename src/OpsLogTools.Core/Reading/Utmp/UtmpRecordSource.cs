using System.Globalization;
using OpsLogTools.Core.Reading.Records;

namespace OpsLogTools.Core.Reading.Utmp;

/// <summary>
/// Reads 384-byte <c>struct utmp</c> records (<see cref="UtmpLayout"/>) from a <c>wtmp</c>, <c>btmp</c> or <c>utmp</c>
/// file. Damage is reported, never dropped silently: zeroed slots (all bytes zero, or an empty type with no time: what
/// log wipers leave), slots that are no record, a truncated last record, and — in an append-only file (wtmp, btmp) —
/// time going backwards other than at a <c>NEW_TIME</c> record (the clock change <c>date</c> writes). A zeroed or
/// garbage slot yields no record; a backwards one is still yielded (it is evidence).
/// </summary>
public sealed class UtmpRecordSource : IRecordSource
{
    private readonly Stream _content;
    private readonly RecordSourceContext _context;
    private readonly bool _appendOnly;
    private readonly byte[] _buffer = new byte[UtmpLayout.RecordSize];
    private long _offset;
    private long _ordinal;
    private long _lastTicks = long.MinValue;
    private bool _done;

    /// <summary>Reads records from <paramref name="content"/> (from its current position, taken as offset 0).</summary>
    /// <param name="content">The file's content.</param>
    /// <param name="context">Path and damage sink.</param>
    /// <param name="appendOnly">True for wtmp/btmp (records in time order); false for utmp, whose slots are reused.</param>
    public UtmpRecordSource(Stream content, RecordSourceContext context, bool appendOnly)
    {
        _content = content;
        _context = context;
        _appendOnly = appendOnly;
    }

    /// <summary>True unless the file name says it is the live <c>utmp</c> (slots reused, so not in time order).</summary>
    public static bool IsAppendOnly(string path) =>
        !System.IO.Path.GetFileName(path).StartsWith("utmp", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public bool TryRead(out LogRecord? record)
    {
        record = null;
        while (!_done)
        {
            int got = _content.ReadAtLeast(_buffer, _buffer.Length, throwOnEndOfStream: false);
            long at = _offset;
            _offset += got;
            if (got == 0)
            {
                _done = true;
                break;
            }
            _ordinal++;
            if (got < _buffer.Length)
            {
                _done = true;
                Damage(at, $"{_context.Path}: the last login record at byte offset {At(at)} is truncated ({got} of {UtmpLayout.RecordSize} bytes); it was not read");
                break;
            }
            ReadOnlySpan<byte> bytes = _buffer;
            if (UtmpLayout.IsZeroed(bytes) || (bytes[0] == 0 && UtmpLayout.IsPlausible(bytes) && BitConverter.ToInt32(_buffer, 340) == 0))
            {
                Damage(at, $"{_context.Path}: zeroed login record at byte offset {At(at)} (a wiped slot, a sign of a log wiper)");
                continue;
            }
            if (!UtmpLayout.IsPlausible(bytes))
            {
                Damage(at, $"{_context.Path}: the bytes at offset {At(at)} are no login record (type {BitConverter.ToInt32(_buffer, 0)}); skipped");
                continue;
            }
            var utmp = UtmpLayout.Read(bytes, _context.Path, _ordinal, at);
            long ticks = utmp.Seconds * TimeSpan.TicksPerSecond + utmp.Microseconds * 10L;
            if (_appendOnly && utmp.Type != 3 && ticks < _lastTicks)
            {
                _context.Damage(new RecordDamage(_ordinal, at,
                    $"{_context.Path}: login record at byte offset {At(at)} goes back in time ({Utc(ticks)} after {Utc(_lastTicks)}) with no clock change recorded (records removed or inserted?)"));
            }
            _lastTicks = utmp.Type == 3 || ticks > _lastTicks ? ticks : _lastTicks;
            record = utmp;
            return true;
        }
        return false;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The stream belongs to the caller (FileReadSession disposes the opened file).
    }

    private void Damage(long at, string message) => _context.Damage(new RecordDamage(_ordinal, at, message));

    private static string At(long offset) => offset.ToString(CultureInfo.InvariantCulture) + " (0x" + offset.ToString("x", CultureInfo.InvariantCulture) + ")";

    private static string Utc(long ticks) =>
        DateTimeOffset.UnixEpoch.AddTicks(ticks).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
