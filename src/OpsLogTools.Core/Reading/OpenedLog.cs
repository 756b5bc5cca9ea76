namespace OpsLogTools.Core.Reading;

/// <summary>A log file opened for reading: its decompressed content and what is known of the file on disk.</summary>
public sealed class OpenedLog : IDisposable
{
    private readonly Stream _file;

    internal OpenedLog(string path, Stream file, Stream content, bool isGzip, long length, DateTimeOffset lastWriteTime, FileNode? identity = null)
    {
        Identity = identity;
        Path = path;
        _file = file;
        Content = content;
        IsGzip = isGzip;
        Length = length;
        LastWriteTime = lastWriteTime;
    }

    /// <summary>The path as opened.</summary>
    public string Path { get; }

    /// <summary>The content, decompressed when the file is gzip. Reading a cut gzip file throws
    /// <see cref="TruncatedGzipException"/> at its end, after every byte before the cut.</summary>
    public Stream Content { get; }

    /// <summary>True when the file starts with the gzip magic bytes 1f 8b.</summary>
    public bool IsGzip { get; }

    /// <summary>Size on disk in bytes (compressed size for gzip); 0 when unknown.</summary>
    public long Length { get; }

    /// <summary>Last write time of the file (its mtime).</summary>
    public DateTimeOffset LastWriteTime { get; }

    /// <summary>Device, inode, size and mtime of the file opened (fstat of the open descriptor), or null where unknown.</summary>
    public FileNode? Identity { get; }

    /// <summary>Bytes of the file on disk consumed so far, for progress (compressed bytes for gzip).</summary>
    public long Position
    {
        get
        {
            try { return _file.CanSeek ? _file.Position : 0; }
            catch (ObjectDisposedException) { return Length; }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Content.Dispose();
        _file.Dispose();
    }
}
