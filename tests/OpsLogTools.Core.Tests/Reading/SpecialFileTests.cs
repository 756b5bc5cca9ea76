using System.Diagnostics;
using System.Net.Sockets;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

/// <summary>
/// Only regular files are read (issue 12, item 2): a FIFO in a copied /var/log once blocked the run forever (a cron
/// report never ended), and one named directly with a live writer killed the writer with SIGPIPE. The fixtures are
/// made here: FIFOs with mkfifo(1), a Unix socket bound by the test, /dev/null as the device.
/// </summary>
public class SpecialFileTests
{
    private const string Messages = "Jul 19 21:10:03 ip-172-26-1-10 systemd[1]: Started Session 12 of user ec2-user.\n";

    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private static (IReadOnlyList<LogFile> Files, CollectingDiagnostics Diagnostics) Scan(params string[] paths)
    {
        var diagnostics = new CollectingDiagnostics();
        return (new BundleScanner(TestFormats.All).Scan(paths, null, null, diagnostics), diagnostics);
    }

    [UnixFact]
    public void FifoInADirectoryIsPassedOverWithoutBlocking()
    {
        // No writer: opening this FIFO for reading blocks forever.
        using var b = new TempBundle();
        b.Write("messages", Messages);
        string fifo = UnixTools.MakeFifo(b.PathOf("pipe"));

        var (finished, result) = UnixTools.Within(Generous, fifo, () => Scan(b.Root));

        Assert.True(finished, "the scan blocked on the FIFO");
        Assert.Equal(["messages"], result.Files.Select(f => f.DisplayName));
        Assert.Contains(result.Diagnostics.VerboseLines, v => v == "passed over pipe: a FIFO (named pipe), not a regular file (only regular files are read)");
        Assert.Empty(result.Diagnostics.Errors);
    }

    [UnixFact]
    public void WholeReadOfADirectoryWithAFifoFinishes()
    {
        using var b = new TempBundle();
        b.Write("messages", Messages);
        string fifo = UnixTools.MakeFifo(b.PathOf("sub/pipe"));
        var reader = new LogReader(TestFormats.All);

        var (finished, entries) = UnixTools.Within(Generous, fifo, () => reader.Read([b.Root], new LogReadOptions(), new CollectingDiagnostics()).ToList());

        Assert.True(finished, "the read blocked on the FIFO");
        Assert.Single(entries!);
    }

    [UnixFact]
    public void FifoWithALiveWriterIsNeverOpened()
    {
        // A writer blocked in open() is released only when a reader opens the FIFO; a reader that then closes it kills
        // the writer with SIGPIPE (yes(1) exits 141). Never opening the FIFO leaves the writer waiting, alive.
        using var b = new TempBundle();
        b.Write("messages", Messages);
        string fifo = UnixTools.MakeFifo(b.PathOf("pipe"));
        using var writer = UnixTools.Start("sh", "-c", $"exec yes 'Jul 19 21:10:03 host app: hello' > '{fifo}'");
        try
        {
            var (finished, result) = UnixTools.Within(Generous, fifo, () => Scan(b.PathOf("messages"), fifo));

            Assert.True(finished);
            Assert.False(writer.WaitForExit(500), $"the writer ended (exit {(writer.HasExited ? writer.ExitCode : 0)}): the FIFO was opened");
            var error = Assert.Single(result.Diagnostics.Errors);
            Assert.Equal((fifo, ErrorIds.NotRegularFile), (error.Path, error.ErrorId));
            Assert.Contains("a FIFO (named pipe), not a regular file", error.Message);
            Assert.Equal(["messages"], result.Files.Select(f => f.DisplayName));
        }
        finally
        {
            if (!writer.HasExited) writer.Kill();
        }
    }

    [UnixFact]
    public void NamedFifoWithoutWriterIsAnErrorNotAHang()
    {
        using var b = new TempBundle();
        string fifo = UnixTools.MakeFifo(b.PathOf("pipe"));

        var (finished, result) = UnixTools.Within(Generous, fifo, () => Scan(fifo));

        Assert.True(finished, "the scan blocked on the FIFO");
        var error = Assert.Single(result.Diagnostics.Errors);
        Assert.Equal((fifo, ErrorIds.NotRegularFile), (error.Path, error.ErrorId));
        Assert.Empty(result.Files);
    }

    [UnixFact]
    public void SocketsAndDevicesAreNotRead()
    {
        using var b = new TempBundle();
        b.Write("messages", Messages);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(b.PathOf("rsyslog.sock")));

        var (files, diagnostics) = Scan(b.Root, "/dev/null");

        Assert.Equal(["messages"], files.Select(f => f.DisplayName));
        Assert.Contains(diagnostics.VerboseLines, v => v.StartsWith("passed over rsyslog.sock: a socket", StringComparison.Ordinal));
        var error = Assert.Single(diagnostics.Errors);
        Assert.Equal(("/dev/null", ErrorIds.NotRegularFile), (error.Path, error.ErrorId));
        Assert.Contains("a character device", error.Message);
    }

    [UnixFact]
    public void OpenerRefusesAFifoBeforeOpeningIt()
    {
        using var b = new TempBundle();
        string fifo = UnixTools.MakeFifo(b.PathOf("pipe"));
        var (finished, error) = UnixTools.Within(Generous, fifo, () => Record.Exception(() => LogFileOpener.Open(fifo)));
        Assert.True(finished);
        var refused = Assert.IsType<NotRegularFileException>(error);
        Assert.Equal(FileNodeKind.Fifo, refused.Kind);
    }

    [UnixFact]
    public void CrontabsAreFoundByTheSameWalk()
    {
        // Update runs are matched against the bundle's crontabs, found by a walk of their own before: it followed
        // directory links (self -> . read each crontab again and again) and opened a FIFO named like a crontab.
        using var b = new TempBundle();
        b.Write("etc/crontab", "0 3 * * * root yum -y update\n");
        string fifo = UnixTools.MakeFifo(b.PathOf("etc/cron.d/pipe"));
        File.CreateSymbolicLink(b.PathOf("etc/self"), ".");
        File.CreateSymbolicLink(b.PathOf("etc/cron.d/up"), "..");

        var (finished, jobs) = UnixTools.Within(Generous, fifo, () => Analysis.Updates.BundleCrontabs.Read([b.Root], new CollectingDiagnostics()));

        Assert.True(finished, "the crontab walk blocked or did not end");
        var job = Assert.Single(jobs!);
        Assert.Contains("yum -y update", job.Command);
    }
}
