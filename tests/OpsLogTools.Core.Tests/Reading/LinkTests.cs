using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

/// <summary>
/// Directory links are not followed (issue 12, item 2): <c>self -&gt; .</c> made the walk read the same file 41 times
/// (until the path grew too long), and <c>self -&gt; .</c> with <c>sub/up -&gt; ..</c> grew without end. File links:
/// followed when named directly (as cat does), passed over inside a directory (a link in a copied /var/log points
/// into the machine reading it). Fixtures: links made here with File.CreateSymbolicLink.
/// </summary>
public class LinkTests
{
    private const string Messages = "Jul 19 21:10:03 ip-172-26-1-10 systemd[1]: Started Session 12 of user ec2-user.\nJul 19 21:10:05 ip-172-26-1-10 CROND[3120]: (root) CMD (/usr/lib64/sa/sa1 1 1)\n";

    private static (IReadOnlyList<LogFile> Files, CollectingDiagnostics Diagnostics) Scan(params string[] paths)
    {
        var diagnostics = new CollectingDiagnostics();
        return (new BundleScanner(TestFormats.All).Scan(paths, null, null, diagnostics), diagnostics);
    }

    [UnixFact]
    public void LinkToItsOwnDirectoryIsNotFollowed()
    {
        using var b = new TempBundle();
        b.Write("messages", Messages);
        File.CreateSymbolicLink(b.PathOf("self"), ".");

        var (files, diagnostics) = Scan(b.Root);

        Assert.Equal(["messages"], files.Select(f => f.DisplayName));
        Assert.Contains(diagnostics.VerboseLines, v => v == "passed over self: a symbolic link to .; links inside a directory are not followed (name the target to read it)");
        // Counted as an admin would: entries equal the real file's lines.
        var entries = new LogReader(TestFormats.All).Read([b.Root], new LogReadOptions(), new CollectingDiagnostics()).ToList();
        Assert.Equal(2, entries.Count);
    }

    [UnixFact]
    public void LinksUpAndToItselfDoNotMultiplyTheWalk()
    {
        // Followed, these two links give 2^depth paths to each file until the path length limit: an exponential walk.
        using var b = new TempBundle();
        b.Write("messages", Messages);
        b.Write("sub/secure", Messages);
        File.CreateSymbolicLink(b.PathOf("self"), ".");
        File.CreateSymbolicLink(b.PathOf("sub/up"), "..");

        var task = Task.Run(() => Scan(b.Root));
        Assert.True(task.Wait(TimeSpan.FromSeconds(30)), "the walk did not end");

        var (files, diagnostics) = task.Result;
        Assert.Equal(["messages", Path.Combine("sub", "secure")], files.Select(f => f.DisplayName));
        Assert.Contains(diagnostics.VerboseLines, v => v.StartsWith($"passed over {Path.Combine("sub", "up")}: a symbolic link to ..", StringComparison.Ordinal));
        Assert.Empty(diagnostics.Errors);
    }

    [UnixFact]
    public void FileLinkInsideADirectoryIsPassedOverAndTheFileReadOnce()
    {
        using var b = new TempBundle();
        b.Write("messages", Messages);
        File.CreateSymbolicLink(b.PathOf("messages.link"), "messages");
        File.CreateSymbolicLink(b.PathOf("elsewhere"), "/etc/hostname"); // out of the bundle: the reading machine's own file
        File.CreateSymbolicLink(b.PathOf("dangling"), "gone");

        var (files, diagnostics) = Scan(b.Root);

        Assert.Equal(["messages"], files.Select(f => f.DisplayName));
        Assert.Contains(diagnostics.VerboseLines, v => v.StartsWith("passed over messages.link: a symbolic link to messages;", StringComparison.Ordinal));
        Assert.Contains(diagnostics.VerboseLines, v => v.StartsWith("passed over elsewhere: a symbolic link to /etc/hostname;", StringComparison.Ordinal));
        Assert.Contains(diagnostics.VerboseLines, v => v.StartsWith("passed over dangling: a symbolic link to gone;", StringComparison.Ordinal));
        Assert.Empty(diagnostics.Errors);
    }

    [UnixFact]
    public void FileLinkNamedDirectlyIsFollowedLikeCat()
    {
        using var b = new TempBundle();
        b.Write("real/messages", Messages);
        File.CreateSymbolicLink(b.PathOf("messages"), b.PathOf("real/messages"));

        var (files, diagnostics) = Scan(b.PathOf("messages"));

        var file = Assert.Single(files);
        Assert.Equal(b.PathOf("messages"), file.Path);
        Assert.Empty(diagnostics.Errors);
    }

    [UnixFact]
    public void DirectoryLinkNamedDirectlyIsWalked()
    {
        using var b = new TempBundle();
        b.Write("var/log/messages", Messages);
        File.CreateSymbolicLink(b.PathOf("logs"), b.PathOf("var/log"));

        var (files, _) = Scan(b.PathOf("logs"));

        Assert.Equal(["messages"], files.Select(f => f.DisplayName));
    }

    [UnixFact]
    public void LinkLoopNamedDirectlyIsAnErrorNotAHang()
    {
        using var b = new TempBundle();
        File.CreateSymbolicLink(b.PathOf("a"), "b");
        File.CreateSymbolicLink(b.PathOf("b"), "a");

        var (files, diagnostics) = Scan(b.PathOf("a"));

        Assert.Empty(files);
        var error = Assert.Single(diagnostics.Errors);
        Assert.Equal((b.PathOf("a"), ErrorIds.FileUnreadable), (error.Path, error.ErrorId));
        Assert.Contains("symbolic links", error.Message);
    }

    [UnixFact]
    public void SameFileNamedTwiceOrHardLinkedIsReadOnce()
    {
        using var b = new TempBundle();
        string messages = b.Write("messages", Messages);
        Assert.Equal(0, UnixTools.Run("ln", messages, b.PathOf("messages.hard")));

        var (files, diagnostics) = Scan(b.Root, messages, Path.Combine(b.Root, ".", "messages"));

        Assert.Equal(["messages"], files.Select(f => f.DisplayName));
        Assert.Contains(diagnostics.VerboseLines, v => v.StartsWith("passed over messages.hard: the same file as", StringComparison.Ordinal));
    }
}
