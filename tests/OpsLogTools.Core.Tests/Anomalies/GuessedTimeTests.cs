using System.Globalization;
using System.Text;
using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Tests.Reading;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.Anomalies;

/// <summary>
/// Issue 13: "never report the tool's own inference as the host's fault". Where the reader had to guess the year or
/// zone (the clocks that would date the file sit in its middle, beyond what the reader samples before reading), the
/// anomaly engine still sees those clocks disagree with the guess: that is <see cref="AnomalyKind.UncertainTime"/>,
/// never displaced stamps with Cause Clock or TimeZone. Inputs are generated here in rsyslog's traditional format.
/// </summary>
public class GuessedTimeTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Copied2026 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static string Stamp(DateTime wall) =>
        wall.ToString("MMM", CultureInfo.InvariantCulture) + " " + wall.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) + wall.ToString(" HH:mm:ss", CultureInfo.InvariantCulture);

    private (List<LogEntry> Entries, CollectingDiagnostics Diagnostics, IReadOnlyList<LogAnomaly> Found) Detect(string root, DateTimeOffset? referenceDate = null)
    {
        var diagnostics = new CollectingDiagnostics();
        var options = new LogReadOptions { LocalZone = TimeZoneInfo.Utc, ReferenceDate = referenceDate };
        var entries = new LogReader(FormatRegistry.All).Read([root], options, diagnostics).ToList();
        var scan = new AnomalyScan();
        foreach (var e in entries) scan.Add(e);
        var found = scan.Detect();
        foreach (var a in found)
        {
            output.WriteLine($"{a.Kind} {Path.GetFileName(a.Path)}:{a.FirstLine}-{a.LastLine} off={a.OffsetSeconds} {a.Cause} basis={a.Basis}: {a.Summary}");
            foreach (var e in a.Evidence) output.WriteLine("   - " + e);
        }
        return (entries, diagnostics, found);
    }

    /// <summary>
    /// A week of busy local-time syslog with <paramref name="clockLine"/>'s lines only in the middle day, where no
    /// sample of the head or tail reaches.
    /// </summary>
    private static string BusyWeek(DateTime start, Func<DateTime, string?> clockLine)
    {
        var sb = new StringBuilder();
        var rng = new Random(7);
        var end = start.AddDays(7);
        for (var t = start; t < end; t = t.AddSeconds(rng.Next(20, 50)))
        {
            bool middle = t > start.AddDays(3) && t < start.AddDays(4);
            if (middle && rng.Next(10) == 0 && clockLine(t) is { } line) sb.Append(Stamp(t)).Append(' ').Append(line).Append('\n');
            else sb.Append(Stamp(t)).Append(" combo kernel: audit: type=1400 apparmor=\"ALLOWED\" operation=\"open\" profile=\"/usr/sbin/cupsd\" pid=").Append(rng.Next(100, 9999)).Append('\n');
        }
        return sb.ToString();
    }

    [Fact]
    public void AYearGuessedFromTheMtimeIsUncertainNotAWrongClock()
    {
        // Issue 13, case 1 where the reader cannot see ftpd's dates: it guesses 2026 from the mtime, and the engine sees
        // the dates printed mid-file 21 years earlier. Reported as UncertainTime (formerly DisplacedTimestamps, +7670
        // days, Cause Clock).
        using var b = new TempBundle();
        b.Write("messages", BusyWeek(new DateTime(2005, 6, 14, 0, 0, 0), t =>
            $"combo ftpd[{t.Minute * 60 + t.Second + 1000}]: connection from 84.102.20.2 () at {t.ToString("ddd MMM dd HH:mm:ss yyyy", CultureInfo.InvariantCulture)}"), Copied2026);

        var (entries, diagnostics, found) = Detect(b.Root);

        Assert.True(TimeBasisWords.YearIsGuessed(entries[0].TimeBasis), "the ftpd lines sit beyond the reader's sample");
        Assert.Contains(diagnostics.Warnings, w => w.Message.Contains("the year of messages from each file's modification time", StringComparison.Ordinal));
        Assert.DoesNotContain(found, a => a.Kind == AnomalyKind.DisplacedTimestamps);
        var a = Assert.Single(found, a => a.Kind == AnomalyKind.UncertainTime);
        Assert.Equal(1, a.FirstLine);
        Assert.Equal(entries.Count, a.LastLine);
        // The mtime of March 2026 puts a June stamp in 2025: twenty years after ftpd's 2005.
        Assert.Equal(20, Math.Round(a.OffsetSeconds / 86400 / 365.2425));
        Assert.NotEqual(AnomalyCause.Clock, a.Cause);
        Assert.Contains(a.Evidence, e => e.Contains("whole year(s)", StringComparison.Ordinal));
        Assert.Equal(2005, a.Start.Year);
    }

    [Fact]
    public void AZoneGuessedAsTheLocalZoneIsUncertainNotAWrongZone()
    {
        // Issue 13, case 2 where the reader cannot see prometheus' UTC clocks: it reads the Central European host's
        // stamps as UTC, and the engine sees the printed clocks an hour behind. Formerly "stamps written in the wrong
        // time zone", +1 h.
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        using var b = new TempBundle();
        b.Write("messages", BusyWeek(new DateTime(2023, 1, 9, 0, 0, 0), t =>
        {
            var utc = TimeZoneInfo.ConvertTimeToUtc(t, berlin);
            return $"ol8 prometheus[1811]: level=info ts={utc.ToString("yyyy-MM-dd'T'HH:mm:ss'.000Z'", CultureInfo.InvariantCulture)} caller=head.go:1176 component=tsdb msg=\"Head GC completed\"";
        }), Copied2026);

        // The year is given (-ReferenceDate), so only the zone is a guess.
        var (entries, diagnostics, found) = Detect(b.Root, new DateTimeOffset(2023, 1, 20, 0, 0, 0, TimeSpan.Zero));

        Assert.True(TimeBasisWords.ZoneIsGuessed(entries[0].TimeBasis));
        Assert.False(TimeBasisWords.YearIsGuessed(entries[0].TimeBasis));
        Assert.Contains(diagnostics.Warnings, w => w.Message.Contains("the zone of messages as UTC", StringComparison.Ordinal));
        Assert.DoesNotContain(found, a => a.Kind == AnomalyKind.DisplacedTimestamps);
        var a = Assert.Single(found, a => a.Kind == AnomalyKind.UncertainTime);
        Assert.InRange(a.OffsetSeconds, 3600 - 2, 3600 + 2);
        Assert.NotEqual(AnomalyCause.TimeZone, a.Cause);
        Assert.Contains(a.Evidence, e => e.Contains("The zone the reader gave these stamps was a guess", StringComparison.Ordinal));
    }

    [Fact]
    public void AFallBackReadInAGuessedZoneWithoutDaylightSavingIsNoFault()
    {
        // A New York host's syslog alone, read in UTC (the machine's zone): at 02:00 EDT on 6 Nov 2022 the wall clock
        // goes back an hour. The step is the host's daylight-saving change, never a displaced run with a cause.
        var ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        using var b = new TempBundle();
        var sb = new StringBuilder();
        var rng = new Random(11);
        for (var t = new DateTimeOffset(2022, 11, 4, 0, 0, 0, TimeSpan.Zero); t < new DateTimeOffset(2022, 11, 8, 0, 0, 0, TimeSpan.Zero); t = t.AddSeconds(rng.Next(30, 400)))
        {
            var wall = TimeZoneInfo.ConvertTime(t, ny).DateTime;
            // crond every minute would do; sshd noise and sessions give the engine lines of several programs.
            sb.Append(Stamp(wall)).Append(rng.Next(3) == 0 ? " web1 sshd[" + rng.Next(2000, 9000) + "]: Invalid user admin from 203.0.113.5 port 4242" : " web1 systemd[1]: Started Session " + rng.Next(10, 999) + " of user root.").Append('\n');
        }
        // cron.hourly at :01 every hour and sysstat every ten minutes, as /etc/cron.d says: a grid the engine can measure with.
        var cron = new StringBuilder();
        for (var t = new DateTimeOffset(2022, 11, 4, 0, 1, 1, TimeSpan.Zero); t < new DateTimeOffset(2022, 11, 8, 0, 0, 0, TimeSpan.Zero); t = t.AddMinutes(10))
        {
            var wall = TimeZoneInfo.ConvertTime(t, ny).DateTime;
            cron.Append(Stamp(wall)).Append(" web1 CROND[").Append(rng.Next(2000, 9000)).Append("]: (root) CMD (").Append(wall.Minute == 1 ? "run-parts /etc/cron.hourly" : "/usr/lib64/sa/sa1 1 1").Append(")\n");
        }
        b.Write("messages", sb.ToString(), new DateTimeOffset(2022, 11, 8, 0, 0, 0, TimeSpan.Zero));
        b.Write("cron", cron.ToString(), new DateTimeOffset(2022, 11, 8, 0, 0, 0, TimeSpan.Zero));

        var (_, _, found) = Detect(b.Root);

        Assert.DoesNotContain(found, a => a.Kind == AnomalyKind.DisplacedTimestamps);
        Assert.DoesNotContain(found, a => a.Kind == AnomalyKind.MissingLines);
    }

    [Fact]
    public void TheTimelineTellsNoWrongClockOfAGuessedYear()
    {
        // Get-LogTimeline -Summary told a ClockWrong story for the 2005 file: its displacements are the anomaly
        // engine's DisplacedTimestamps only.
        using var b = new TempBundle();
        b.Write("messages", BusyWeek(new DateTime(2005, 6, 14, 0, 0, 0), t =>
            $"combo ftpd[{t.Minute * 60 + t.Second + 1000}]: connection from 84.102.20.2 () at {t.ToString("ddd MMM dd HH:mm:ss yyyy", CultureInfo.InvariantCulture)}"), Copied2026);

        var timeline = HostTimeline.Read([b.Root], new LogReadOptions { LocalZone = TimeZoneInfo.Utc }, new CollectingDiagnostics());

        Assert.Empty(timeline.Displacements);
        Assert.DoesNotContain(timeline.Story(), s => s.Event is StoryEventKind.ClockWrong);
    }

    [Theory]
    [InlineData("local zone (guess)", AnomalyKind.UncertainTime)]
    [InlineData("bundle (access_log)", AnomalyKind.DisplacedTimestamps)]
    public void AStepBackWhereAZoneFallsBackIsUncertainOnlyWhenTheZoneWasGuessed(string zoneSource, AnomalyKind expected)
    {
        // rsyslog's stamps go back an hour at 02:00 on 6 Nov 2022 and stay there, as a New York host's do at its
        // fall-back when they are read in a zone without daylight saving (here UTC). The agent's printed clock confirms
        // the hour, so only the guard tells the zone's change from a fault: with a guessed zone it is uncertain time;
        // with a zone the logs showed, a step of a whole hour is stamps in the wrong zone.
        var start = new DateTimeOffset(2022, 11, 5, 18, 0, 0, TimeSpan.Zero);
        var host = new SyntheticHost(seed: 77, start, TimeSpan.FromHours(14)).Generate();
        SyntheticBundle.Displace(host, new DateTimeOffset(2022, 11, 6, 2, 0, 0, TimeSpan.Zero), host.End.AddHours(1), TimeSpan.FromHours(-1), SyntheticHost.RsyslogFiles);

        var found = new AnomalyDetector().Detect(SyntheticBundle.Render(host, zoneSource), AnomalyOptions.Default);
        foreach (var a in found) output.WriteLine($"{a.Kind} {a.Path}:{a.FirstLine}-{a.LastLine} {a.OffsetSeconds} {a.Cause}: {string.Join(" | ", a.Evidence)}");

        var displaced = found.Where(a => a.Kind is AnomalyKind.DisplacedTimestamps or AnomalyKind.UncertainTime).ToList();
        Assert.NotEmpty(displaced);
        Assert.All(displaced, a => Assert.Equal(expected, a.Kind));
        Assert.All(displaced, a => Assert.Equal(-3600, a.OffsetSeconds));
        if (expected == AnomalyKind.UncertainTime)
            Assert.Contains(displaced, a => a.Evidence.Any(e => e.Contains("moves its clocks back by", StringComparison.Ordinal)));
        else Assert.All(displaced, a => Assert.Equal(AnomalyCause.TimeZone, a.Cause));
    }
}
