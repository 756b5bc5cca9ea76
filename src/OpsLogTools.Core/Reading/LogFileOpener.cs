using Microsoft.Win32.SafeHandles;

namespace OpsLogTools.Core.Reading;

/// <summary>
/// Opens log files read-only, shared and without any lock (so a live log can be read while it is written, and the
/// daemon writing it never finds it locked), and recognises gzip by
/// its magic bytes rather than by the name. Only regular files are opened: what a path names is looked at first,
/// because opening a FIFO blocks until a writer comes (a cron report that never ends) and closing it again kills
/// the writer with SIGPIPE; devices and sockets are no logs either.
/// </summary>
public static class LogFileOpener
{
    /// <summary>Opens a file (following a symbolic link to its end). Throws the usual I/O exceptions, and
    /// <see cref="NotRegularFileException"/> for a FIFO, socket, device or directory; see <see cref="TryOpen(string, IReadDiagnostics)"/> for the reporting form.</summary>
    public static OpenedLog Open(string path)
    {
        var file = OpenRegularFile(path, out var identity);
        try
        {
            long length = file.CanSeek ? file.Length : 0;
            DateTimeOffset mtime = identity?.LastWriteTime ?? File.GetLastWriteTimeUtc(path);
            Stream raw = file;
            Span<byte> magic = stackalloc byte[2];
            int got = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            if (file.CanSeek) file.Position = 0;
            else raw = new ReplayStream(magic[..got].ToArray(), file, null);

            bool isGzip = got == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
            Stream content = isGzip ? new GzipContentStream(raw, path) : raw;
            return new OpenedLog(path, file, content, isGzip, length, mtime, identity);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a regular file for reading, following a symbolic link to its end, without any lock (for every input a reader
    /// takes from a bundle: logs, crontabs). A FIFO, socket, device or directory is refused before it is opened
    /// (<see cref="NotRegularFileException"/>); <paramref name="identity"/> is the opened file's device, inode, size and mtime.
    /// </summary>
    public static FileStream OpenRegularFile(string path, out FileNode? identity)
    {
        var node = FileNode.Probe(path, followLinks: true);
        switch (node.Kind)
        {
            case FileNodeKind.Regular:
                break;
            case FileNodeKind.Missing:
                throw new FileNotFoundException($"{path} was not found.", path);
            case FileNodeKind.Inaccessible when node.Problem == FileNode.PermissionDenied:
                throw new UnauthorizedAccessException(node.Problem);
            case FileNodeKind.Inaccessible:
                throw new IOException(node.Problem);
            default:
                throw new NotRegularFileException(path, node.Kind, $"{path} is {node.KindInWords}, not a regular file: only regular files are read, and it was not opened.");
        }
        return OpenWithoutLock(path, node, out identity);
    }

    /// <summary>
    /// Opens the file read-only without any lock. A FileStream opened by path takes a shared flock on Unix whatever its
    /// FileShare (only the process-wide System.IO.DisableFileLocking switch stops that, and pwsh has read it long before a
    /// module loads), so a daemon's <c>flock -n -x</c> on its own log would fail while we read: the descriptor is opened
    /// with open(2) and handed to a FileStream, which takes no lock then. Where that call is not available, a shared
    /// FileStream it is.
    /// </summary>
    private static FileStream OpenWithoutLock(string path, FileNode node, out FileNode? identity)
    {
        if (!UnixNative.Available)
        {
            identity = null;
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
        }
        int fd = UnixNative.OpenReadOnly(path, out int errno);
        if (fd < 0)
        {
            var failed = FileNode.FromErrno(errno);
            if (failed.Kind == FileNodeKind.Missing) throw new FileNotFoundException($"{path} was not found.", path);
            if (errno is 13 or 1) throw new UnauthorizedAccessException("permission denied (this user may not read the file)");
            throw new IOException(failed.Problem);
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            // The path was looked at before opening; what was opened must be that same regular file (not a FIFO
            // swapped in between: the open did not block, as it asked not to).
            identity = FileNode.Of(handle);
            if (identity is { } opened && (opened.Kind != FileNodeKind.Regular || (node.Inode != 0 && !opened.IsSameFile(node))))
            {
                throw new NotRegularFileException(path, opened.Kind, opened.Kind == FileNodeKind.Regular
                    ? $"{path} changed while it was being opened; it was not read."
                    : $"{path} is {opened.KindInWords}, not a regular file: only regular files are read.");
            }
            return new FileStream(handle, FileAccess.Read, 1 << 16);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Opens a file, or reports <see cref="ErrorIds.FileNotFound"/> / <see cref="ErrorIds.FileUnreadable"/> and returns null.</summary>
    public static OpenedLog? TryOpen(string path, IReadDiagnostics diagnostics) => TryOpen(path, diagnostics, out _);

    /// <summary>Opens a file, or reports why not and returns null with the error id reported.</summary>
    public static OpenedLog? TryOpen(string path, IReadDiagnostics diagnostics, out string? errorId)
    {
        errorId = null;
        try
        {
            return Open(path);
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            errorId = ErrorIdFor(e, path);
            diagnostics.Error(path, errorId, Describe(e, path, 0), e);
            return null;
        }
    }

    /// <summary>True for the exceptions that reading a bad or vanished file can raise (and that must not escape the engine).</summary>
    public static bool IsReadFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException or System.Security.SecurityException;

    /// <summary>The error id for a failure while opening or reading <paramref name="path"/>.</summary>
    public static string ErrorIdFor(Exception e, string path) => e switch
    {
        TruncatedGzipException => ErrorIds.TruncatedGzip,
        CorruptGzipException => ErrorIds.CorruptGzip,
        NotRegularFileException { Kind: FileNodeKind.Directory } => ErrorIds.FileUnreadable,
        NotRegularFileException => ErrorIds.NotRegularFile,
        InvalidDataException => ErrorIds.CorruptGzip,
        FileNotFoundException or DirectoryNotFoundException => ErrorIds.FileNotFound,
        _ => ErrorIds.FileUnreadable,
    };

    /// <summary>A message for an admin: what failed, where, and what was kept.</summary>
    /// <param name="e">The failure.</param>
    /// <param name="path">The file.</param>
    /// <param name="linesRead">Lines delivered before the failure (with the line it cut through, if any).</param>
    /// <param name="lastLineCut">True when the last of those lines was cut short by the failure (delivered as far as it went).</param>
    public static string Describe(Exception e, string path, long linesRead, bool lastLineCut = false)
    {
        long whole = lastLineCut ? linesRead - 1 : linesRead;
        string kept = whole > 0 ? $"; the {whole:N0} lines before it were read" : "";
        if (lastLineCut) kept += $", and line {linesRead:N0} as far as it goes";
        string where = lastLineCut ? $"inside line {linesRead:N0}" : $"after line {linesRead:N0}";
        string detail = Detail(e, path);
        return ErrorIdFor(e, path) switch
        {
            ErrorIds.TruncatedGzip => $"{path} is a truncated gzip file: it ends {where}{kept}. ({detail})",
            ErrorIds.CorruptGzip => $"{path} is corrupt gzip data {where} ({detail}){kept}.",
            ErrorIds.FileNotFound => $"{path} was not found.",
            ErrorIds.NotRegularFile => e.Message,
            _ when e is NotRegularFileException { Kind: FileNodeKind.Directory } => $"{path} is a directory, not a file.",
            _ => $"{path} cannot be read: {e.Message}{kept}.",
        };
    }

    /// <summary>The exception's own words without the path it starts with (the message names the file once).</summary>
    private static string Detail(Exception e, string path)
    {
        string m = e.Message;
        if (path.Length == 0 || !m.StartsWith(path, StringComparison.Ordinal)) return m;
        m = m[path.Length..].TrimStart();
        return m.StartsWith("is ", StringComparison.Ordinal) ? m[3..] : m;
    }

    /// <summary>
    /// A stream that hands back <paramref name="head"/>, bytes already taken from <paramref name="rest"/> (which cannot
    /// seek), then the rest of it.
    /// </summary>
    internal static Stream Replay(byte[] head, Stream rest) => new ReplayStream(head, rest, null);

    /// <summary>
    /// A stream that hands back <paramref name="head"/>, then throws <paramref name="failure"/>: what a stream that failed
    /// after giving those bytes gives a second reader, the failure at the same place.
    /// </summary>
    internal static Stream Replay(byte[] head, Exception failure) => new ReplayStream(head, null, failure);

    /// <summary>Hands back the bytes sniffed from a stream that cannot seek, then the rest of it (or the failure that stopped it).</summary>
    private sealed class ReplayStream(byte[] head, Stream? rest, Exception? failure) : Stream
    {
        private int _next;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_next < head.Length)
            {
                int n = Math.Min(buffer.Length, head.Length - _next);
                head.AsSpan(_next, n).CopyTo(buffer);
                _next += n;
                return n;
            }
            if (rest is not null) return rest.Read(buffer);
            if (buffer.IsEmpty) return 0;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure!).Throw();
            return 0;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
