using System.Runtime.CompilerServices;
using System.IO.Compression;

namespace OpsLogTools.Core.Reading;

/// <summary>
/// The decompressed content of a gzip file (all members), which at its end checks that the file was not cut
/// short and throws <see cref="TruncatedGzipException"/> when it was, after every byte before the cut.
/// </summary>
internal sealed class GzipContentStream : Stream
{
    private readonly Stream _file;
    private readonly GZipStream _gzip;
    private readonly string _path;
    private long _delivered;
    private bool _checked;

    public GzipContentStream(Stream file, string path)
    {
        _file = file;
        _path = path;
        _gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _delivered; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        int n = _gzip.Read(buffer);
        if (n > 0)
        {
            _delivered += n;
            return n;
        }
        if (!_checked)
        {
            _checked = true;
            if (!GzipTrailer.IsComplete(_file, _delivered))
            {
                throw new TruncatedGzipException($"{_path} is cut short: it ends inside compressed data after {_delivered:N0} decompressed bytes.");
            }
        }
        return 0;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
            _file.Dispose();
        }
        base.Dispose(disposing);
    }
}
