using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Analysis.Updates;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Tests.Sample;
using Xunit;

namespace OpsLogTools.Core.Tests.Timeline;

/// <summary>
/// The story (Get-LogTimeline -Summary) holds for the update detector only the lines it can make a run of, not every
/// daemon line of the host (issue 12: 2 M lines of one daemon, 600 MB held to the end). Counted, not timed.
/// </summary>
public sealed class StoryMemoryTests(TimelineBundles bundles) : IClassFixture<TimelineBundles>, IDisposable
{
    private readonly TempBundles _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Daemon_lines_are_not_held_for_the_update_detector()
    {
        // rsyslog traditional lines (RFC 3164 as rsyslog writes them): 20,000 lines of one daemon, a cron line starting
        // yum-cron's hourly job (cronie's "(user) CMD (command)") and yum.log's package lines (yum 3 "Mmm dd hh:mm:ss Verb: package").
        string dir = _temp.NewDirectory("daemon");
        var lines = Enumerable.Range(0, 20_000).Select(i => $"Mar  3 04:{i / 600 % 60:00}:{i / 10 % 60:00} web1 app[1234]: working on item {i}");
        File.WriteAllLines(Path.Combine(dir, "messages"), lines);
        File.WriteAllLines(Path.Combine(dir, "cron"), ["Mar  3 04:30:01 web1 CROND[777]: (root) CMD (/usr/sbin/yum-cron /etc/yum/yum-cron-hourly.conf)"]);
        File.WriteAllLines(Path.Combine(dir, "yum.log"), ["Mar 03 04:30:40 Updated: openssl-libs-1.0.2k-26.el7_9.x86_64", "Mar 03 04:30:42 Updated: httpd-2.4.6-99.el7.centos.1.x86_64"]);
        var timeline = HostTimeline.Read([dir], TimelineBundles.Options, new CollectingDiagnostics());

        var teller = new StoryTeller(timeline, NullDiagnostics.Instance);
        foreach (var line in timeline.Merge(TimelineOptions.Default, NullDiagnostics.Instance, CancellationToken.None)) teller.Observe(line);
        var story = teller.Finish(TimelineOptions.Default);

        // Before: all 20,003 lines were held. Now: the cron start and the two package lines.
        Assert.Equal(3, teller.LinesHeldForUpdates);
        var run = Assert.Single(story, s => s.Event == StoryEventKind.UpdateRun);
        Assert.Contains("2 package(s)", run.Summary, StringComparison.Ordinal);
        Assert.Contains("started by yumcron", run.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("new-year")]
    [InlineData("utc-host")]
    public void The_update_runs_are_those_of_every_line(string name)
    {
        // The detector given every line of the categories the story used to hold finds the runs the story tells.
        var b = bundles.Get(name);
        var all = new List<LogEntry>();
        foreach (var line in b.Timeline.Merge(TimelineOptions.Default, NullDiagnostics.Instance, CancellationToken.None))
        {
            var e = line.Entry;
            var c = EventCategories.Of(e);
            if (c is TimelineCategory.Package or TimelineCategory.Cron or TimelineCategory.System or TimelineCategory.Kernel or TimelineCategory.WebServer || e.Program == "sudo")
                all.Add(new LogEntry { Path = e.Path, LineNumber = e.LineNumber, Format = e.Format, Timestamp = line.Time, Program = e.Program, ProcessId = e.ProcessId, HostName = e.HostName, Message = e.Message });
        }
        static string By(UpdateRun r) => r.Trigger == UpdateTrigger.Manual ? "by hand" : $"by {r.Trigger.ToString().ToLowerInvariant()}";
        var expected = new UpdateRunDetector().Detect(all).Runs.Where(r => !r.IsEmpty)
            .Select(r => (r.Start, r.Path, r.FirstLine, By(r), r.Packages.Count)).OrderBy(r => r.Start).ToList();

        var told = b.Timeline.Story().Where(s => s.Event == StoryEventKind.UpdateRun)
            .Select(s => (s.Time, s.Path, s.LineNumber, By: s.Summary.Contains("by hand", StringComparison.Ordinal) ? "by hand" : s.Summary[s.Summary.IndexOf("started by ", StringComparison.Ordinal)..].Split(':')[0]["started ".Length..],
                Lines: int.Parse(s.Evidence[0].Split(": ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture))).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, told);
    }
}
