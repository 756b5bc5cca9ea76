namespace OpsLogTools.Core.Reading;

/// <summary>Error ids used in diagnostics and ErrorRecords. No spaces, stable: scripts match on them.</summary>
public static class ErrorIds
{
    public const string FileNotFound = "FileNotFound";
    public const string FileUnreadable = "FileUnreadable";
    public const string TruncatedGzip = "TruncatedGzip";
    public const string CorruptGzip = "CorruptGzip";
    public const string UnknownFormat = "UnknownFormat";
    public const string NotFileSystem = "NotFileSystemPath";
    public const string MalformedLines = "MalformedLines";
    /// <summary>A path named directly is a FIFO, a socket or a device: only regular files are read, and it was not opened.</summary>
    public const string NotRegularFile = "NotRegularFile";
    /// <summary>A directory (named, or found under one named) cannot be listed: the files in it were not read.</summary>
    public const string DirectoryUnreadable = "DirectoryUnreadable";
    /// <summary>A file read again later in the run (the timeline's second pass) is no longer the file first read: replaced or truncated in place.</summary>
    public const string FileChanged = "FileChanged";
}
