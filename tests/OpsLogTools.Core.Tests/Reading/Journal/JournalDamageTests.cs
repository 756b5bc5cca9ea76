using System.Buffers.Binary;
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
/// Damaged journal files, made by cutting or overwriting files systemd-journal-remote wrote: every damage is a warning
/// naming the file and the byte offset, every entry that can still be reached is read, and nothing throws.
/// </summary>
public sealed class JournalDamageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("opslogtools-journal-damage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SystemdJournalTheory]
    [InlineData(Variant.Default, 0.9)]
    [InlineData(Variant.Default, 0.6)]
    [InlineData(Variant.Plain, 0.75)]
    [InlineData(Variant.NotCompact, 0.5)]
    public void ATruncatedFileKeepsWhatCanBeReached(Variant variant, double keep)
    {
        var (path, bytes, good) = Make(variant, 21);
        var objects = JournalObjectWalker.Objects(bytes).ToList();
        long end = objects[^1].Offset + objects[^1].Size;
        // The hash tables come first (megabytes, preallocated); the cut falls among the entries' objects after them.
        long start = objects.First(o => o.Type is 1 or 3 or 6).Offset;
        int cut = (int)(start + (end - start) * keep);
        string cutPath = Write("cut.journal", bytes[..cut]);

        var damage = new List<RecordDamage>();
        var read = JournalOracleTests.ReadNative(cutPath, damage);
        Assert.NotEmpty(damage);
        Assert.All(damage, d => Assert.StartsWith(cutPath + ": ", d.Message, StringComparison.Ordinal));
        Assert.All(damage, d => Assert.Contains($"byte {d.Offset:N0}", d.Message, StringComparison.Ordinal));
        // Every entry read is one of the file's, whole (or short of the fields the cut took), in order.
        var bySeqnum = good.ToDictionary(r => r.SequenceNumber);
        long last = 0;
        foreach (var r in read)
        {
            var original = bySeqnum[r.SequenceNumber];
            Assert.True(r.SequenceNumber > last);
            last = r.SequenceNumber;
            Assert.Equal(original.Realtime, r.Realtime);
            Assert.Subset(original.Fields.Select(Show).ToHashSet(), r.Fields.Select(Show).ToHashSet());
        }
        // What lies wholly before the cut and is reachable is read: at least the entries whose objects all end before it.
        Assert.NotEmpty(read);
    }

    [SystemdJournalFact]
    public void ABadOffsetInTheEntryArrayCostsThatEntryOnly()
    {
        var (_, bytes, good) = Make(Variant.Plain, 22);
        long array = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(176));
        long itemAt = array + 24 + 8 * 2; // the third entry of the first (non-compact) array
        long victim = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)itemAt));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((int)itemAt), (ulong)(victim + 3)); // off the 8-byte grid
        string path = Write("bad-offset.journal", bytes);

        var damage = new List<RecordDamage>();
        var read = JournalOracleTests.ReadNative(path, damage);
        var d = Assert.Single(damage);
        Assert.Equal(victim + 3, d.Offset);
        Assert.Contains($"entry 3 at byte {victim + 3:N0} is not 8-byte aligned", d.Message, StringComparison.Ordinal);
        Assert.Equal(good.Count - 1, read.Count);
        Assert.Equal(good.Where((_, i) => i != 2).Select(r => r.SequenceNumber), read.Select(r => r.SequenceNumber));
    }

    [SystemdJournalFact]
    public void ABadObjectCostsItsEntryOrItsField()
    {
        var (_, bytes, good) = Make(Variant.Default, 23);
        var objects = JournalObjectWalker.Objects(bytes).ToList();
        var fieldDamage = (byte[])bytes.Clone();
        var entry = objects.Where(o => o.Type == 3).Skip(4).First();
        bytes[entry.Offset] = 42; // not an entry any more
        string path = Write("bad-entry.journal", bytes);
        var damage = new List<RecordDamage>();
        var read = JournalOracleTests.ReadNative(path, damage);
        var d = Assert.Single(damage);
        Assert.Equal(entry.Offset, d.Offset);
        Assert.Contains($"entry 5 at byte {entry.Offset:N0} is not a Entry object (type 42); skipped", d.Message, StringComparison.Ordinal);
        Assert.Equal(good.Count - 1, read.Count);
        Assert.DoesNotContain(read, r => r.Offset == entry.Offset);

        // A compressed data object whose zstd frame is garbage from its fourth byte on: the entries naming it lose that field.
        var data = objects.First(o => o.Type == 1 && (o.Flags & 4) != 0);
        int start = JournalObjectWalker.Compact(fieldDamage) ? 72 : 64;
        fieldDamage.AsSpan((int)data.Offset + start + 4, 16).Fill(0xEE);
        path = Write("bad-data.journal", fieldDamage);
        damage.Clear();
        read = JournalOracleTests.ReadNative(path, damage);
        Assert.NotEmpty(damage);
        Assert.All(damage, x => Assert.Equal(data.Offset, x.Offset));
        Assert.All(damage, x => Assert.Contains($"its data object at byte {data.Offset:N0}", x.Message, StringComparison.Ordinal));
        Assert.All(damage, x => Assert.EndsWith("that field is left out", x.Message, StringComparison.Ordinal));
        Assert.Equal(good.Count, read.Count);
        Assert.Equal(good.Sum(r => r.Fields.Count) - damage.Count, read.Sum(r => r.Fields.Count));
    }

    [SystemdJournalFact]
    public void AnEntryArrayLinkingBackStopsTheWalkWithAWarning()
    {
        var (_, bytes, good) = Make(Variant.Plain, 24);
        var arrays = JournalObjectWalker.Objects(bytes).Where(o => o.Type == 6).OrderBy(o => o.Offset).ToList();
        Assert.True(arrays.Count >= 3);
        // The chain goes root → second → third...; make the second link back to the root.
        long root = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(176));
        long second = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)root + 16));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((int)second + 16), (ulong)root);
        string path = Write("loop.journal", bytes);

        var damage = new List<RecordDamage>();
        var read = JournalOracleTests.ReadNative(path, damage);
        var d = Assert.Single(damage);
        Assert.True(d.Fatal);
        Assert.Contains("links back", d.Message, StringComparison.Ordinal);
        int reachable = (int)((JournalObjectWalker.Objects(bytes).Single(o => o.Offset == root).Size - 24) / 8
            + (JournalObjectWalker.Objects(bytes).Single(o => o.Offset == second).Size - 24) / 8);
        Assert.Equal(Math.Min(reachable, good.Count), read.Count);
        Assert.Equal(good.Take(read.Count).Select(r => r.SequenceNumber), read.Select(r => r.SequenceNumber));
    }

    [SystemdJournalFact]
    public void AnLz4SizeOverTheLimitIsRefused()
    {
        var (_, bytes, good) = Make(Variant.Uncompressed, 25);
        Assert.True(JournalObjectWalker.Recompress(bytes, JournalObjectWalker.Codec.Lz4) > 0);
        int start = JournalObjectWalker.Compact(bytes) ? 72 : 64;
        var bomb = JournalObjectWalker.Objects(bytes).First(o => o.Type == 1 && o.Flags == 2);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((int)bomb.Offset + start), 1UL << 40); // "decompresses to 1 TiB"
        string path = Write("bomb.journal", bytes);

        var damage = new List<RecordDamage>();
        var read = JournalOracleTests.ReadNative(path, damage);
        Assert.Contains(damage, d => d.Offset == bomb.Offset && d.Message.Contains("over the 67,108,864-byte limit", StringComparison.Ordinal));
        Assert.Equal(good.Count, read.Count); // the entries keep their other fields
    }

    /// <summary>Through the bundle reader: warnings name the file, the report counts the damage, the rest is read.</summary>
    [SystemdJournalFact]
    public void TheBundleReaderWarnsAndReadsOn()
    {
        var (_, bytes, good) = Make(Variant.Default, 26);
        var entry = JournalObjectWalker.Objects(bytes).Where(o => o.Type == 3).Skip(10).First();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((int)entry.Offset + 8), 1UL << 50); // size past the file
        string path = Write("system@damaged.journal~", bytes);
        string text = Write("messages", "Jul 19 21:10:03 web1 sshd[1]: hello\n"u8.ToArray());

        var reader = new LogReader(FormatRegistry.All);
        var diagnostics = new CollectingDiagnostics();
        var entries = reader.Read([_dir], new LogReadOptions { TimeZone = TimeZoneInfo.Utc, ReferenceDate = new DateTimeOffset(2022, 7, 20, 0, 0, 0, TimeSpan.Zero) }, diagnostics).ToList();
        Assert.Equal(good.Count - 1, entries.OfType<JournalEntry>().Count());
        Assert.Single(entries, e => e.Path == text);
        var warning = Assert.Single(diagnostics.Warnings, w => w.Path == path);
        Assert.Equal(11, warning.Line);
        Assert.Contains($"entry 11 at byte {entry.Offset:N0}", warning.Message, StringComparison.Ordinal);
        Assert.Contains("past the end of the file", warning.Message, StringComparison.Ordinal);
        var report = reader.Reports.Single(r => r.Path == path);
        Assert.Equal(1, report.Malformed);
        Assert.Equal(good.Count - 1, report.Parsed);
    }

    private (string Path, byte[] Bytes, List<JournalRecord> Good) Make(Variant variant, int seed)
    {
        var generator = new JournalExportGenerator { Seed = seed, Boots = 2, EntriesPerBoot = 100 };
        string export = Path.Combine(_dir, $"in-{seed}.export");
        File.WriteAllBytes(export, generator.Generate());
        string journal = Path.Combine(_dir, $"good-{seed}.journal");
        SystemdJournalTools.Write(export, journal, variant);
        File.Delete(export);
        var good = JournalOracleTests.ReadNative(journal, new List<RecordDamage>());
        var bytes = File.ReadAllBytes(journal);
        File.Delete(journal);
        return (journal, bytes, good);
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Show(JournalField f) => f.Name + "=" + Convert.ToHexString(f.Value);
}
