using System.Buffers;

namespace OpsLogTools.Core.Reading.Journal;

/// <summary>
/// A gzipped journal (<c>system@….journal~.gz</c>, as some rotation scripts and copies leave them) is read at offsets,
/// which a gzip stream cannot do: its content is copied to a temporary file in the system's temp folder (readable by
/// the user only, deleted when closed) and read from there. The input is never written to. A content past
/// <see cref="DefaultMaxBytes"/> is refused (no journal file is that large; a gzip bomb fills no disk).
/// </summary>
internal static class JournalSpool
{
    /// <summary>The most decompressed bytes copied (journald's files stop at 128 MiB by default).</summary>
    public const long DefaultMaxBytes = 1L << 30;

    /// <summary>
    /// The content copied to a seekable temporary file, at its start; null (with <paramref name="problem"/>) when it is
    /// over <paramref name="maxBytes"/>. A gzip cut short or damaged part way keeps what came before the damage, said in
    /// <paramref name="problem"/> (the journal is then read like one a crash left unfinished).
    /// </summary>
    public static FileStream? Copy(Stream content, long maxBytes, out string? problem)
    {
        problem = null;
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose,
        };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var spool = new FileStream(Path.Combine(Path.GetTempPath(), $"opslogtools-journal-{Guid.NewGuid():N}.tmp"), options);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            while (true)
            {
                int n;
                try
                {
                    n = content.Read(buffer, 0, buffer.Length);
                }
                catch (Exception e) when (LogFileOpener.IsReadFailure(e))
                {
                    // Only the gzip's own damage is read past here; a failure writing the copy is the read's error.
                    problem = $"the gzip is cut short or damaged after {spool.Length:N0} bytes of the journal ({e.Message}); the entries those bytes hold are read";
                    break;
                }
                if (n == 0) break;
                if (spool.Length + n > maxBytes)
                {
                    problem = $"the gzip decompresses to more than {maxBytes:N0} bytes, more than a journal file holds; it is not read";
                    spool.Dispose();
                    return null;
                }
                spool.Write(buffer, 0, n);
            }
            spool.Position = 0;
            return spool;
        }
        catch
        {
            spool.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
