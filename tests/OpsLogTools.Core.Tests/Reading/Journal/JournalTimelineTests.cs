using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading.Journal;

/// <summary>
/// Get-LogTimeline and Compare-LogTimeline on a journal whose clock steps inside one boot: the stepped stretch is a
/// displaced segment with Basis Monotonic, and its entries are placed in corrected time (stamp less the step, to the
/// microsecond) while the rest keep their stamps. Fixtures: export streams from <see cref="JournalExportGenerator"/>
/// (seeded; <see cref="JournalExportGenerator.WrittenStep"/> is the truth), read directly and, where
/// systemd-journal-remote is installed, as the journal file systemd writes from them.
/// </summary>
public sealed class JournalTimelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("opslogtools-journaltimeline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A step forward that never steps back (the timeline's ledger of steps back cannot see it), steps back
    /// that return or not, in zones with half-hour and DST rules.</summary>
    public static TheoryData<long, string, int, int> Cases() => new()
    {
        { 9_300_000, "UTC", 0, 1 },
        { 9_300_000, "Australia/Lord_Howe", 0, 2 },
        { -3_600_000_000, "America/New_York", 25, 1 },
        { -3_600_000_000, "Asia/Kolkata", 0, 3 },
        { -108L * 86_400_000_000, "Europe/Berlin", 30, 2 },
        { 2L * 86_400_000_000, "Pacific/Chatham", 18, 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheSteppedStretchIsAMonotonicSegmentInCorrectedTime(long step, string zone, int length, int boots)
    {
        var generator = new JournalExportGenerator { Seed = (int)(Math.Abs(step) % 9_973) + boots * 7 + zone.Length, Boots = boots, EntriesPerBoot = 150, StepMicroseconds = step, StepLength = length };
        string export = Path.Combine(_dir, "host.export");
        File.WriteAllBytes(export, generator.Generate());
        AssertTimeline(generator, export, zone);
    }

    [SystemdJournalTheory]
    [InlineData(9_300_000L, "America/Los_Angeles", 0, 1)]
    [InlineData(-3_600_000_000L, "Asia/Tokyo", 20, 3)]
    public void TheSteppedStretchOfAJournalFileIsAMonotonicSegment(long step, string zone, int length, int boots)
    {
        var generator = new JournalExportGenerator { Seed = 5 + boots, Boots = boots, EntriesPerBoot = 140, StepMicroseconds = step, StepLength = length };
        string export = Path.Combine(_dir, "in.export");
        File.WriteAllBytes(export, generator.Generate());
        string journal = Path.Combine(_dir, "system.journal");
        SystemdJournalTools.Write(export, journal, SystemdJournalTools.Variant.Default);
        File.Delete(export);
        AssertTimeline(generator, journal, zone);
    }

    [Fact]
    public void RebootsAloneGiveNoSegmentAndNoCorrection()
    {
        var generator = new JournalExportGenerator { Seed = 41, Boots = 4, EntriesPerBoot = 90 };
        string export = Path.Combine(_dir, "reboots.export");
        File.WriteAllBytes(export, generator.Generate());
        var timeline = HostTimeline.Read([export], Options("Europe/Paris"), new CollectingDiagnostics());
        Assert.Empty(timeline.Displacements);
        Assert.All(timeline.Events(), e => Assert.Equal(e.StampedTime, e.Time));
    }

    private static LogReadOptions Options(string zone)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        return new LogReadOptions { TimeZone = tz, LocalZone = tz };
    }

    private static void AssertTimeline(JournalExportGenerator generator, string path, string zone)
    {
        var truth = generator.WrittenStep!;
        long first = truth.EntryIndex + 1, last = truth.LastEntryIndex + 1;
        var diagnostics = new CollectingDiagnostics();
        var timeline = HostTimeline.Read([path], Options(zone), diagnostics);
        Assert.Empty(diagnostics.Errors);

        var run = Assert.Single(timeline.Displacements);
        Assert.True(run.Basis.HasFlag(OffsetBasis.Monotonic), $"basis {run.Basis}");
        Assert.Equal(truth.Microseconds, (long)Math.Round(run.OffsetSeconds * 1e6));
        Assert.Equal(first, run.FirstLine);
        Assert.Equal(last, run.EndLine);

        // Get-LogTimeline: every entry once; the stepped stretch in corrected time to the microsecond, the rest as stamped.
        var events = timeline.Events().Where(e => e.Path == path).ToList();
        Assert.Equal(generator.WrittenBoots.Sum(b => b.Entries), events.Count);
        foreach (var e in events)
        {
            bool stepped = e.LineNumber >= first && e.LineNumber <= last;
            long expected = e.StampedTime.UtcTicks - (stepped ? truth.Microseconds * 10 : 0);
            Assert.True(expected == e.Time.UtcTicks, $"line {e.LineNumber}: {e.Time:O} for stamp {e.StampedTime:O} (stepped {stepped})");
        }

        // Compare-LogTimeline: the journal cut into segments, the stepped stretch one displaced segment with Basis Monotonic.
        var segments = TimelineComparer.Compare(timeline, [], null, TimelineCompareOptions.Default, new CollectingDiagnostics()).Where(s => s.Path == path).ToList();
        var displaced = Assert.Single(segments, s => s.IsDisplaced);
        Assert.True(displaced.Basis.HasFlag(OffsetBasis.Monotonic), $"basis {displaced.Basis}");
        Assert.Equal(first, displaced.FirstLine);
        Assert.Equal(last, displaced.LastLine);
        Assert.Equal(truth.Microseconds, (long)Math.Round(displaced.OffsetSeconds * 1e6));
        Assert.Equal(events.Single(e => e.LineNumber == first).Time, displaced.Start);
        Assert.All(segments.Where(s => !s.IsDisplaced), s => Assert.True(s.LastLine < first || s.FirstLine > last, $"segment {s} overlaps the stepped stretch"));
    }
}
