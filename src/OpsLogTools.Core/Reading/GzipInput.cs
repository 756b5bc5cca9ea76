namespace OpsLogTools.Core.Reading;

/// <summary>
/// The compressed bytes of a gzip file, buffered, with their offsets in the file. The gzip reader parses member
/// headers and trailers from it, and hands <see cref="Source"/> to a DeflateStream for each member's data: the
/// DeflateStream stops asking for input when its data ends, and the trailer then lies within the last slice it took
/// (<see cref="LastSliceStart"/>..<see cref="LastSliceEnd"/>), still in the buffer.
/// </summary>
internal sealed class GzipInput
{
    private const int BufferSize = 1 << 16;
    private const int Keep = 64; // bytes kept before the read position when the buffer is refilled (the trailer search looks back)

    private readonly Stream _file;
    private byte[] _buffer = new byte[BufferSize];
    private long _bufferOffset; // file offset of _buffer[0]
    private int _position;      // next byte to hand out
    private int _end;           // end of valid bytes
    private bool _eof;

    public GzipInput(Stream file)
    {
        _file = file;
        _bufferOffset = file.CanSeek ? file.Position : 0;
        Source = new SourceStream(this);
    }

    /// <summary>File offset of the next byte.</summary>
    public long Position => _bufferOffset + _position;

    /// <summary>The stream a DeflateStream reads the current member's data from.</summary>
    public Stream Source { get; }

    /// <summary>File offset of the first byte of the last slice <see cref="Source"/> handed out.</summary>
    public long LastSliceStart { get; private set; }

    /// <summary>File offset just past the last slice <see cref="Source"/> handed out.</summary>
    public long LastSliceEnd { get; private set; }

    /// <summary>True once <see cref="Source"/> had nothing more to give (the file ended inside deflate data).</summary>
    public bool SourceEnded { get; private set; }

    /// <summary>True when the file can be read again from an earlier offset.</summary>
    public bool CanRewind => _file.CanSeek;

    /// <summary>Makes <paramref name="count"/> bytes from <paramref name="offset"/> (not before the kept bytes) available; returns how many are.</summary>
    public int Available(long offset, int count)
    {
        int from = (int)(offset - _bufferOffset);
        if (from < 0) throw new InvalidOperationException("gzip input: bytes before the kept window were asked for");
        while (_end - from < count && FillKeeping(Math.Min(from, _position)))
        {
            from = (int)(offset - _bufferOffset);
        }
        return Math.Max(0, Math.Min(count, _end - from));
    }

    /// <summary>The bytes at <paramref name="offset"/> (call <see cref="Available"/> first).</summary>
    public ReadOnlySpan<byte> At(long offset, int count) => _buffer.AsSpan((int)(offset - _bufferOffset), count);

    /// <summary>Moves the read position to <paramref name="offset"/>, within the buffer or (seekable files) anywhere.</summary>
    public void MoveTo(long offset)
    {
        long inBuffer = offset - _bufferOffset;
        if (inBuffer >= 0 && inBuffer <= _end)
        {
            _position = (int)inBuffer;
            return;
        }
        if (!_file.CanSeek) throw new NotSupportedException("gzip input: the file cannot be read again from an earlier offset");
        _file.Position = offset;
        _bufferOffset = offset;
        _position = _end = 0;
        _eof = false;
    }

    /// <summary>Starts a member's data: <see cref="Source"/> hands out bytes from the current position.</summary>
    public void BeginData()
    {
        SourceEnded = false;
        LastSliceStart = LastSliceEnd = Position;
    }

    /// <summary>Reads more bytes behind the valid ones, keeping everything from <paramref name="keepFrom"/> (a buffer index). False at the end of the file.</summary>
    private bool FillKeeping(int keepFrom)
    {
        if (_eof) return false;
        if (_end == _buffer.Length)
        {
            if (keepFrom > 0)
            {
                Buffer.BlockCopy(_buffer, keepFrom, _buffer, 0, _end - keepFrom);
                _bufferOffset += keepFrom;
                _position -= keepFrom;
                _end -= keepFrom;
            }
            else
            {
                Array.Resize(ref _buffer, _buffer.Length * 2); // a header field longer than the buffer (a long FNAME)
            }
        }
        int n = _file.Read(_buffer, _end, _buffer.Length - _end);
        if (n <= 0)
        {
            _eof = true;
            return false;
        }
        _end += n;
        return true;
    }

    private int ReadSlice(Span<byte> destination)
    {
        if (_position == _end && !FillKeeping(Math.Max(0, _position - Keep)))
        {
            SourceEnded = true;
            return 0;
        }
        int n = Math.Min(destination.Length, _end - _position);
        _buffer.AsSpan(_position, n).CopyTo(destination);
        LastSliceStart = Position;
        _position += n;
        LastSliceEnd = Position;
        return n;
    }

    /// <summary>The member data as a stream for DeflateStream.</summary>
    private sealed class SourceStream(GzipInput input) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => input.Position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => input.ReadSlice(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer) => input.ReadSlice(buffer);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
