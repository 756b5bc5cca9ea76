namespace OpsLogTools.Core.Reading.Journal;

/// <summary>
/// Positional reads of a journal file through a small cache of aligned blocks: a journal is read by offsets (entry
/// arrays, entries, and the data objects they name lie near each other, but not in order), and a buffered stream would
/// refill its whole buffer on every jump. A file is read with <c>pread</c> (<see cref="RandomAccess"/>) and never
/// moved; any other stream (tests, fuzzing) by seek and read. Memory is the cache's fixed size, whatever the file's.
/// </summary>
internal sealed class JournalBlockCache
{
    private const int BlockShift = 12; // 4 KiB
    private const int BlockSize = 1 << BlockShift;
    private const int Slots = 128;     // 512 KiB in all: the merge of a journal directory holds every file open

    private readonly Stream _stream;
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle? _handle;
    private readonly long _length;
    private readonly byte[][] _blocks = new byte[Slots][];
    private readonly long[] _blockIndex = new long[Slots];
    private readonly int[] _blockLength = new int[Slots];

    public JournalBlockCache(Stream stream, long length)
    {
        _stream = stream;
        _length = length;
        _handle = stream is FileStream { SafeFileHandle: { IsInvalid: false } handle } ? handle : null;
        Array.Fill(_blockIndex, -1);
    }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>; false when the file ends before it is full.</summary>
    public bool ReadAt(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset > _length - buffer.Length) return false;
        if (buffer.Length > BlockSize) return ReadDirect(offset, buffer);
        while (!buffer.IsEmpty)
        {
            long index = offset >> BlockShift;
            int slot = (int)(index % Slots);
            if (_blockIndex[slot] != index && !Load(slot, index)) return false;
            int within = (int)(offset - (index << BlockShift));
            int n = Math.Min(buffer.Length, _blockLength[slot] - within);
            if (n <= 0) return false;
            _blocks[slot].AsSpan(within, n).CopyTo(buffer);
            buffer = buffer[n..];
            offset += n;
        }
        return true;
    }

    /// <summary>The bytes at <paramref name="offset"/> as a view into a cached block, without copying, when they lie
    /// within one block; false otherwise (the caller then copies with <see cref="ReadAt"/>). The view is valid until the
    /// next read.</summary>
    public bool TryView(long offset, int length, out ReadOnlySpan<byte> view)
    {
        view = default;
        if (offset < 0 || length < 0 || offset > _length - length) return false;
        long index = offset >> BlockShift;
        int within = (int)(offset - (index << BlockShift));
        if (within + length > BlockSize) return false;
        int slot = (int)(index % Slots);
        if (_blockIndex[slot] != index && !Load(slot, index)) return false;
        if (within + length > _blockLength[slot]) return false;
        view = _blocks[slot].AsSpan(within, length);
        return true;
    }

    private bool Load(int slot, long index)
    {
        _blocks[slot] ??= new byte[BlockSize];
        long start = index << BlockShift;
        int want = (int)Math.Min(BlockSize, _length - start);
        if (want <= 0 || !ReadDirect(start, _blocks[slot].AsSpan(0, want)))
        {
            _blockIndex[slot] = -1;
            return false;
        }
        _blockIndex[slot] = index;
        _blockLength[slot] = want;
        return true;
    }

    private bool ReadDirect(long offset, Span<byte> buffer)
    {
        if (_handle is not null)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                int n = RandomAccess.Read(_handle, buffer[done..], offset + done);
                if (n <= 0) return false;
                done += n;
            }
            return true;
        }
        _stream.Position = offset;
        return _stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length;
    }
}
