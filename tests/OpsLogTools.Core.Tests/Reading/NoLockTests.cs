using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

/// <summary>
/// Inputs are never locked (issue 12, item 6): .NET's FileStream takes a shared flock on every file it opens by path on
/// Unix, so a daemon that takes <c>flock -n -x</c> on its own log (logrotate scripts, some collectors) failed while we
/// read. Checked with flock(1) from util-linux, run while the file is open in the middle of a read.
/// </summary>
public class NoLockTests
{
    private static string Lines(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $"2022-07-19T21:{i / 60 % 60:00}:{i % 60:00}+09:00 line {i}\n"));

    /// <summary>True when another process can take an exclusive lock on the file at once.</summary>
    private static bool ExclusiveLockIsFree(string path) => UnixTools.Run("flock", "-n", "-x", path, "true") == 0;

    [UnixFact]
    public void OpenFileHoldsNoLock()
    {
        using var b = new TempBundle();
        string plain = b.Write("messages", Lines(10));
        string gz = b.WriteGzip("messages-20220717.gz", null, Lines(10));
        Assert.True(ExclusiveLockIsFree(plain), "the fixture itself is locked");

        using (LogFileOpener.Open(plain)) Assert.True(ExclusiveLockIsFree(plain), "a lock is held on the plain file while it is open");
        using (LogFileOpener.Open(gz)) Assert.True(ExclusiveLockIsFree(gz), "a lock is held on the gzip file while it is open");
    }

    [UnixFact]
    public void FileBeingReadHoldsNoLock()
    {
        using var b = new TempBundle();
        string path = b.Write("messages", Lines(5000));
        var reader = new LogReader(TestFormats.All);
        using var entries = reader.Read([path], new LogReadOptions(), new CollectingDiagnostics()).GetEnumerator();
        for (int i = 0; i < 100; i++) Assert.True(entries.MoveNext());

        Assert.True(ExclusiveLockIsFree(path), "a lock is held on the file while it is read");

        int rest = 0;
        while (entries.MoveNext()) rest++;
        Assert.Equal(4900, rest);
    }
}
