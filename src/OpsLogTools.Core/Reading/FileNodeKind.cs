namespace OpsLogTools.Core.Reading;

/// <summary>What a path names on the file system. Only <see cref="Regular"/> files are read as logs.</summary>
public enum FileNodeKind
{
    /// <summary>Nothing is there (or a directory on the way is missing).</summary>
    Missing,
    /// <summary>Something is there but cannot be looked at: <see cref="FileNode.Problem"/> says why (permission denied on a directory on the way, a symbolic link loop).</summary>
    Inaccessible,
    /// <summary>A regular file.</summary>
    Regular,
    /// <summary>A directory.</summary>
    Directory,
    /// <summary>A symbolic link (only when links are not followed).</summary>
    SymbolicLink,
    /// <summary>A FIFO (named pipe): opening it for reading blocks until a writer comes, and closing it kills the writer.</summary>
    Fifo,
    /// <summary>A Unix socket.</summary>
    Socket,
    /// <summary>A character device (/dev/zero, a terminal).</summary>
    CharacterDevice,
    /// <summary>A block device (a disk).</summary>
    BlockDevice,
    /// <summary>Any other kind of node.</summary>
    Other,
}
