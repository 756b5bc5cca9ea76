namespace OpsLogTools.Core.Tests.Properties;

/// <summary>
/// Hands out a byte array in reads of varying sizes (1 to 700 bytes, from a small generator seeded by
/// <c>pattern</c>), as a pipe or a decompressor does: a reader must not depend on how its input arrives.
/// </summary>
public sealed class ChunkedStream(byte[] data, int pattern) : Stream
{
    private int _position;
    private uint _state = (uint)pattern * 2654435761u + 1;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || _position >= data.Length) return 0;
        _state ^= _state << 13;
        _state ^= _state >> 17;
        _state ^= _state << 5;
        // Mostly tiny reads, now and then a large one.
        int size = (_state & 7) == 0 ? 1 + (int)(_state >> 8) % 700 : 1 + (int)(_state >> 8) % 9;
        int n = Math.Min(Math.Min(size, buffer.Length), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
