using System.Text;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reading.Journal;
using OpsLogTools.Core.Reading.Records;
using Xunit;
using Variant = OpsLogTools.Core.Tests.Reading.Journal.SystemdJournalTools.Variant;

namespace OpsLogTools.Core.Tests.Reading.Journal;

/// <summary>
/// The native reader against systemd itself: export streams from <see cref="JournalExportGenerator"/> (seeded), written
/// into journal files by systemd-journal-remote in each layout systemd 252 writes, read back natively and compared
/// entry by entry, field by field, with <c>journalctl --file=F -o export</c>.
/// </summary>
public sealed class JournalOracleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("opslogtools-journal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<Variant, int, int> Cases()
    {
        var data = new TheoryData<Variant, int, int>();
        foreach (var variant in Enum.GetValues<Variant>())
        {
            data.Add(variant, 1, 1);   // a night inside one boot
            data.Add(variant, 2, 2);   // a reboot
            data.Add(variant, 3, 5);   // several boots
        }
        return data;
    }

    [SystemdJournalTheory]
    [MemberData(nameof(Cases))]
    public void EveryEntryMatchesJournalctl(Variant variant, int seed, int boots)
    {
        var generator = new JournalExportGenerator { Seed = seed * 7919 + (int)variant, Boots = boots, EntriesPerBoot = 150, StepMicroseconds = boots == 1 ? -3_600_000_000 : 0 };
        string journal = Make(generator, variant);

        string header = SystemdJournalTools.Header(journal);
        string flags = header.Split('\n').Single(l => l.StartsWith("Incompatible flags:", StringComparison.Ordinal));
        Assert.Equal(variant is Variant.Default or Variant.NotCompact or Variant.NotKeyed, flags.Contains("COMPRESSED-ZSTD", StringComparison.Ordinal));
        Assert.Equal(variant is Variant.Default or Variant.Uncompressed or Variant.NotKeyed, flags.Contains("COMPACT", StringComparison.Ordinal));
        Assert.Equal(variant is Variant.Default or Variant.Uncompressed or Variant.NotCompact, flags.Contains("KEYED-HASH", StringComparison.Ordinal));

        var oracle = OracleExport.Parse(File.ReadAllBytes(SystemdJournalTools.Export(journal, journal + ".export")));
        var damage = new List<RecordDamage>();
        var native = ReadNative(journal, damage);
        Assert.Empty(damage);
        AssertSame(oracle, native);
        Assert.Equal(boots * 150, native.Count);
    }

    [SystemdJournalFact]
    public void BigMessagesAreCompressedObjectsAndReadWhole()
    {
        var generator = new JournalExportGenerator { Seed = 42, EntriesPerBoot = 300 };
        string journal = Make(generator, Variant.Default);
        // journalctl counts no compressed objects, but the file is far smaller than its messages: zstd was used.
        var native = ReadNative(journal, new List<RecordDamage>());
        var big = native.Where(r => r.Fields.Any(f => f.Name == "MESSAGE" && f.Value.Length > 2000)).ToList();
        Assert.NotEmpty(big);
        Assert.True(CountCompressedObjects(journal) > 0, "no compressed data object in the default variant");
        AssertSame(OracleExport.Parse(File.ReadAllBytes(SystemdJournalTools.Export(journal, journal + ".export"))), native);
    }

    /// <summary>The same entries from the binary file, journalctl's export of it, and journalctl's json of it.</summary>
    [SystemdJournalFact]
    public void BinaryExportAndJsonGiveTheSameJournalEntries()
    {
        var generator = new JournalExportGenerator { Seed = 5, Boots = 2, EntriesPerBoot = 120 };
        string journal = Make(generator, Variant.Default);
        string export = SystemdJournalTools.Export(journal, Path.Combine(_dir, "out.export"));
        string json = SystemdJournalTools.Export(journal, Path.Combine(_dir, "out.json"), "json");
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        var fromBinary = ReadBundle(journal, zone, out var formatB);
        var fromExport = ReadBundle(export, zone, out var formatE);
        var fromJson = ReadBundle(json, zone, out var formatJ);
        Assert.Equal(LogFormat.Journal, formatB);
        Assert.Equal(LogFormat.JournalExport, formatE);
        Assert.Equal(LogFormat.JournalJson, formatJ);
        Assert.Equal(240, fromBinary.Count);
        Assert.Equal(fromBinary.Count, fromExport.Count);
        Assert.Equal(fromBinary.Count, fromJson.Count);
        for (int i = 0; i < fromBinary.Count; i++)
        {
            AssertSameEntry(fromBinary[i], fromExport[i]);
            AssertSameEntry(fromBinary[i], fromJson[i]);
            Assert.Equal(i + 1, fromBinary[i].LineNumber);
            Assert.Equal(i + 1, fromJson[i].LineNumber);
            Assert.NotNull(fromBinary[i].Offset);
            Assert.Equal(zone.GetUtcOffset(fromBinary[i].Timestamp), fromBinary[i].Timestamp.Offset);
        }
    }

    internal static void AssertSameEntry(JournalEntry expected, JournalEntry actual)
    {
        Assert.Equal(expected.Timestamp, actual.Timestamp);
        Assert.Equal(expected.Timestamp.Offset, actual.Timestamp.Offset);
        Assert.Equal(expected.StampText, actual.StampText);
        Assert.Equal(expected.MonotonicTime, actual.MonotonicTime);
        Assert.Equal(expected.BootId, actual.BootId);
        Assert.Equal(expected.SequenceNumber, actual.SequenceNumber);
        Assert.Equal(expected.SequenceNumberId, actual.SequenceNumberId);
        Assert.Equal(expected.HostName, actual.HostName);
        Assert.Equal(expected.Program, actual.Program);
        Assert.Equal(expected.ProcessId, actual.ProcessId);
        Assert.Equal(expected.Priority, actual.Priority);
        Assert.Equal(expected.Level, actual.Level);
        Assert.Equal(expected.Unit, actual.Unit);
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal(expected.Fields.Keys.Order(StringComparer.Ordinal), actual.Fields.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, value) in expected.Fields)
        {
            Assert.Equal(Show(value), Show(actual.Fields[name]));
        }
    }

    private static string Show(object value) => value switch
    {
        byte[] b => "bytes:" + Convert.ToHexString(b),
        object[] several => "[" + string.Join(",", several.Select(Show)) + "]",
        _ => "text:" + value,
    };

    internal static void AssertSame(List<OracleEntry> oracle, List<JournalRecord> native)
    {
        Assert.Equal(oracle.Count, native.Count);
        for (int i = 0; i < oracle.Count; i++)
        {
            var o = oracle[i];
            var n = native[i];
            Assert.Equal(o.Realtime, n.Realtime);
            Assert.Equal(o.Monotonic, n.Monotonic);
            Assert.Equal(o.BootId, n.BootId);
            Assert.Equal(o.Seqnum, n.SequenceNumber);
            Assert.Equal(o.SeqnumId, n.SequenceNumberId);
            var expected = o.Fields.Where(f => f.Name != "_BOOT_ID").Select(f => f.Name + "=" + Convert.ToHexString(f.Value)).ToList();
            var actual = n.Fields.Where(f => f.Name != "_BOOT_ID").Select(f => f.Name + "=" + Convert.ToHexString(f.Value)).ToList();
            Assert.Equal(expected, actual);
        }
    }

    internal static List<JournalRecord> ReadNative(string journal, List<RecordDamage> damage)
    {
        using var stream = File.OpenRead(journal);
        using var reader = new JournalFileReader(stream, new RecordSourceContext(journal, damage.Add));
        var records = new List<JournalRecord>();
        while (reader.TryRead(out var record)) records.Add((JournalRecord)record!);
        return records;
    }

    internal static List<JournalEntry> ReadBundle(string path, TimeZoneInfo zone, out LogFormat format)
    {
        var reader = new LogReader(FormatRegistry.All);
        var diagnostics = new CollectingDiagnostics();
        var entries = reader.Read([path], new LogReadOptions { TimeZone = zone, LocalZone = zone }, diagnostics).Cast<JournalEntry>().ToList();
        Assert.Empty(diagnostics.Warnings);
        Assert.Empty(diagnostics.Errors);
        format = reader.Files.Single().Format.Format;
        return entries;
    }

    /// <summary>Data objects with a compression flag, found by walking every object of the file.</summary>
    internal static int CountCompressedObjects(string journal) =>
        JournalObjectWalker.Objects(File.ReadAllBytes(journal)).Count(o => o.Type == 1 && (o.Flags & 7) != 0);

    private string Make(JournalExportGenerator generator, Variant variant)
    {
        string export = Path.Combine(_dir, $"in-{generator.Seed}-{variant}.export");
        File.WriteAllBytes(export, generator.Generate());
        string journal = Path.Combine(_dir, $"out-{generator.Seed}-{variant}.journal");
        SystemdJournalTools.Write(export, journal, variant);
        return journal;
    }
}
