using System.Globalization;
using OpsLogTools.Core.Reading.Records;

namespace OpsLogTools.Core.Reading.Utmp;

/// <summary>
/// Reads the non-empty slots of a <c>lastlog</c> file (<see cref="LastlogLayout"/>) in uid order. The file is sparse:
/// on a plain file its holes are skipped with <c>SEEK_DATA</c>, so a slot for uid 4294967294 costs nothing; at most
/// <see cref="MaxScanBytes"/> are read in all (where holes cannot be found: another stream, a file system without the
/// call) and the rest is named in a warning. A slot that is neither zero nor a record, and a truncated last slot, are damage.
/// </summary>
public sealed class LastlogRecordSource : IRecordSource
{
    /// <summary>How many bytes are read at most (uids up to about 919,000 where holes cannot be skipped).</summary>
    public const long MaxScanBytes = 256L << 20;

    private const int ChunkRecords = 224; // 65,408 bytes a read

    private readonly Stream _content;
    private readonly RecordSourceContext _context;
    private readonly FileStream? _file;
    private readonly byte[] _chunk = new byte[ChunkRecords * LastlogLayout.RecordSize];
    private long _chunkOffset;
    private int _chunkLength;
    private int _next;
    private long _offset; // the next byte to read: always at a slot's start
    private long _scanned;
    private bool _done;

    private readonly long _maxScanBytes;

    /// <summary>Reads slots from <paramref name="content"/> (its start is offset 0).</summary>
    public LastlogRecordSource(Stream content, RecordSourceContext context)
        : this(content, context, MaxScanBytes)
    {
    }

    /// <summary>As the public constructor, with another bound (tests).</summary>
    internal LastlogRecordSource(Stream content, RecordSourceContext context, long maxScanBytes)
    {
        _maxScanBytes = maxScanBytes;
        _content = content;
        _context = context;
        // A plain file is read by offset (pread), so its holes can be skipped; anything else is read in order.
        _file = content is FileStream { CanSeek: true } fs && fs.Position == 0 ? fs : null;
    }

    /// <inheritdoc />
    public bool TryRead(out LogRecord? record)
    {
        record = null;
        while (true)
        {
            if (_next + LastlogLayout.RecordSize > _chunkLength)
            {
                if (!Fill()) return false;
                continue;
            }
            var slot = _chunk.AsSpan(_next, LastlogLayout.RecordSize);
            long at = _chunkOffset + _next;
            _next += LastlogLayout.RecordSize;
            if (LastlogLayout.IsZeroed(slot)) continue;
            if (!LastlogLayout.IsPlausible(slot))
            {
                _context.Damage(new RecordDamage(at / LastlogLayout.RecordSize + 1, at,
                    $"{_context.Path}: the bytes at offset {At(at)} (uid {at / LastlogLayout.RecordSize}) are no lastlog record; skipped"));
                continue;
            }
            record = LastlogLayout.Read(slot, _context.Path, at);
            return true;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The stream belongs to the caller.
    }

    /// <summary>Reads the next chunk of whole slots, after skipping a hole; false at the end.</summary>
    private bool Fill()
    {
        if (_done) return false;
        if (_file is not null && UnixNative.SeekData(_file.SafeFileHandle, _offset) is { } data)
        {
            if (data < 0)
            {
                _done = true; // only a hole follows
                return false;
            }
            _offset = Math.Max(_offset, data - data % LastlogLayout.RecordSize); // the slot the data starts in
        }
        // A file system that cannot tell holes says "data" everywhere: what is read, not where, is bounded.
        if (_scanned >= _maxScanBytes)
        {
            _done = true;
            _context.Damage(new RecordDamage(_offset / LastlogLayout.RecordSize + 1, _offset,
                $"{_context.Path}: lastlog read up to byte offset {At(_offset)} (uid {_offset / LastlogLayout.RecordSize}); {At(_scanned)} bytes were read and its holes cannot be skipped here, so the rest was not read"));
            return false;
        }
        int got = _file is not null
            ? ReadFile(_chunk, _offset)
            : _content.ReadAtLeast(_chunk, _chunk.Length, throwOnEndOfStream: false);
        _chunkOffset = _offset;
        _offset += got;
        _scanned += got;
        _next = 0;
        int whole = got - got % LastlogLayout.RecordSize;
        _chunkLength = whole;
        if (got < _chunk.Length)
        {
            _done = true;
            if (whole < got)
            {
                long cut = _chunkOffset + whole;
                _context.Damage(new RecordDamage(cut / LastlogLayout.RecordSize + 1, cut,
                    $"{_context.Path}: the last lastlog slot at byte offset {At(cut)} is truncated ({got - whole} of {LastlogLayout.RecordSize} bytes); it was not read"));
            }
        }
        return true;
    }

    private int ReadFile(Span<byte> buffer, long offset)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = RandomAccess.Read(_file!.SafeFileHandle, buffer[total..], offset + total);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private static string At(long offset) => offset.ToString(CultureInfo.InvariantCulture) + " (0x" + offset.ToString("x", CultureInfo.InvariantCulture) + ")";
}
