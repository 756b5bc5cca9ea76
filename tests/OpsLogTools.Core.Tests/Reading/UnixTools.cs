using System.Diagnostics;

namespace OpsLogTools.Core.Tests.Reading;

/// <summary>Runs the small Unix tools the reading tests build their fixtures with (mkfifo, flock, sh).</summary>
internal static class UnixTools
{
    /// <summary>Runs a tool to its end (at most a minute) and returns its exit code.</summary>
    public static int Run(string tool, params string[] args)
    {
        using var p = Start(tool, args);
        if (!p.WaitForExit(60_000))
        {
            p.Kill();
            throw new TimeoutException($"{tool} did not finish");
        }
        return p.ExitCode;
    }

    /// <summary>Starts a tool and leaves it running (the caller ends it by its own handle).</summary>
    public static Process Start(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args) info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
    }

    /// <summary>Makes a FIFO (named pipe) with mkfifo(1).</summary>
    public static string MakeFifo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (Run("mkfifo", path) != 0) throw new IOException($"mkfifo {path} failed");
        return path;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on another thread and waits a generous time for it: a reader that blocks in
    /// open() on a FIFO fails the test instead of hanging the run. When it did block, the FIFO is opened for writing
    /// once and closed, which gives the blocked reader its end of file and lets the thread go.
    /// </summary>
    public static (bool Finished, T? Result) Within<T>(TimeSpan timeout, string fifoToRelease, Func<T> work)
    {
        var task = Task.Run(work);
        if (task.Wait(timeout)) return (true, task.Result);
        var release = Task.Run(() =>
        {
            using var w = new FileStream(fifoToRelease, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        });
        release.Wait(TimeSpan.FromSeconds(10));
        return (false, default);
    }
}
