using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Model;
using Xunit;

namespace OpsLogTools.Core.Tests.Timeline;

public class StoryTests(TimelineBundles bundles) : IClassFixture<TimelineBundles>
{
    public static TheoryData<string> Incidents => new() { "seed", "new-york", "utc-host", "new-year", "timezone-shift" };

    [Theory]
    [MemberData(nameof(Incidents))]
    public void TheStoryOfTheNightIsAtTheTrueTimes(string name)
    {
        var b = bundles.Get(name);
        var story = b.Timeline.Story();
        var outage = b.Truth.Outage!;

        Assert.Equal(story.OrderBy(s => s.Time), story);
        var first = Assert.Single(story, s => s.Event == StoryEventKind.FirstServerError && Near(s.Time, outage.FirstServerError, 60));
        Assert.Equal(outage.FirstServerError, first.Time);
        Assert.Equal((outage.FirstServerErrorPath, outage.FirstServerErrorLine), (b.Relative(first.Path), first.LineNumber));
        Assert.Contains($"the first of {outage.OriginServerErrors}", first.Summary, StringComparison.Ordinal);

        Assert.Contains(story, s => s.Event == StoryEventKind.WorkerLimitReached && Near(s.Time, outage.MaxRequestWorkers, 1));
        foreach (var kill in outage.OomKills)
        {
            var k = Assert.Single(story, s => s.Event == StoryEventKind.OomKill && Near(s.Time, kill.At, 2));
            Assert.Contains($"pid {kill.Pid}", k.Summary, StringComparison.Ordinal);
        }
        var down = Assert.Single(story, s => s.Event == StoryEventKind.ServiceDown);
        Assert.True(Near(down.Time, outage.Down, 2), $"down {down.Time:O} truth {outage.Down:O}");
        Assert.StartsWith("httpd", down.Summary, StringComparison.Ordinal);
        var up = Assert.Single(story, s => s.Event == StoryEventKind.ServiceUp);
        Assert.True(Near(up.Time, outage.Up, 2), $"up {up.Time:O} truth {outage.Up:O}");
        Assert.Contains(story, s => s.Event == StoryEventKind.Login && Near(s.Time, outage.AdminLogin, 1) && s.Summary.Contains(outage.AdminAddress, StringComparison.Ordinal));
        Assert.Contains(story, s => s.Event == StoryEventKind.PrivilegedCommand && Near(s.Time, outage.RestartCommand, 1) && s.Summary.Contains("restart httpd", StringComparison.Ordinal));

        foreach (var run in b.Truth.UpdateRuns)
        {
            var u = Assert.Single(story, s => s.Event == StoryEventKind.UpdateRun && Near(s.Time, run.Start, 1));
            Assert.Equal(run.YumLogFirstLine, u.LineNumber);
        }

        var wrong = Assert.Single(story, s => s.Event == StoryEventKind.ClockWrong);
        var firstRun = b.Truth.StampRuns.MinBy(r => r.TrueStart)!;
        Assert.True(Near(wrong.Time, firstRun.TrueStart, 3), $"wrong {wrong.Time:O} truth {firstRun.TrueStart:O}");
        Assert.Equal(firstRun.StampedStart, wrong.StampedTime);
        Assert.Equal(b.Truth.StampRuns.Count, wrong.Evidence.Count);
        var right = Assert.Single(story, s => s.Event == StoryEventKind.ClockRight);
        var lastEnd = b.Truth.StampRuns.Max(r => r.TrueEnd);
        Assert.InRange(right.Time, lastEnd, lastEnd.AddMinutes(10));
        Assert.Equal(0, (right.Time - right.StampedTime).TotalSeconds);
        Assert.All(story, s => Assert.NotEmpty(s.Evidence));
    }

    [Fact]
    public void NothingPlantedTellsNoOutageAndNoClock()
    {
        var b = bundles.Get("nothing-planted");
        var story = b.Timeline.Story();
        Assert.DoesNotContain(story, s => s.Event is StoryEventKind.ClockWrong or StoryEventKind.ClockRight or StoryEventKind.ServiceDown or StoryEventKind.OomKill);
        Assert.Equal(b.Truth.UpdateRuns.Count, story.Count(s => s.Event == StoryEventKind.UpdateRun));
    }

    [Theory]
    [InlineData("whole-file-utc")]
    [InlineData("whole-file-slow")]
    public void AWholeFileOffsetIsToldOnceFromTheFirstLine(string name)
    {
        var b = bundles.Get(name);
        var story = b.Timeline.Story();
        var wrong = Assert.Single(story, s => s.Event == StoryEventKind.ClockWrong);
        var first = b.Truth.StampRuns.MinBy(r => r.TrueStart)!;
        Assert.True(Near(wrong.Time, first.TrueStart, 2), $"wrong {wrong.Time:O} truth {first.TrueStart:O}");
        Assert.Equal(first.StampedStart, wrong.StampedTime);
        Assert.Contains("from their first line to their last", wrong.Summary, StringComparison.Ordinal);
        // One line of evidence per file: every rotation of every rsyslog file.
        Assert.Equal(b.Truth.StampRuns.Count, wrong.Evidence.Count);
        Assert.DoesNotContain(story, s => s.Event == StoryEventKind.ClockRight);
    }

    [Fact]
    public void TheWindowCutsTheStory()
    {
        var b = bundles.Get("seed");
        var outage = b.Truth.Outage!;
        var story = b.Timeline.Story(new TimelineOptions { After = outage.FirstServerError.AddMinutes(-1), Before = outage.Down.AddMinutes(1) });
        Assert.All(story, s => Assert.InRange(s.Time, outage.FirstServerError.AddMinutes(-1), outage.Down.AddMinutes(1)));
        Assert.Contains(story, s => s.Event == StoryEventKind.ServiceDown);
        Assert.DoesNotContain(story, s => s.Event is StoryEventKind.ServiceUp or StoryEventKind.UpdateRun);
    }

    private static bool Near(DateTimeOffset a, DateTimeOffset b, double seconds) => Math.Abs((a - b).TotalSeconds) <= seconds;
}
