using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reading.Journal;
using OpsLogTools.Core.Reading.Records;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading.Journal;

/// <summary>
/// A clock step between two files of one boot: journald rotates its file when the clock jumps back ("Time jumped
/// backwards, rotating."), so the archived file ends on the old clock and the next file of the same boot begins on the
/// new one; neither file steps inside itself. Fixtures: an export stream from <see cref="JournalExportGenerator"/>
/// (seeded; <see cref="JournalExportGenerator.WrittenStep"/> is the truth) cut at the step into an archived and a live
/// file, read as export streams and, where systemd-journal-remote is installed, as the journal files systemd writes.
/// </summary>
public sealed class JournalRotationStepTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("opslogtools-journalrotation-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(-3_600_000_000L, "Europe/Madrid", 2, 1)]
    [InlineData(-86_400_000_000L, "America/Chicago", 3, 2)]
    [InlineData(-45_000_000L, "Asia/Kathmandu", 1, 3)]
    public void AStepAtARotationIsFoundInTheNextFileOfTheBoot(long step, string zone, int boots, int seed)
    {
        var (generator, archived, live) = Split(step, boots, seed, "export");
        AssertFoundInNextFile(generator, archived, live, zone);
    }

    [SystemdJournalTheory]
    [InlineData(-3_600_000_000L, "Europe/Madrid", 2, 4)]
    [InlineData(-7_200_000_000L, "Pacific/Auckland", 1, 5)]
    public void AStepAtARotationIsFoundInTheNextJournalFile(long step, string zone, int boots, int seed)
    {
        var (generator, archivedExport, liveExport) = Split(step, boots, seed, "export");
        string archived = Path.Combine(_dir, "system@0001.journal"), live = Path.Combine(_dir, "system.journal");
        SystemdJournalTools.Write(archivedExport, archived, SystemdJournalTools.Variant.Default);
        SystemdJournalTools.Write(liveExport, live, SystemdJournalTools.Variant.Default);
        File.Delete(archivedExport);
        File.Delete(liveExport);
        AssertFoundInNextFile(generator, archived, live, zone);
    }

    /// <summary>The stream cut before the first entry of the stepped clock (journald's own line, which opens the new file).</summary>
    private (JournalExportGenerator, string Archived, string Live) Split(long step, int boots, int seed, string extension)
    {
        var generator = new JournalExportGenerator { Seed = seed, Boots = boots, EntriesPerBoot = 120, StepMicroseconds = step, WitnessesAtStep = true };
        byte[] stream = generator.Generate();
        long cut = -1;
        using (var source = new JournalExportFormat().OpenRecords(new MemoryStream(stream), RecordSourceContext.Quiet("x")))
        {
            while (source.TryRead(out var record))
            {
                if (record!.Ordinal == generator.WrittenStep!.EntryIndex + 1) { cut = record.Offset; break; }
            }
        }
        Assert.True(cut > 0);
        string archived = Path.Combine(_dir, $"system@0001.{extension}"), live = Path.Combine(_dir, $"system.{extension}");
        File.WriteAllBytes(archived, stream[..(int)cut]);
        File.WriteAllBytes(live, stream[(int)cut..]);
        return (generator, archived, live);
    }

    private static void AssertFoundInNextFile(JournalExportGenerator generator, string archived, string live, string zoneId)
    {
        var truth = generator.WrittenStep!;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var diagnostics = new CollectingDiagnostics();
        var entries = new LogReader(FormatRegistry.All).Read([archived, live], new LogReadOptions { TimeZone = zone, LocalZone = zone }, diagnostics).ToList();
        Assert.Empty(diagnostics.Errors);
        var scan = new AnomalyScan(new AnomalyOptions { Kinds = [AnomalyKind.DisplacedTimestamps] });
        foreach (var e in entries) scan.Add(e);
        var finding = Assert.Single(scan.Detect(), a => a.Kind == AnomalyKind.DisplacedTimestamps);
        Assert.True(finding.Basis.HasFlag(OffsetBasis.Monotonic), $"basis {finding.Basis}");
        Assert.Equal(truth.Microseconds, (long)Math.Round(finding.OffsetSeconds * 1e6));
        // The live file from its first entry (journald's "Time jumped backwards") to the boot's last entry in it.
        Assert.Equal(live, finding.Path);
        Assert.Equal(1, finding.FirstLine);
        Assert.Equal(truth.LastEntryIndex - truth.EntryIndex + 1, finding.EndLine);
        var first = entries.OfType<JournalEntry>().Single(e => e.Path == live && e.LineNumber == 1);
        Assert.Equal("Time jumped backwards, rotating.", first.Message);
        Assert.Equal(first.Timestamp.UtcTicks - truth.Microseconds * 10, finding.Start.UtcTicks);
        Assert.Contains(finding.Evidence, e => e.Contains("Time jumped backwards, rotating.", StringComparison.Ordinal));
    }
}
