namespace OpsLogTools.Core.Reading;

/// <summary>
/// Whether a path still names the file that was scanned (device, inode, size, mtime), for readers that open a file
/// again later: the anomaly engine and Get-LogTimeline read the bundle twice, and logrotate may run in between. A
/// file rotated by renaming keeps its inode under its new name and is found there; one replaced or truncated in place
/// (copytruncate) is not what was read before, and reading it silently would mix another file's lines into the result.
/// </summary>
internal static class FileChanges
{
    /// <summary>What became of the scanned file at its path.</summary>
    public enum Outcome
    {
        /// <summary>The same file, as long as or longer than it was (a live log goes on growing).</summary>
        Same,
        /// <summary>The same file, of the same size, written since (or touched).</summary>
        Rewritten,
        /// <summary>The same file, shorter than it was: truncated in place.</summary>
        Truncated,
        /// <summary>Another file now: the one scanned was renamed away or deleted, and another made in its place.</summary>
        Replaced,
    }

    /// <summary>Compares the file scanned with the file opened now at the same path.</summary>
    public static Outcome Compare(FileNode scanned, FileNode now)
    {
        if (!now.IsSameFile(scanned)) return Outcome.Replaced;
        if (now.Length < scanned.Length) return Outcome.Truncated;
        if (now.Length == scanned.Length && now.LastWriteTime != scanned.LastWriteTime) return Outcome.Rewritten;
        return Outcome.Same;
    }

    /// <summary>The path in the same directory that holds the scanned file now (renamed by rotation), or null.</summary>
    public static string? FindMoved(string path, FileNode scanned)
    {
        if (scanned.Inode == 0) return null;
        string? dir = Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(dir)) return null;
        var options = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0, RecurseSubdirectories = false };
        try
        {
            foreach (string entry in Directory.EnumerateFiles(dir, "*", options))
            {
                var node = FileNode.Probe(entry, followLinks: false);
                if (node.Kind == FileNodeKind.Regular && node.IsSameFile(scanned)) return entry;
            }
        }
        catch (Exception e) when (LogFileOpener.IsReadFailure(e))
        {
            // The directory cannot be listed any more: not found.
        }
        return null;
    }
}
