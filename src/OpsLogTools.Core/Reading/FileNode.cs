using System.Runtime.InteropServices;

namespace OpsLogTools.Core.Reading;

/// <summary>
/// What the file system says about a path without opening it (stat / lstat): its kind, its identity (device and
/// inode) and its size and mtime. The identity tells whether a path still names the same file later: a log rotated
/// by renaming keeps its inode under its new name, and the live name gets a new one.
/// </summary>
public readonly record struct FileNode
{
    /// <summary>Creates the facts of one node.</summary>
    public FileNode(FileNodeKind kind, ulong device, ulong inode, long length, DateTimeOffset lastWriteTime, string? problem = null)
    {
        Kind = kind;
        Device = device;
        Inode = inode;
        Length = length;
        LastWriteTime = lastWriteTime;
        Problem = problem;
    }

    /// <summary>What the path names.</summary>
    public FileNodeKind Kind { get; }

    /// <summary>The device the node is on (major in the high 32 bits, minor in the low); 0 when unknown.</summary>
    public ulong Device { get; }

    /// <summary>The inode number; 0 when unknown (a system without statx).</summary>
    public ulong Inode { get; }

    /// <summary>Size in bytes.</summary>
    public long Length { get; }

    /// <summary>Last write time (mtime).</summary>
    public DateTimeOffset LastWriteTime { get; }

    /// <summary>For <see cref="FileNodeKind.Inaccessible"/>: why, in words (<c>permission denied</c>).</summary>
    public string? Problem { get; }

    /// <summary>When the file was created (statx btime), where the file system keeps it; else null.</summary>
    public DateTimeOffset? BirthTime { get; init; }

    /// <summary>The <see cref="Problem"/> of a path that cannot be looked at: stat needs search permission on every directory on the way.</summary>
    internal const string PermissionDenied = "permission denied (a directory on its path cannot be searched by this user)";

    /// <summary>
    /// True when both name the same file: same device and inode (both known), and the same birth time where both have
    /// one (a deleted file's inode number is soon reused by the next file created).
    /// </summary>
    public bool IsSameFile(FileNode other) =>
        Inode != 0 && Inode == other.Inode && Device == other.Device
        && (BirthTime is not { } born || other.BirthTime is not { } otherBorn || born == otherBorn);

    /// <summary>The kind in an admin's words, with an article: <c>a FIFO (named pipe)</c>.</summary>
    public string KindInWords => Kind switch
    {
        FileNodeKind.Regular => "a regular file",
        FileNodeKind.Directory => "a directory",
        FileNodeKind.SymbolicLink => "a symbolic link",
        FileNodeKind.Fifo => "a FIFO (named pipe)",
        FileNodeKind.Socket => "a socket",
        FileNodeKind.CharacterDevice => "a character device",
        FileNodeKind.BlockDevice => "a block device",
        FileNodeKind.Missing => "missing",
        FileNodeKind.Inaccessible => Problem ?? "inaccessible",
        _ => "not a regular file",
    };

    /// <summary>
    /// Looks at <paramref name="path"/> without opening it. With <paramref name="followLinks"/> false a symbolic link is
    /// reported as one (lstat); with true the node at its end is (stat), and a loop is <see cref="FileNodeKind.Inaccessible"/>.
    /// Never throws for what is (not) at the path.
    /// </summary>
    public static FileNode Probe(string path, bool followLinks)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (UnixNative.Available)
        {
            int errno = UnixNative.Stat(path, followLinks, out var node);
            return errno == 0 ? node : FromErrno(errno);
        }
        return ProbeManaged(path, followLinks);
    }

    /// <summary>The facts of an open file (fstat), or null where that cannot be asked.</summary>
    internal static FileNode? Of(SafeHandle handle) =>
        UnixNative.Available && UnixNative.Stat(handle, out var node) == 0 ? node : null;

    internal static FileNode FromErrno(int errno) => errno switch
    {
        2 or 20 => new FileNode(FileNodeKind.Missing, 0, 0, 0, default),        // ENOENT, ENOTDIR
        13 or 1 => new FileNode(FileNodeKind.Inaccessible, 0, 0, 0, default, PermissionDenied), // EACCES, EPERM
        40 => new FileNode(FileNodeKind.Inaccessible, 0, 0, 0, default, "too many levels of symbolic links (a link loop)"), // ELOOP
        _ => new FileNode(FileNodeKind.Inaccessible, 0, 0, 0, default, Marshal.GetPInvokeErrorMessage(errno)),
    };

    /// <summary>What .NET alone can tell (no statx): links and directories, but a FIFO looks like a file.</summary>
    private static FileNode ProbeManaged(string path, bool followLinks)
    {
        try
        {
            FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
            if (!info.Exists && info.LinkTarget is null) return new FileNode(FileNodeKind.Missing, 0, 0, 0, default);
            if (info.LinkTarget is not null)
            {
                if (!followLinks) return new FileNode(FileNodeKind.SymbolicLink, 0, 0, 0, info.LastWriteTimeUtc);
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                if (target is null || !target.Exists) return new FileNode(FileNodeKind.Missing, 0, 0, 0, default);
                info = target;
            }
            return info is DirectoryInfo
                ? new FileNode(FileNodeKind.Directory, 0, 0, 0, info.LastWriteTimeUtc)
                : new FileNode(FileNodeKind.Regular, 0, 0, ((FileInfo)info).Length, info.LastWriteTimeUtc);
        }
        catch (UnauthorizedAccessException)
        {
            return new FileNode(FileNodeKind.Inaccessible, 0, 0, 0, default, PermissionDenied);
        }
        catch (IOException e)
        {
            return new FileNode(FileNodeKind.Inaccessible, 0, 0, 0, default, e.Message);
        }
    }
}
