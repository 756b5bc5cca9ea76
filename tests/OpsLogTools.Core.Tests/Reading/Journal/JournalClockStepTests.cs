using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading.Journal;

/// <summary>
/// A clock step inside one boot, found from the journal's own two clocks (realtime − monotonic) with Basis Monotonic.
/// Fixtures: export streams from <see cref="JournalExportGenerator"/> (seeded; its <see cref="JournalExportGenerator.WrittenStep"/>
/// is the truth), read directly and, where systemd-journal-remote is installed, as the journal files systemd writes from them.
/// </summary>
public sealed class JournalClockStepTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("opslogtools-journalstep-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Step sizes of the issue (−1 h, +9.3 s, −108 days), zones (by -TimeZone, or the host's zone), steps that return or not.</summary>
    public static TheoryData<long, string, bool, int, int> Cases()
    {
        var data = new TheoryData<long, string, bool, int, int>();
        long[] steps = [-3_600_000_000, 9_300_000, -108L * 86_400_000_000];
        string[] zones = ["UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"];
        int seed = 1;
        foreach (long step in steps)
        {
            foreach (string zone in zones)
            {
                data.Add(step, zone, seed % 2 == 0, seed % 4 < 2 ? 0 : 17 + seed, seed % 3 + 1);
                seed++;
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void StepInsideOneBootIsFoundExactlyInAnExportStream(long step, string zone, bool hostZone, int length, int boots)
    {
        var generator = new JournalExportGenerator { Seed = (int)(step % 100_003) + zone.Length * 31 + boots, Boots = boots, EntriesPerBoot = 160, StepMicroseconds = step, StepLength = length };
        string export = Path.Combine(_dir, "host.export");
        File.WriteAllBytes(export, generator.Generate());
        AssertFoundExactly(generator, export, zone, hostZone);
    }

    [SystemdJournalTheory]
    [InlineData(-3_600_000_000L, "Europe/Berlin", false, 0, 1)]
    [InlineData(9_300_000L, "America/Los_Angeles", true, 30, 3)]
    [InlineData(-108L * 86_400_000_000, "Asia/Tokyo", false, 25, 2)]
    public void StepInsideOneBootIsFoundExactlyInAJournalFile(long step, string zone, bool hostZone, int length, int boots)
    {
        var generator = new JournalExportGenerator { Seed = 77 + boots, Boots = boots, EntriesPerBoot = 140, StepMicroseconds = step, StepLength = length };
        string export = Path.Combine(_dir, "in.export");
        File.WriteAllBytes(export, generator.Generate());
        string journal = Path.Combine(_dir, "system.journal");
        SystemdJournalTools.Write(export, journal, SystemdJournalTools.Variant.Default);
        AssertFoundExactly(generator, journal, zone, hostZone);
    }

    [Fact]
    public void JournaldAndChronydAtTheStepAreTheEvidence()
    {
        var generator = new JournalExportGenerator { Seed = 11, EntriesPerBoot = 150, StepMicroseconds = -3_600_000_000, StepLength = 20, WitnessesAtStep = true };
        string export = Path.Combine(_dir, "witnessed.export");
        File.WriteAllBytes(export, generator.Generate());
        var finding = AssertFoundExactly(generator, export, "UTC", hostZone: false);
        Assert.True(finding.Basis.HasFlag(OffsetBasis.ClockWitness));
        Assert.Contains(finding.Evidence, e => e.Contains("Time jumped backwards, rotating.", StringComparison.Ordinal));
        Assert.Contains(finding.Evidence, e => e.Contains("System clock was stepped by 3600", StringComparison.Ordinal));
        Assert.Contains(finding.ClockEvents, c => c.Source == "systemd-journald" && c.LineNumber == generator.WrittenStep!.EntryIndex + 1);
    }

    /// <summary>timesyncd synchronising the clock forward at the step: the stretch before it, from the boot's first entry, was
    /// the wrong clock (a host without an RTC booting on its saved time), off by minus the step.</summary>
    [Theory]
    [InlineData(9_300_000L, 1, "Europe/Lisbon")]
    [InlineData(3_600_000_000L, 3, "Pacific/Chatham")]
    public void ASynchronisationAtTheStepMakesTheClockBeforeItTheWrongOne(long step, int boots, string zoneId)
    {
        var generator = new JournalExportGenerator { Seed = 23 + boots, Boots = boots, EntriesPerBoot = 130, StepMicroseconds = step, WitnessesAtStep = true };
        string export = Path.Combine(_dir, "synced.export");
        File.WriteAllBytes(export, generator.Generate());
        var entries = JournalOracleTests.ReadBundle(export, TimeZoneInfo.FindSystemTimeZoneById(zoneId), out _);
        var truth = generator.WrittenStep!;
        long bootFirst = entries.First(e => e.BootId == truth.BootId).LineNumber;
        var finding = Assert.Single(Displaced(entries));
        Assert.True(finding.Basis.HasFlag(OffsetBasis.Monotonic));
        Assert.Equal(-truth.Microseconds, (long)Math.Round(finding.OffsetSeconds * 1e6));
        Assert.Equal(bootFirst, finding.FirstLine);
        Assert.Equal(truth.EntryIndex, finding.LastLine);
        Assert.Contains(finding.Evidence, e => e.Contains("Initial clock synchronization to time server", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(8, 5)]
    public void ARebootWithANewBootIdIsNoStep(int seed, int boots)
    {
        var generator = new JournalExportGenerator { Seed = seed, Boots = boots, EntriesPerBoot = 120 };
        string export = Path.Combine(_dir, "reboots.export");
        File.WriteAllBytes(export, generator.Generate());
        var entries = JournalOracleTests.ReadBundle(export, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"), out _);
        Assert.Equal(boots, entries.Select(e => e.BootId).Distinct().Count());
        Assert.Empty(Displaced(entries));
    }

    private static LogAnomaly AssertFoundExactly(JournalExportGenerator generator, string path, string zoneId, bool hostZone)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var entries = hostZone ? ReadInHostZone(path, zone) : JournalOracleTests.ReadBundle(path, zone, out _);
        Assert.All(entries, e => Assert.Equal(zone.GetUtcOffset(e.Timestamp), e.Timestamp.Offset));
        var truth = generator.WrittenStep!;
        var finding = Assert.Single(Displaced(entries));
        Assert.True(finding.Basis.HasFlag(OffsetBasis.Monotonic), $"basis {finding.Basis}");
        Assert.Equal(truth.Microseconds, (long)Math.Round(finding.OffsetSeconds * 1e6));
        Assert.Equal(AnomalyCause.Clock, finding.Cause);
        Assert.Equal(path, finding.Path);
        Assert.Equal(path, finding.EndPath);
        Assert.Equal(truth.EntryIndex + 1, finding.FirstLine);
        Assert.Equal(truth.LastEntryIndex + 1, finding.EndLine);
        Assert.Equal(truth.LastEntryIndex - truth.EntryIndex + 1, finding.LineCount);
        var first = entries.Single(e => e.LineNumber == finding.FirstLine);
        Assert.Equal(truth.BootId, first.BootId);
        Assert.Equal(first.Timestamp, finding.StampedStart);
        // True time is the stamp less the step, to the microsecond.
        Assert.Equal(first.Timestamp.UtcTicks - truth.Microseconds * 10, finding.Start.UtcTicks);
        return finding;
    }

    private static List<JournalEntry> ReadInHostZone(string path, TimeZoneInfo zone)
    {
        var reader = new LogReader(OpsLogTools.Core.Formats.FormatRegistry.All);
        var diagnostics = new CollectingDiagnostics();
        var entries = reader.Read([path], new LogReadOptions { LocalZone = zone }, diagnostics).Cast<JournalEntry>().ToList();
        Assert.Empty(diagnostics.Errors);
        return entries;
    }

    private static List<LogAnomaly> Displaced(List<JournalEntry> entries)
    {
        var scan = new AnomalyScan(new AnomalyOptions { Kinds = [AnomalyKind.DisplacedTimestamps] });
        foreach (var e in entries) scan.Add(e);
        return scan.Detect().Where(a => a.Kind == AnomalyKind.DisplacedTimestamps).ToList();
    }
}
