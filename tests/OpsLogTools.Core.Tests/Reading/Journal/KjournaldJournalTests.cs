using System.Formats.Tar;
using System.IO.Compression;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reading.Journal;
using OpsLogTools.Core.Reading.Records;
using OpsLogTools.Core.Tests.RealData;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading.Journal;

/// <summary>
/// A real journal directory: kjournald/autotests/journal.tar.gz (KDE's test data, CC0; a Raspberry Pi 4, 2021-03-13,
/// systemd 24x: xz-compressed objects, 240-byte headers, two files left ONLINE and one <c>.journal~</c>, system and
/// user journals of three boots). What its entries are comes from KDE's own autotests over it
/// (viewmodel/test_viewmodel.cpp: the first two entries of boot 68f2e61d…, the cursors of each boot's first entry)
/// and from journalctl itself where it is installed.
/// </summary>
public sealed class KjournaldJournalTests : IDisposable
{
    private const string FirstBoot = "68f2e61d061247d8a8ba0b8d53a97a52";
    private const string SecondBoot = "27acae2fe35a40ac93f9c7732c0b8e59";

    private readonly string _dir = Directory.CreateTempSubdirectory("opslogtools-kjournald-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Extract()
    {
        using (var gz = new GZipStream(File.OpenRead(RealDataFolder.Combine("kjournald", "autotests", "journal.tar.gz")), CompressionMode.Decompress))
            TarFile.ExtractToDirectory(gz, _dir, overwriteFiles: true);
        return Path.Combine(_dir, "journal");
    }

    /// <summary>What KDE's autotests assert of this journal, read natively through Get-LogEntry's engine.</summary>
    [RealDataFact]
    public void TheAutotestsExpectationsHold()
    {
        string journal = Extract();
        var reader = new LogReader(FormatRegistry.All);
        var diagnostics = new CollectingDiagnostics();
        var entries = reader.Read([journal], new LogReadOptions { TimeZone = TimeZoneInfo.Utc }, diagnostics).Cast<JournalEntry>().ToList();
        Assert.Empty(diagnostics.Errors);
        Assert.Empty(diagnostics.Warnings);
        Assert.Equal(11, reader.Files.Count);
        Assert.All(reader.Files, f => Assert.Equal(LogFormat.Journal, f.Format.Format));
        Assert.Equal(2202, entries.Count); // journalctl -D journal -o export | grep -c __CURSOR

        // test_viewmodel.cpp rowAccess: "journalctl -b -2 -D . -o json | head -n2", in kjournald's view, which hides the
        // kernel transport by default (the uvcvideo line between the two is _TRANSPORT=kernel).
        var first = entries.Where(e => e.BootId == FirstBoot && !Equals(e.Fields.GetValueOrDefault("_TRANSPORT"), "kernel")).Take(2).ToList();
        Assert.Equal(TimeSpan.FromTicks(4178254 * 10), first[1].MonotonicTime);
        Assert.Equal(new DateTimeOffset(2021, 3, 13, 15, 23, 1, 464, TimeSpan.Zero), Truncate(first[0].Timestamp));
        Assert.Equal(TimeSpan.FromTicks(4050458 * 10), first[0].MonotonicTime);
        Assert.Equal("System clock time unset or jumped backwards, restoring from recorded timestamp: Sat 2021-03-13 15:23:01 UTC", first[0].Message);
        Assert.Equal("systemd-timesyncd.service", first[0].Unit);
        Assert.Equal(6, first[0].Priority);
        Assert.Equal("/lib/systemd/systemd-timesyncd", first[0].Fields["_EXE"]);
        Assert.Equal(new DateTimeOffset(2021, 3, 13, 15, 23, 1, 592, TimeSpan.Zero), Truncate(first[1].Timestamp));
        Assert.Equal("klogd started: BusyBox v1.31.1 ()", first[1].Message);
        Assert.Equal("busybox-klogd.service", first[1].Unit);
        Assert.Equal(5, first[1].Priority);

        // test_viewmodel.cpp: the head cursors of the first two boots (s= seqnum id, i= seqnum, m= monotonic, t= realtime).
        AssertCursor(entries.First(e => e.BootId == FirstBoot), "c485fef5d17c4272a4a539c4e4708f9e", 0x191, 0x3dce1a, 0x5bd6c979f361b);
        AssertCursor(entries.First(e => e.BootId == SecondBoot), "df3342d6d57b442da21c78027d3991f8", 0x191, 0x3e2dc9, 0x5bd6cc97083b1);
        // ... and the tail cursor of the first boot: "the first message [from the end] without driver or kernel TRANSPORT".
        AssertCursor(entries.Last(e => e.BootId == FirstBoot && e.Fields.GetValueOrDefault("_TRANSPORT") is not ("kernel" or "driver")), "c485fef5d17c4272a4a539c4e4708f9e", 0x52b, 0x312c5fa4, 0x5bd6cc9746a62);
        Assert.Equal(3, entries.Select(e => e.BootId).Distinct().Count());
    }

    /// <summary>Every file, entry for entry and field for field, against journalctl --file=F -o export.</summary>
    [SystemdJournalFact]
    public void EveryFileMatchesJournalctl()
    {
        if (RealDataFolder.Path is null) return; // the systemd tools are here, the real data is not
        string journal = Extract();
        int files = 0;
        foreach (string file in Directory.EnumerateFiles(journal, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".journal") || f.EndsWith(".journal~")))
        {
            var damage = new List<RecordDamage>();
            var native = JournalOracleTests.ReadNative(file, damage);
            Assert.Empty(damage);
            var oracle = OracleExport.Parse(File.ReadAllBytes(SystemdJournalTools.Export(file, Path.Combine(_dir, $"f{files}.export"))));
            JournalOracleTests.AssertSame(oracle, native);
            files++;
        }
        Assert.Equal(11, files);
    }

    /// <summary>The whole directory merged: the same entries in the same order as journalctl -D.</summary>
    [SystemdJournalFact]
    public void TheDirectoryMergesAsJournalctlMergesIt()
    {
        if (RealDataFolder.Path is null) return;
        string journal = Extract();
        var oracle = OracleExport.Parse(File.ReadAllBytes(SystemdJournalTools.Export(journal, Path.Combine(_dir, "all.export"), directory: true)));
        var entries = new LogReader(FormatRegistry.All).Read([journal], new LogReadOptions { TimeZone = TimeZoneInfo.Utc }, new CollectingDiagnostics())
            .Cast<JournalEntry>().ToList();
        Assert.Equal(oracle.Count, entries.Count);
        for (int i = 0; i < oracle.Count; i++)
        {
            Assert.Equal((oracle[i].SeqnumId, oracle[i].Seqnum, oracle[i].BootId, oracle[i].Realtime),
                (entries[i].SequenceNumberId, entries[i].SequenceNumber, entries[i].BootId, long.Parse(entries[i].StampText)));
        }
    }

    private static void AssertCursor(JournalEntry e, string seqnumId, long seqnum, long monotonic, long realtime)
    {
        Assert.Equal(seqnumId, e.SequenceNumberId);
        Assert.Equal(seqnum, e.SequenceNumber);
        Assert.Equal(TimeSpan.FromTicks(monotonic * 10), e.MonotonicTime);
        Assert.Equal(realtime.ToString(), e.StampText);
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}
