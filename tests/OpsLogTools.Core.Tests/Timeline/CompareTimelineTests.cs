using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Timeline;

public class CompareTimelineTests(TimelineBundles bundles) : IClassFixture<TimelineBundles>
{
    public static TheoryData<string> Planted => new() { "seed", "new-york", "utc-host", "new-year", "timezone-shift", "whole-file-utc", "whole-file-slow" };

    [Theory]
    [MemberData(nameof(Planted))]
    public void DisplacedSegmentsOfEveryRsyslogFileMatchTheTruth(string name)
    {
        var b = bundles.Get(name);
        var segments = TimelineComparer.Compare(b.Timeline, null, null, TimelineCompareOptions.Default, new CollectingDiagnostics()).ToList();

        Assert.NotEmpty(b.Truth.StampRuns);
        Assert.Equal(b.Truth.StampRuns.Count, segments.Count);
        foreach (var run in b.Truth.StampRuns)
        {
            var s = Assert.Single(segments, s => b.Relative(s.Path) == run.Path);
            Assert.Equal((run.FirstLine, run.LastLine), (s.FirstLine, s.LastLine));
            Assert.Equal(run.LineCount, s.LineCount);
            Assert.InRange(s.OffsetSeconds, run.OffsetSeconds - 3, run.OffsetSeconds + 3);
            Assert.True(s.IsDisplaced);
            Assert.NotEqual(OffsetBasis.None, s.Basis);
            Assert.InRange(s.Start, run.TrueStart.AddSeconds(-3), run.TrueStart.AddSeconds(3));
            Assert.InRange(s.End, run.TrueEnd.AddSeconds(-3), run.TrueEnd.AddSeconds(3));
            Assert.Equal(run.StampedStart, s.StampedStart);
            Assert.InRange(s.Confidence, 0.5, 1.0);
            Assert.NotEmpty(s.ReferencePaths);
            Assert.All(s.ReferencePaths, p => Assert.True(b.Timeline.StampsAreAbsolute(p)));
        }
    }

    [Theory]
    [InlineData("nothing-planted")]
    public void FilesInTrueTimeGiveNoSegment(string name)
    {
        var b = bundles.Get(name);
        Assert.Empty(b.Truth.StampRuns);
        Assert.Empty(TimelineComparer.Compare(b.Timeline, null, null, TimelineCompareOptions.Default, new CollectingDiagnostics()));
        // Even a tolerance of zero: equal stretches have offset 0 exactly.
        Assert.Empty(TimelineComparer.Compare(b.Timeline, null, null, new TimelineCompareOptions { Tolerance = TimeSpan.Zero }, new CollectingDiagnostics()));
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("new-year")]
    [InlineData("timezone-shift")]
    [InlineData("nothing-planted")]
    [InlineData("whole-file-utc")]
    public void IncludeEqualCoversEveryDifferenceFileEndToEnd(string name)
    {
        var b = bundles.Get(name);
        var segments = TimelineComparer.Compare(b.Timeline, null, null, new TimelineCompareOptions { IncludeEqual = true }, new CollectingDiagnostics()).ToList();

        var differenceFiles = b.Timeline.Paths.Where(p => !b.Timeline.StampsAreAbsolute(p)).ToList();
        Assert.NotEmpty(differenceFiles);
        Assert.Equal(differenceFiles.OrderBy(p => p), segments.Select(s => s.Path).Distinct().OrderBy(p => p));
        foreach (var group in segments.GroupBy(s => s.Path))
        {
            var list = group.ToList();
            var truth = b.Truth.File(b.Relative(group.Key));
            Assert.NotNull(truth);
            Assert.Equal(1, list[0].FirstLine);
            Assert.Equal(truth.LineCount, list[^1].LastLine);
            for (int i = 1; i < list.Count; i++) Assert.Equal(list[i - 1].LastLine + 1, list[i].FirstLine);
            Assert.All(list, s => Assert.Equal(s.LastLine - s.FirstLine + 1, s.LineCount));
            Assert.All(list.Where(s => !s.IsDisplaced), s => Assert.Equal(0, s.OffsetSeconds));
            Assert.All(list.Where(s => !s.IsDisplaced), s => Assert.Equal(s.StampedStart, s.Start));
        }
        Assert.Equal(b.Truth.StampRuns.Count, segments.Count(s => s.IsDisplaced));
    }

    [Fact]
    public void GivenReferenceAndDifferencePathsOnDisk()
    {
        var b = bundles.Get("utc-host");
        var diagnostics = new CollectingDiagnostics();
        string messages = Path.Combine(b.Directory, "messages");
        var segments = TimelineComparer.Compare([Path.Combine(b.Directory, "httpd")], [messages, Path.Combine(b.Directory, "secure")],
            new TimelineCompareOptions { IncludeEqual = true }, TimelineBundles.Options, diagnostics).ToList();

        Assert.Equal([messages, Path.Combine(b.Directory, "secure")], segments.Select(s => s.Path).Distinct().OrderBy(p => p));
        var run = b.Truth.StampRuns.Single(r => r.Path == "messages");
        var displaced = Assert.Single(segments, s => s.IsDisplaced && s.Path == messages);
        Assert.Equal((run.FirstLine, run.LastLine), (displaced.FirstLine, displaced.LastLine));
        Assert.InRange(displaced.OffsetSeconds, run.OffsetSeconds - 3, run.OffsetSeconds + 3);
        Assert.All(segments, s => Assert.All(s.ReferencePaths, p => Assert.StartsWith(Path.Combine(b.Directory, "httpd"), p)));
        Assert.DoesNotContain(diagnostics.Warnings, w => w.Message.Contains("reference", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void ADisplacedReferenceIsWarnedAbout()
    {
        // messages taken as the reference although its own stamps are displaced: it is not a trusted clock.
        var b = bundles.Get("seed");
        var diagnostics = new CollectingDiagnostics();
        string messages = Path.Combine(b.Directory, "messages");
        _ = TimelineComparer.Compare([messages], [Path.Combine(b.Directory, "cron")], TimelineCompareOptions.Default, TimelineBundles.Options, diagnostics).ToList();

        var run = b.Truth.StampRuns.Single(r => r.Path == "messages");
        var warning = Assert.Single(diagnostics.Warnings, w => w.Message.Contains("not a trusted clock", StringComparison.Ordinal));
        Assert.Equal(messages, warning.Path);
        Assert.Equal(run.FirstLine, warning.Line);
    }

    [Fact]
    public void NoReferenceAtAllIsSaid()
    {
        var b = bundles.Get("seed");
        var diagnostics = new CollectingDiagnostics();
        var segments = TimelineComparer.Compare([], [Path.Combine(b.Directory, "cron"), Path.Combine(b.Directory, "secure")],
            TimelineCompareOptions.Default, TimelineBundles.Options, diagnostics).ToList();
        Assert.Contains(diagnostics.Warnings, w => w.Message.StartsWith("No reference", StringComparison.Ordinal));
        Assert.All(segments, s => Assert.Empty(s.ReferencePaths));
    }

    [Fact]
    public void AMissingPathIsReportedAndTheRestGoesOn()
    {
        var b = bundles.Get("seed");
        var diagnostics = new CollectingDiagnostics();
        string missing = Path.Combine(b.Directory, "no-such-file");
        var segments = TimelineComparer.Compare([], [missing, b.Directory], TimelineCompareOptions.Default, TimelineBundles.Options, diagnostics).ToList();
        Assert.Contains(diagnostics.Errors, e => e.Path == missing && e.ErrorId == ErrorIds.FileNotFound);
        Assert.Equal(b.Truth.StampRuns.Count, segments.Count);
    }
}
