using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Timeline;

public class MergedTimelineTests(TimelineBundles bundles) : IClassFixture<TimelineBundles>
{
    public static TheoryData<string> All => new() { "seed", "new-york", "utc-host", "new-year", "timezone-shift", "nothing-planted", "whole-file-utc", "whole-file-slow" };

    [Theory]
    [MemberData(nameof(All))]
    public void EveryLineOnceInTrueTimeOrder(string name)
    {
        var b = bundles.Get(name);
        var events = b.Timeline.Events().ToList();

        // Every line the reader gives, exactly once.
        var read = new LogReader(FormatRegistry.All).Read([b.Directory], TimelineBundles.Options, NullDiagnostics.Instance)
            .Select(e => (e.Path, e.LineNumber)).ToHashSet();
        Assert.Equal(read.Count, events.Count);
        Assert.Equal(read.Count, events.Select(e => (e.Path, e.LineNumber)).ToHashSet().Count);
        Assert.True(read.SetEquals(events.Select(e => (e.Path, e.LineNumber))));

        // Non-decreasing after correction: a line may come after a later one only by the reorder window's jitter.
        var window = TimelineOptions.Default.ReorderWindow;
        var latest = events[0].Time;
        foreach (var e in events)
        {
            Assert.True(e.Time >= latest - window, $"{e.Path}:{e.LineNumber} at {e.Time:O} after {latest:O}");
            if (e.Time > latest) latest = e.Time;
        }

        // Displaced lines are placed in the true span of their run, the others keep their stamps.
        foreach (var run in b.Truth.StampRuns)
        {
            var lines = events.Where(e => b.Relative(e.Path) == run.Path && e.LineNumber >= run.FirstLine && e.LineNumber <= run.LastLine).ToList();
            Assert.Equal(run.LineCount, lines.Count);
            Assert.All(lines, e => Assert.InRange(e.Time, run.TrueStart.AddSeconds(-3), run.TrueEnd.AddSeconds(3)));
            Assert.All(lines, e => Assert.InRange(e.OffsetSeconds, run.OffsetSeconds - 3, run.OffsetSeconds + 3));
        }
        int displaced = events.Count(e => e.OffsetSeconds != 0);
        Assert.Equal(b.Truth.StampRuns.Sum(r => r.LineCount), displaced);
        Assert.All(events.Where(e => e.OffsetSeconds == 0), e => Assert.Equal(e.StampedTime, e.Time));
    }

    [Fact]
    public void CategoriesSayWhereALineComesFrom()
    {
        var b = bundles.Get("seed");
        var events = b.Timeline.Events().ToList();
        Assert.All(events.Where(e => e.Format == LogFormat.CloudFront), e => Assert.Equal(TimelineCategory.Cdn, e.Category));
        Assert.All(events.Where(e => e.Format == LogFormat.ApacheCombined), e => Assert.Equal(TimelineCategory.Web, e.Category));
        Assert.All(events.Where(e => e.Program == "sshd"), e => Assert.Equal(TimelineCategory.Auth, e.Category));
        Assert.All(events.Where(e => e.Program == "kernel"), e => Assert.Equal(TimelineCategory.Kernel, e.Category));
        Assert.All(events.Where(e => e.Program is "CROND" or "crond"), e => Assert.Equal(TimelineCategory.Cron, e.Category));
        Assert.All(events.Where(e => e.Format == LogFormat.Yum), e => Assert.Equal(TimelineCategory.Package, e.Category));
        Assert.All(events.Where(e => e.Program == "systemd"), e => Assert.Equal(TimelineCategory.System, e.Category));
        Assert.Contains(events, e => e.HostName == b.Truth.HostName);
    }

    [Fact]
    public void AfterAndBeforeCutTheSameStream()
    {
        var b = bundles.Get("seed");
        var down = b.Truth.Outage!.Down;
        var options = new TimelineOptions { After = down.AddMinutes(-5), Before = down.AddMinutes(5) };
        var cut = b.Timeline.Events(options).Select(e => (e.Path, e.LineNumber, e.Time)).ToList();
        var whole = b.Timeline.Events().Where(e => e.Time >= options.After && e.Time <= options.Before).Select(e => (e.Path, e.LineNumber, e.Time)).ToList();

        Assert.NotEmpty(cut);
        Assert.Equal(whole.ToHashSet(), cut.ToHashSet());
        // The OOM kill of the main process sits in the window, re-timed from its April stamp.
        Assert.Contains(b.Timeline.Events(options), e => e.Program == "kernel" && e.OffsetSeconds != 0 && e.Message.Contains("Out of memory", StringComparison.Ordinal));
    }

    [Fact]
    public void EntriesFromThePipelineMergeLikeFiles()
    {
        var b = bundles.Get("new-york");
        string[] paths = [Path.Combine(b.Directory, "messages"), Path.Combine(b.Directory, "secure"), Path.Combine(b.Directory, "httpd")];
        var entries = new LogReader(FormatRegistry.All).Read(paths, TimelineBundles.Options, NullDiagnostics.Instance).ToList();
        var fromEntries = HostTimeline.FromEntries(entries);
        var fromFiles = HostTimeline.Read(paths, TimelineBundles.Options, NullDiagnostics.Instance);

        Assert.Equal(fromFiles.Displacements.Select(a => (a.Path, a.FirstLine, a.LastLine, a.OffsetSeconds)),
            fromEntries.Displacements.Select(a => (a.Path, a.FirstLine, a.LastLine, a.OffsetSeconds)));
        Assert.Equal(fromFiles.Events().Select(e => (e.Path, e.LineNumber, e.Time)), fromEntries.Events().Select(e => (e.Path, e.LineNumber, e.Time)));
        Assert.Equal(entries.Count, fromEntries.Events().Count());
    }

    [Fact]
    public void OutOfOrderLinesWithinTheWindowArePutInPlace()
    {
        // Hand-written after Apache's behaviour: a request is stamped when it began and written when it ended, so a
        // slow request's line comes after quicker later ones.
        var t0 = new DateTimeOffset(2022, 7, 19, 21, 0, 0, TimeSpan.FromHours(9));
        LogEntry Line(string path, long n, int seconds) => new() { Path = path, LineNumber = n, Format = LogFormat.Syslog, Timestamp = t0.AddSeconds(seconds), Message = $"line {n}" };
        var entries = new[]
        {
            Line("a", 1, 0), Line("a", 2, 4), Line("a", 3, 1), Line("a", 4, 6), Line("a", 5, 9),
            Line("b", 1, 2), Line("b", 2, 3), Line("b", 3, 8),
        };
        var events = HostTimeline.FromEntries(entries).Events().ToList();
        Assert.Equal(entries.Length, events.Count);
        Assert.Equal(events.Select(e => e.Time).Order(), events.Select(e => e.Time));
        Assert.Equal([("a", 1L), ("a", 3L), ("b", 1L), ("b", 2L), ("a", 2L), ("a", 4L), ("b", 3L), ("a", 5L)], events.Select(e => (e.Path, e.LineNumber)));
    }
}
