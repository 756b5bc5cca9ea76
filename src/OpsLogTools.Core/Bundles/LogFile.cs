using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Bundles;

/// <summary>A file recognised as a log: where it is, the format chosen for it, and what the file system says about it.</summary>
public sealed class LogFile
{
    /// <summary>Creates the description of one log file.</summary>
    public LogFile(string path, ILogFormat format, bool isGzip, long length, DateTimeOffset lastWriteTime, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(format);
        Path = path;
        Format = format;
        IsGzip = isGzip;
        Length = length;
        LastWriteTime = lastWriteTime;
        DisplayName = string.IsNullOrEmpty(displayName) ? System.IO.Path.GetFileName(path) : displayName;
    }

    /// <summary>Full path.</summary>
    public string Path { get; }

    /// <summary>Short name for messages: the path under the directory it was found in (<c>httpd/access_log</c>), else the file name.</summary>
    public string DisplayName { get; }

    /// <summary>The format its lines are parsed as.</summary>
    public ILogFormat Format { get; }

    /// <summary>True when the content is gzip (by its magic bytes).</summary>
    public bool IsGzip { get; }

    /// <summary>Size on disk in bytes.</summary>
    public long Length { get; }

    /// <summary>The file's mtime: the last resort for the year of yearless stamps.</summary>
    public DateTimeOffset LastWriteTime { get; }

    /// <summary>
    /// Device, inode, size and mtime of the file when it was scanned, where known: a reader that opens the path later
    /// checks it is still that file (a rotation between the passes of a run is found and said, not read silently).
    /// </summary>
    public FileNode? Identity { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{DisplayName} ({Format.Format})";
}
