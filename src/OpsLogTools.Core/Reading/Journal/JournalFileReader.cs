using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using OpsLogTools.Core.Reading.Records;

namespace OpsLogTools.Core.Reading.Journal;

/// <summary>
/// Reads the entries of one systemd journal file (<c>*.journal</c>, <c>*.journal~</c>) in file order, natively:
/// the header, then the entry-array chain from the header's root, each entry object and the data objects it names
/// (decompressed by <see cref="JournalDecompressor"/>). Structure after systemd's <c>docs/JOURNAL_FILE_FORMAT.md</c>
/// and <c>journal-def.h</c>; the shape (small "object at offset" reads, each checking bounds and alignment before it
/// trusts an offset, the array walk apart from object decoding) after Velocidex/go-journalctl.
/// </summary>
/// <remarks>
/// Memory stays flat in the file's size: the file is read at offsets through a fixed block cache
/// (<see cref="JournalBlockCache"/>; never loaded), entry arrays
/// a chunk at a time, and decoded data objects are cached by offset only up to a bound. Damage (an offset outside the
/// file or off the 8-byte grid, an object of the wrong type or size, a payload that does not decompress, a payload that
/// does not match the hash its data object carries, <see cref="JournalHash"/>) is reported
/// through <see cref="RecordSourceContext.Damage"/> naming the file and the byte offset, and reading goes on with
/// what can still be reached, as journalctl does; nothing here throws for bad content. A file left ONLINE by a crash
/// is read the same way: its tail is where damage is most likely, and every offset is checked.
/// </remarks>
internal sealed class JournalFileReader : IRecordSource
{
    /// <summary>Default cap on one data object's decompressed size (journald refuses fields over 64 MiB).</summary>
    public const int DefaultMaxDataSize = 64 << 20;

    private const int ObjectHeaderSize = 16;
    private const int EntryItemsStart = 64;
    private const int ArrayItemsStart = 24;
    private const int ChunkItems = 1024;
    private const int MaxCachedData = 8192;
    private const long MaxCachedBytes = 16L << 20;
    private const int MaxEntryObjectSize = 4 << 20;
    private const int DataHashAt = 16;     // DataObject.hash
    private const int DataEntriesAt = 56;  // DataObject.n_entries
    private const int MaxInternedName = 256;

    private readonly Stream _stream;
    private readonly RecordSourceContext _context;
    private readonly JournalDecompressor _decompressor;
    private readonly long _maxSpool;
    private FileStream? _spool;
    private readonly Dictionary<long, JournalField> _dataCache = new();
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly byte[] _small = new byte[ObjectHeaderSize + 64];
    private readonly byte[] _bootBytes = new byte[16];
    private string? _bootId;
    private byte[] _entryBytes = [];
    private byte[] _scratch = [];
    private byte[] _inflated = [];
    private long _cachedBytes;
    private long _length;
    private JournalBlockCache? _file;
    private JournalHeader? _header;
    private bool _started;
    private bool _done;
    private int _itemSize;

    // The entry-array walk: the array being read, its item count, the next item, and a chunk of its items.
    private long _array;
    private long _arrayItems;
    private long _arrayIndex;
    private byte[] _chunk = [];
    private long _chunkStart;
    private int _chunkCount;
    private long _lastEntry;
    private long _ordinal;

    /// <summary>Creates a reader over the content of a journal file (seekable, or gzipped: see <see cref="JournalSpool"/>).</summary>
    /// <param name="stream">The file's content: seekable, or (a gzipped journal) copied to a temporary file first.</param>
    /// <param name="context">The path and where damage goes.</param>
    /// <param name="maxDataSize">Cap on one data object's decompressed size.</param>
    /// <param name="maxSpool">Cap on a non-seekable content's size (<see cref="JournalSpool"/>).</param>
    public JournalFileReader(Stream stream, RecordSourceContext context, int maxDataSize = DefaultMaxDataSize, long maxSpool = JournalSpool.DefaultMaxBytes)
    {
        _stream = stream;
        _context = context;
        _decompressor = new JournalDecompressor(maxDataSize);
        _maxSpool = maxSpool;
    }

    /// <summary>The file's header once read (null before the first record, or when it is not a journal).</summary>
    public JournalHeader? Header => _header;

    /// <inheritdoc />
    public bool TryRead(out LogRecord? record)
    {
        record = null;
        if (!_started) Start();
        while (!_done)
        {
            if (!NextEntryOffset(out long offset)) return false;
            _ordinal++;
            if (offset <= _lastEntry)
            {
                Damage(offset, $"entry {_ordinal:N0} at byte {offset:N0}: the entry array lists it out of order (after byte {_lastEntry:N0}); skipped");
                continue;
            }
            _lastEntry = offset;
            record = ReadEntry(offset);
            if (record is not null) return true;
        }
        return false;
    }

    private void Start()
    {
        _started = true;
        var stream = _stream;
        if (!stream.CanSeek)
        {
            // A gzipped journal: read from a temporary copy of its content (JournalSpool).
            _spool = JournalSpool.Copy(stream, _maxSpool, out string? spoolProblem);
            if (_spool is null)
            {
                Fatal(0, spoolProblem!);
                return;
            }
            if (spoolProblem is not null) Damage(0, spoolProblem);
            stream = _spool;
        }
        _length = stream.Length;
        _file = new JournalBlockCache(stream, _length);
        var bytes = new byte[Math.Min(_length, 272)];
        if (!ReadAt(0, bytes))
        {
            Fatal(0, "the journal file is shorter than its header");
            return;
        }
        _header = JournalHeader.Parse(bytes, _length, out string? problem);
        if (_header is null)
        {
            Fatal(0, problem!);
            return;
        }
        _itemSize = _header.Compact ? 4 : 8;
        _array = 0;
        if (_header.EntryArrayOffset == 0)
        {
            _done = true; // no entries yet
            return;
        }
        if (!EnterArray(_header.EntryArrayOffset, "the header's entry array")) return;
    }

    /// <summary>Moves to the entry array at <paramref name="offset"/>; false (fatal damage reported) when it is not one.</summary>
    private bool EnterArray(long offset, string what)
    {
        if (!CheckObject(offset, JournalObjectType.EntryArray, ArrayItemsStart, out long size, out string? problem))
        {
            Fatal(offset, $"{what} at byte {offset:N0} {problem}; the {_ordinal:N0} entries before it were read, those after it cannot be reached");
            return false;
        }
        _array = offset;
        _arrayItems = (size - ArrayItemsStart) / _itemSize;
        _arrayIndex = 0;
        _chunkCount = 0;
        _chunkStart = 0;
        return true;
    }

    /// <summary>The next entry offset of the chain; false at its end (or when it breaks, reported).</summary>
    private bool NextEntryOffset(out long entry)
    {
        entry = 0;
        while (!_done)
        {
            if (_arrayIndex >= _arrayItems)
            {
                if (!ReadAt(_array + ObjectHeaderSize, _small.AsSpan(0, 8)))
                {
                    Fatal(_array, $"the entry array at byte {_array:N0} is cut short");
                    return false;
                }
                long next = ToOffset(BinaryPrimitives.ReadUInt64LittleEndian(_small));
                if (next == 0)
                {
                    _done = true;
                    return false;
                }
                if (next <= _array)
                {
                    // Arrays are appended: a link back would loop.
                    Fatal(_array, $"the entry array at byte {_array:N0} links back to byte {next:N0}; the entries after it cannot be reached");
                    return false;
                }
                if (!EnterArray(next, "the next entry array")) return false;
                continue;
            }
            long index = _arrayIndex - _chunkStart;
            if (index >= _chunkCount || index < 0)
            {
                if (!LoadChunk()) return false;
                index = 0;
            }
            entry = _itemSize == 4
                ? BinaryPrimitives.ReadUInt32LittleEndian(_chunk.AsSpan((int)index * 4))
                : ToOffset(BinaryPrimitives.ReadUInt64LittleEndian(_chunk.AsSpan((int)index * 8)));
            _arrayIndex++;
            if (entry == 0)
            {
                // The unused tail of the last array (arrays are preallocated, zero-filled).
                _arrayIndex = _arrayItems;
                continue;
            }
            return true;
        }
        return false;
    }

    private bool LoadChunk()
    {
        int count = (int)Math.Min(ChunkItems, _arrayItems - _arrayIndex);
        int bytes = count * _itemSize;
        if (_chunk.Length < bytes) _chunk = new byte[ChunkItems * 8];
        long at = _array + ArrayItemsStart + _arrayIndex * _itemSize;
        if (!ReadAt(at, _chunk.AsSpan(0, bytes)))
        {
            Fatal(at, $"the entry array at byte {_array:N0} is cut short at byte {at:N0}");
            return false;
        }
        _chunkStart = _arrayIndex;
        _chunkCount = count;
        return true;
    }

    private JournalRecord? ReadEntry(long offset)
    {
        if (!CheckObject(offset, JournalObjectType.Entry, EntryItemsStart, out long size, out string? problem))
        {
            Damage(offset, $"entry {_ordinal:N0} at byte {offset:N0} {problem}; skipped");
            return null;
        }
        if (size > MaxEntryObjectSize)
        {
            Damage(offset, $"entry {_ordinal:N0} at byte {offset:N0} claims {size:N0} bytes, more than any entry holds; skipped");
            return null;
        }
        // The entry is copied into a buffer of the reader's own (not viewed in the block cache): reading its data
        // objects moves the cache.
        Ensure(ref _entryBytes, (int)size);
        var span = _entryBytes.AsSpan(0, (int)size);
        if (!ReadAt(offset, span))
        {
            Damage(offset, $"entry {_ordinal:N0} at byte {offset:N0} is cut short; skipped");
            return null;
        }
        long seqnum = (long)(BinaryPrimitives.ReadUInt64LittleEndian(span[16..]) & long.MaxValue);
        long realtime = (long)(BinaryPrimitives.ReadUInt64LittleEndian(span[24..]) & long.MaxValue);
        long monotonic = (long)(BinaryPrimitives.ReadUInt64LittleEndian(span[32..]) & long.MaxValue);
        var boot = span.Slice(40, 16);
        if (_bootId is null || !boot.SequenceEqual(_bootBytes))
        {
            // Entries of one boot follow each other: the id's text is made once per boot, not per entry.
            boot.CopyTo(_bootBytes);
            _bootId = Convert.ToHexStringLower(boot);
        }
        ulong xor = BinaryPrimitives.ReadUInt64LittleEndian(span[56..]);

        bool compact = _header!.Compact;
        int itemSize = compact ? 4 : 16;
        int items = (int)((size - EntryItemsStart) / itemSize);
        var fields = new JournalField[items];
        int count = 0;
        for (int i = 0; i < items; i++)
        {
            var item = span[(EntryItemsStart + i * itemSize)..];
            long data = compact ? BinaryPrimitives.ReadUInt32LittleEndian(item) : ToOffset(BinaryPrimitives.ReadUInt64LittleEndian(item));
            if (ReadData(data, offset) is { } field) fields[count++] = field;
        }
        if (count < items) Array.Resize(ref fields, count);
        return new JournalRecord
        {
            Path = _context.Path,
            Ordinal = _ordinal,
            Offset = offset,
            Realtime = realtime,
            Monotonic = monotonic,
            BootId = _bootId,
            SequenceNumber = seqnum,
            SequenceNumberId = _header.SeqnumId,
            XorHash = xor,
            Fields = fields,
        };
    }

    /// <summary>
    /// The field a data object holds. Data objects are shared: every entry of a boot names the same <c>_BOOT_ID=</c>,
    /// <c>_HOSTNAME=</c>, <c>_SYSTEMD_UNIT=</c> objects, so a decoded field is kept by offset (when the object says more
    /// than one entry links to it) and the next entry that names it costs one lookup. The payload is viewed in the
    /// block cache or decompressed into a pooled buffer; the value is the one array made per object.
    /// </summary>
    private JournalField? ReadData(long offset, long entry)
    {
        if (_dataCache.TryGetValue(offset, out var cached)) return cached;
        int start = _header!.Compact ? 72 : 64;
        if (!CheckObject(offset, JournalObjectType.Data, start, out long size, out string? problem, out var flags))
        {
            Damage(offset, $"entry {_ordinal:N0} at byte {entry:N0}: its data object at byte {offset:N0} {problem}; that field is left out");
            return null;
        }
        long payloadLength = size - start;
        if (payloadLength > _decompressor.MaxSize)
        {
            Damage(offset, $"entry {_ordinal:N0} at byte {entry:N0}: its data object at byte {offset:N0} holds {payloadLength:N0} bytes, over the {_decompressor.MaxSize:N0}-byte limit; that field is left out");
            return null;
        }
        // The payload's hash, and n_entries: how many entries link to the object (a hint for the cache only; a wrong
        // count costs speed, not data).
        var fixedPart = _small.AsSpan(ObjectHeaderSize, DataEntriesAt + 8 - DataHashAt);
        bool known = ReadAt(offset + DataHashAt, fixedPart);
        ulong hash = known ? BinaryPrimitives.ReadUInt64LittleEndian(fixedPart) : 0;
        bool shared = known && BinaryPrimitives.ReadUInt64LittleEndian(fixedPart[(DataEntriesAt - DataHashAt)..]) != 1;
        int length = (int)payloadLength;
        if (!_file!.TryView(offset + start, length, out var payload))
        {
            Ensure(ref _scratch, length);
            if (!ReadAt(offset + start, _scratch.AsSpan(0, length)))
            {
                Damage(offset, $"entry {_ordinal:N0} at byte {entry:N0}: its data object at byte {offset:N0} is cut short; that field is left out");
                return null;
            }
            payload = _scratch.AsSpan(0, length);
        }
        if ((flags & JournalObjectFlags.Compressed) != 0)
        {
            if (!CompressionAllowed(flags))
            {
                Damage(offset, $"entry {_ordinal:N0} at byte {entry:N0}: its data object at byte {offset:N0} is compressed ({flags}) though the header does not allow it; that field is left out");
                return null;
            }
            int written = _decompressor.Decompress(flags & JournalObjectFlags.Compressed, payload, ref _inflated, out problem);
            if (written < 0)
            {
                Damage(offset, $"entry {_ordinal:N0} at byte {entry:N0}: its data object at byte {offset:N0}: {problem}; that field is left out");
                return null;
            }
            payload = _inflated.AsSpan(0, written);
        }
        if (known && JournalHash.Of(payload, _header.FileId, _header.KeyedHash) != hash)
        {
            // What journalctl --verify calls an invalid hash: the payload (or its hash) changed after it was written.
            // The field is read as it stands; the warning says it may not be what was logged.
            Damage(offset, $"entry {_ordinal:N0} at byte {entry:N0}: its data object at byte {offset:N0} does not match its hash ({(_header.KeyedHash ? "siphash24" : "jenkins lookup3")} 0x{hash:x16}): the payload was altered or damaged after it was written; the field is read as it stands");
        }
        int equals = payload.IndexOf((byte)'=');
        if (equals <= 0)
        {
            Damage(offset, $"entry {_ordinal:N0} at byte {entry:N0}: its data object at byte {offset:N0} is not NAME=value; that field is left out");
            return null;
        }
        var field = new JournalField(Name(payload[..equals]), payload[(equals + 1)..].ToArray());
        if (!shared) return field;
        if (_dataCache.Count >= MaxCachedData || _cachedBytes + payload.Length > MaxCachedBytes)
        {
            _dataCache.Clear();
            _cachedBytes = 0;
        }
        _dataCache[offset] = field;
        _cachedBytes += payload.Length + 64;
        return field;
    }

    /// <summary>A field name as one string per file (looked up without allocating when it was seen before).</summary>
    private string Name(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[MaxInternedName];
        if (bytes.Length <= MaxInternedName && System.Text.Ascii.ToUtf16(bytes, chars, out int n) == System.Buffers.OperationStatus.Done)
        {
            var lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(chars[..n], out var known)) return known;
            string name = new(chars[..n]);
            _names[name] = name;
            return name;
        }
        return Encoding.ASCII.GetString(bytes);
    }

    /// <summary>Makes <paramref name="buffer"/> hold at least <paramref name="size"/> bytes (a pooled array).</summary>
    private static void Ensure(ref byte[] buffer, int size)
    {
        if (buffer.Length >= size) return;
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
        buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 4096));
    }

    private bool CompressionAllowed(JournalObjectFlags flags)
    {
        var header = _header!.IncompatibleFlags;
        return flags switch
        {
            JournalObjectFlags.Xz => (header & JournalIncompatible.CompressedXz) != 0,
            JournalObjectFlags.Lz4 => (header & JournalIncompatible.CompressedLz4) != 0,
            JournalObjectFlags.Zstd => (header & JournalIncompatible.CompressedZstd) != 0,
            _ => true, // several flags at once: the decompressor says what is wrong
        };
    }

    private bool CheckObject(long offset, JournalObjectType type, int minimum, out long size, out string? problem) =>
        CheckObject(offset, type, minimum, out size, out problem, out _);

    /// <summary>Checks an object before it is trusted: on the 8-byte grid, past the header, of the type expected, and
    /// wholly inside the file.</summary>
    private bool CheckObject(long offset, JournalObjectType type, int minimum, out long size, out string? problem, out JournalObjectFlags flags)
    {
        size = 0;
        flags = JournalObjectFlags.None;
        problem = null;
        if (offset < _header!.HeaderSize || offset % 8 != 0 || offset > _length - ObjectHeaderSize)
        {
            problem = offset % 8 != 0 ? "is not 8-byte aligned" : "is outside the file";
            return false;
        }
        if (!ReadAt(offset, _small.AsSpan(0, ObjectHeaderSize)))
        {
            problem = "is cut short";
            return false;
        }
        var actual = (JournalObjectType)_small[0];
        flags = (JournalObjectFlags)_small[1];
        ulong raw = BinaryPrimitives.ReadUInt64LittleEndian(_small.AsSpan(8));
        if (actual != type)
        {
            problem = $"is not a {type} object (type {(byte)actual})";
            return false;
        }
        if (raw < (ulong)minimum || raw > (ulong)(_length - offset))
        {
            problem = raw < (ulong)minimum ? $"is too small ({raw} bytes)" : $"claims {raw:N0} bytes, past the end of the file (a file cut short, or left online by a crash)";
            return false;
        }
        size = (long)raw;
        return true;
    }

    private bool ReadAt(long offset, Span<byte> buffer) => _file!.ReadAt(offset, buffer);

    private static long ToOffset(ulong value) => value > long.MaxValue ? -1 : (long)value;

    private void Damage(long offset, string message) =>
        _context.Damage(new RecordDamage(_ordinal, offset, $"{_context.Path}: {message}"));

    private void Fatal(long offset, string message)
    {
        _done = true;
        _context.Damage(new RecordDamage(_ordinal, offset, $"{_context.Path}: {message}", Fatal: true));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _decompressor.Dispose();
        _spool?.Dispose();
        _spool = null;
        foreach (var buffer in new[] { _entryBytes, _scratch, _inflated })
        {
            if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
        }
        _entryBytes = _scratch = _inflated = [];
    }
}
