using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Bundles;

/// <summary>
/// Walks the paths of a bundle for every reader (logs, crontabs): directories recursively without following any
/// symbolic link inside them, only regular files kept from them, each directory and file once by device and inode.
/// </summary>
internal static class BundleFiles
{
    /// <summary>
    /// The files under <paramref name="paths"/>, each once: regular files found in directories (in path order), and the
    /// paths named directly that are not directories (whatever they are: the opener refuses what is not a regular file,
    /// naming it). Missing paths and directories that cannot be listed are reported.
    /// </summary>
    public static IEnumerable<BundleFile> Expand(IReadOnlyList<string> paths, IReadDiagnostics diagnostics)
    {
        // One read per file: the same file reached twice (named twice, or a hard link) is read once.
        var seen = new Dictionary<(ulong Device, ulong Inode), string>();
        var seenPaths = new HashSet<string>(StringComparer.Ordinal);
        foreach (string given in paths)
        {
            if (string.IsNullOrEmpty(given)) continue;
            string full;
            try
            {
                full = Path.GetFullPath(given);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                diagnostics.Error(given, ErrorIds.FileNotFound, $"{given} is not a valid path: {e.Message}", e);
                continue;
            }
            // A path named directly is followed to its end, as cat would: the admin chose it.
            var node = FileNode.Probe(full, followLinks: true);
            switch (node.Kind)
            {
                case FileNodeKind.Directory:
                    foreach (var c in Walk(full, node, diagnostics))
                    {
                        if (FirstTime(c)) yield return c;
                    }
                    break;
                case FileNodeKind.Regular:
                    var candidate = new BundleFile(full, Path.GetFileName(full), false, node);
                    if (FirstTime(candidate)) yield return candidate;
                    break;
                case FileNodeKind.Missing:
                    diagnostics.Error(full, ErrorIds.FileNotFound, $"{full} was not found.");
                    break;
                case FileNodeKind.Inaccessible:
                    // Reported by the opener, with the error id of what it meets (permission denied, a link loop).
                    if (seenPaths.Add(full)) yield return new BundleFile(full, Path.GetFileName(full), false, node);
                    break;
                default:
                    // A FIFO, socket or device named directly: the opener refuses it without opening it (NotRegularFile).
                    if (seenPaths.Add(full)) yield return new BundleFile(full, Path.GetFileName(full), false, node);
                    break;
            }
        }

        bool FirstTime(BundleFile c)
        {
            if (c.Node.Inode == 0) return seenPaths.Add(c.Path);
            if (seen.TryGetValue((c.Node.Device, c.Node.Inode), out string? first))
            {
                if (first != c.Path) diagnostics.Verbose($"passed over {c.DisplayName}: the same file as {first} (read once)");
                return false;
            }
            seen.Add((c.Node.Device, c.Node.Inode), c.Path);
            return true;
        }
    }

    /// <summary>
    /// The regular files under a directory, in path order. Symbolic links inside it are not followed, neither to
    /// directories (a <c>self -&gt; .</c> or <c>up -&gt; ..</c> link made the walk read the tree again and again, without
    /// end) nor to files (a link in a copied /var/log points into the machine reading it, or to a file read anyway);
    /// each is passed over with a verbose line naming its target, which can be named directly to read it. A directory
    /// reached twice (a bind mount) is read once, by device and inode.
    /// </summary>
    private static List<BundleFile> Walk(string root, FileNode rootNode, IReadDiagnostics diagnostics)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = false, ReturnSpecialDirectories = false };
        var files = new List<BundleFile>();
        var visited = new HashSet<(ulong, ulong)>();
        if (rootNode.Inode != 0) visited.Add((rootNode.Device, rootNode.Inode));
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            string dir = pending.Pop();
            List<string> entries;
            try
            {
                entries = Directory.EnumerateFileSystemEntries(dir, "*", options).ToList();
            }
            catch (Exception e) when (LogFileOpener.IsReadFailure(e))
            {
                // Not silence: the files in it are missing from every result, and the admin must know.
                string why = e is UnauthorizedAccessException ? "permission denied" : e.Message;
                diagnostics.Error(dir, ErrorIds.DirectoryUnreadable, $"{dir}: the directory cannot be listed ({why}); the files in it were not read.", e);
                continue;
            }
            foreach (string entry in entries)
            {
                string name = Path.GetRelativePath(root, entry);
                var node = FileNode.Probe(entry, followLinks: false);
                switch (node.Kind)
                {
                    case FileNodeKind.Regular:
                    case FileNodeKind.Inaccessible:
                        files.Add(new BundleFile(entry, name, true, node));
                        break;
                    case FileNodeKind.Directory:
                        if (node.Inode == 0 || visited.Add((node.Device, node.Inode))) pending.Push(entry);
                        else diagnostics.Verbose($"passed over {name}: a directory already read (the same device and inode)");
                        break;
                    case FileNodeKind.SymbolicLink:
                        diagnostics.Verbose($"passed over {name}: a symbolic link{LinkTarget(entry)}; links inside a directory are not followed (name the target to read it)");
                        break;
                    case FileNodeKind.Missing:
                        diagnostics.Verbose($"passed over {name}: it was removed while the directory was read");
                        break;
                    default:
                        // Looked at before opening: opening a FIFO blocks until a writer comes.
                        diagnostics.Verbose($"passed over {name}: {node.KindInWords}, not a regular file (only regular files are read)");
                        break;
                }
            }
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    private static string LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is { } target ? $" to {target}" : "";
        }
        catch (Exception e) when (LogFileOpener.IsReadFailure(e))
        {
            return "";
        }
    }
}
