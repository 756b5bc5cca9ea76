namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Where the per-line facts of a large bundle go once they pass the scan's budget (issue 19: memory flat in line
/// count). Packed chunks that no line is added to any more are written to one temporary file, readable by its owner
/// only, under the temp folder (never next to the inputs), and read back through a small cache of chunks: detectors
/// read each file's lines mostly in order, so a chunk read back serves thousands of lines before another is needed.
/// What is read back is the bytes that were written, so findings are the same as with every chunk in memory.
/// On Linux and macOS the file is unlinked as soon as it is open (nothing is left on disk whatever ends the process);
/// on Windows it is opened delete-on-close. A failure to write or read it throws <see cref="FactSpillException"/>:
/// the scan stops with that error rather than detect on facts it could not read back.
/// </summary>
internal sealed class FactSpill : IDisposable
{
    private readonly string _folder;
    private readonly long _cacheBytes;
    private readonly Queue<ISpilled> _loaded = new();
    private FileStream? _file;
    private long _end;
    private long _loadedBytes;
    private bool _disposed;

    /// <param name="folder">The temp folder the file is made in (null: the system's).</param>
    /// <param name="cacheBytes">Bytes of chunks read back kept at once, oldest read dropped first.</param>
    public FactSpill(string? folder, long cacheBytes)
    {
        _folder = folder ?? Path.GetTempPath();
        _cacheBytes = Math.Max(1, cacheBytes);
    }

    /// <summary>Bytes written to the file.</summary>
    public long BytesSpilled => _end;

    /// <summary>Chunks read back from the file (cache misses).</summary>
    public long Reads { get; private set; }

    /// <summary>The file's path while it is open on Windows (on Unix it is unlinked at once); null before the first write.</summary>
    internal string? PathForTests { get; private set; }

    /// <summary>Writes <paramref name="bytes"/> at the end of the file; returns where they start.</summary>
    public long Write(ReadOnlySpan<byte> bytes)
    {
        var file = Open();
        long at = _end;
        try
        {
            file.Position = at;
            file.Write(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new FactSpillException($"Could not write the anomaly scan's per-line facts to its temporary file under '{_folder}': {e.Message}", e);
        }
        _end += bytes.Length;
        return at;
    }

    /// <summary>Reads back <paramref name="into"/>.Length bytes written at <paramref name="offset"/>.</summary>
    public void Read(long offset, Span<byte> into)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_file is null || offset + into.Length > _end) throw new FactSpillException("The anomaly scan asked its temporary file for facts it never wrote.");
        try
        {
            _file.Position = offset;
            int done = 0;
            while (done < into.Length)
            {
                int n = _file.Read(into[done..]);
                if (n == 0) throw new FactSpillException($"The anomaly scan's temporary file under '{_folder}' ended early: it was cut while the scan ran.");
                done += n;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new FactSpillException($"Could not read back the anomaly scan's per-line facts from its temporary file under '{_folder}': {e.Message}", e);
        }
        Reads++;
    }

    /// <summary>Notes a chunk read back (<paramref name="bytes"/> held); the oldest are dropped until the cache fits.</summary>
    public void Loaded(ISpilled part, long bytes)
    {
        _loaded.Enqueue(part);
        _loadedBytes += bytes;
        while (_loadedBytes > _cacheBytes && _loaded.Count > 1)
        {
            var old = _loaded.Dequeue();
            _loadedBytes -= old.Drop();
        }
    }

    private FileStream Open()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_file is not null) return _file;
        string path = Path.Combine(_folder, $"opslogtools-facts-{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                Options = FileOptions.DeleteOnClose,
                BufferSize = 0,
            };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            _file = new FileStream(path, options);
            // Unlinked while open: the data stays reachable through the handle, and no file outlives the process.
            if (!OperatingSystem.IsWindows()) File.Delete(path);
            else PathForTests = path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            _file?.Dispose();
            _file = null;
            throw new FactSpillException($"Could not make a temporary file for the anomaly scan's per-line facts under '{_folder}': {e.Message}", e);
        }
        return _file;
    }

    /// <summary>Closes (and so deletes) the file.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _file?.Dispose();
        _file = null;
        _loaded.Clear();
    }
}
