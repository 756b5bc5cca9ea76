using System.Text;
using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

/// <summary>
/// Get-LogTimeline reads the files twice (facts, then the merge); a logrotate run in between silently replaced a
/// file's lines with the new live file's (issue 12, item 4). Now the second pass reads the file first read: found
/// again by its inode when rotation renamed it, and a FileChanged error when it was replaced or truncated in place.
/// Fixtures: rsyslog traditional lines written here, rotated here as logrotate does (rename + create, copytruncate).
/// </summary>
public class RotationBetweenPassesTests
{
    private static readonly LogReadOptions Options = new()
    {
        TimeZone = TimeZoneInfo.Utc,
        ReferenceDate = new DateTimeOffset(2022, 7, 20, 0, 0, 0, TimeSpan.Zero),
    };

    private static string Syslog(string tag, int count, int hour) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $"Jul 19 {hour:00}:{i / 60:00}:{i % 60:00} ip-172-26-1-10 {tag}[{100 + i}]: {tag} line {i}\n"));

    [UnixFact]
    public void FileRenamedByRotationIsReadFromItsNewName()
    {
        using var b = new TempBundle();
        string messages = b.Write("messages", Syslog("before", 50, 10));
        var diagnostics = new CollectingDiagnostics();
        var timeline = HostTimeline.Read([b.Root], Options, diagnostics);
        Assert.Equal(50, timeline.EntryCount);

        // logrotate's default (create): rename, then a new live file.
        File.Move(messages, b.PathOf("messages-20220720"));
        b.Write("messages", Syslog("after", 3, 23));

        var events = timeline.Events().ToList();

        Assert.Equal(50, events.Count);
        Assert.All(events, e => Assert.StartsWith("before line", e.Message));
        var warning = Assert.Single(diagnostics.Warnings);
        Assert.Equal($"{messages} was rotated to messages-20220720 after it was first read; read from there (the new messages is not part of this run)", warning.Message);
        Assert.Empty(diagnostics.Errors);
    }

    [UnixFact]
    public void FileTruncatedInPlaceIsAnErrorNotAnotherFilesLines()
    {
        using var b = new TempBundle();
        string messages = b.Write("messages", Syslog("before", 50, 10));
        b.Write("secure", Syslog("sshd", 5, 11));
        var diagnostics = new CollectingDiagnostics();
        var timeline = HostTimeline.Read([b.Root], Options, diagnostics);

        // copytruncate: the content copied away, the file emptied in place (same inode) and written again.
        using (var f = new FileStream(messages, FileMode.Truncate, FileAccess.Write)) f.Write(Encoding.ASCII.GetBytes(Syslog("after", 3, 23)));

        var events = timeline.Events().ToList();

        Assert.DoesNotContain(events, e => e.Message.StartsWith("after", StringComparison.Ordinal));
        Assert.Equal(5, events.Count(e => e.Path == b.PathOf("secure")));
        var error = Assert.Single(diagnostics.Errors);
        Assert.Equal((messages, ErrorIds.FileChanged), (error.Path, error.ErrorId));
        Assert.Contains("truncated in place", error.Message);
    }

    [UnixFact]
    public void FileReplacedAndGoneIsAnError()
    {
        using var b = new TempBundle();
        string messages = b.Write("messages", Syslog("before", 20, 10));
        var diagnostics = new CollectingDiagnostics();
        var timeline = HostTimeline.Read([b.Root], Options, diagnostics);

        File.Delete(messages);
        b.Write("messages", Syslog("after", 30, 23));

        var events = timeline.Events().ToList();

        Assert.Empty(events);
        var error = Assert.Single(diagnostics.Errors);
        Assert.Equal((messages, ErrorIds.FileChanged), (error.Path, error.ErrorId));
        Assert.Contains("was replaced", error.Message);
    }

    [UnixFact]
    public void LiveFileThatGrewIsStillTheSameFile()
    {
        using var b = new TempBundle();
        string messages = b.Write("messages", Syslog("before", 20, 10));
        var diagnostics = new CollectingDiagnostics();
        var timeline = HostTimeline.Read([b.Root], Options, diagnostics);

        File.AppendAllText(messages, Syslog("later", 2, 12));

        var events = timeline.Events().ToList();

        Assert.True(events.Count >= 20);
        Assert.Empty(diagnostics.Errors);
        Assert.Empty(diagnostics.Warnings);
    }
}
