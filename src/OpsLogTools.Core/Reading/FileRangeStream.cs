using Microsoft.Win32.SafeHandles;

namespace OpsLogTools.Core.Reading;

/// <summary>
/// A stretch of an open file read by positioned reads (pread), so several threads read their own stretches of one
/// descriptor at once without sharing a file position: bytes from <see cref="Start"/> up to an end offset, or to the end
/// of the file as it is when read (a file still growing is read to where it is then). Read-only, forward only; the
/// handle stays its owner's.
/// </summary>
internal sealed class FileRangeStream : Stream
{
    private readonly SafeFileHandle _handle;
    private readonly long _end;
    private long _at;

    /// <summary>A stream over bytes <paramref name="start"/> to <paramref name="end"/> (exclusive; <see cref="long.MaxValue"/>: to the file's end).</summary>
    public FileRangeStream(SafeFileHandle handle, long start, long end)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        _handle = handle;
        Start = _at = start;
        _end = end;
    }

    /// <summary>Offset in the file of the first byte.</summary>
    public long Start { get; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    /// <summary>Offset in the file of the next byte to read.</summary>
    public override long Position
    {
        get => _at;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        long left = _end - _at;
        if (left <= 0 || buffer.IsEmpty) return 0;
        if (buffer.Length > left) buffer = buffer[..(int)left];
        int n = RandomAccess.Read(_handle, buffer, _at);
        _at += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
