using System.Globalization;
using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Tests.Anomalies;
using Xunit;

namespace OpsLogTools.Core.Tests.Witnesses;

/// <summary>
/// Get-LogTimeline -Summary tells what the clock witnesses said: a chronyd step (its "wrong by" as evidence), a lost time
/// source once an hour however often timesyncd times out, a zone change. Witness lines in the daemons' words (see
/// <see cref="ClockWitnessTests"/>) planted in the synthetic host's messages, at true times, in several zones.
/// </summary>
public sealed class ClockStoryTests
{
    private static IReadOnlyList<StoryEvent> Story(SyntheticHost host) =>
        HostTimeline.FromEntries(SyntheticBundle.Render(host).SelectMany(f => f.Entries)).Story();

    [Theory]
    [InlineData(61, "2022-07-19T12:00:00+09:00", null)]
    [InlineData(62, "2022-10-30T00:00:00+01:00", "Europe/Berlin")]
    [InlineData(63, "2023-03-12T00:00:00-05:00", "America/New_York")]
    public void StepsLostSourcesAndZoneChangesAreTold(int seed, string startText, string? zoneId)
    {
        var start = DateTimeOffset.Parse(startText, CultureInfo.InvariantCulture);
        var zone = zoneId is null ? null : TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var host = new SyntheticHost(seed, start, TimeSpan.FromHours(12), zone) { WithCloudFront = false }.Generate();
        host.Lines.RemoveAll(l => l.Program == "chronyd");
        var lost = start.AddHours(2);
        // timesyncd times out at every poll (every 32-64 s): one story event for the hour, not one a poll.
        for (int k = 0; k < 40; k++)
            host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, lost.AddSeconds(64 * k), "systemd-timesyncd", 612, "Timed out waiting for reply from 169.254.169.123:123 (169.254.169.123)."));
        var step = start.AddHours(5);
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, step, "chronyd", 912, "System clock wrong by -9.300000 seconds"));
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, step, "chronyd", 912, "System clock was stepped by -9.300000 seconds"));
        var changed = start.AddHours(8);
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, changed, "systemd-timedated", 4242, "Changed time zone to 'Asia/Tokyo' (JST)."));

        var story = Story(host);

        var source = Assert.Single(story, s => s.Event == StoryEventKind.ClockSourceLost);
        Assert.Equal(lost, source.Time);
        Assert.StartsWith("systemd-timesyncd lost its time source: 169.254.169.123:123", source.Summary, StringComparison.Ordinal);
        var stepped = Assert.Single(story, s => s.Event == StoryEventKind.ClockStepped);
        Assert.Equal(step, stepped.Time);
        Assert.Equal("chronyd stepped the clock by -9.3 s.", stepped.Summary);
        Assert.Equal(2, stepped.Evidence.Count);
        Assert.Contains("System clock wrong by -9.300000 seconds", stepped.Evidence[0], StringComparison.Ordinal);
        var zoned = Assert.Single(story, s => s.Event == StoryEventKind.TimeZoneChanged);
        Assert.Equal(changed, zoned.Time);
        Assert.Equal("The time zone was changed to Asia/Tokyo.", zoned.Summary);
    }
}
