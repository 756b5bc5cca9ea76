using System.Buffers.Binary;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reading.Journal;
using OpsLogTools.Core.Reading.Records;
using Xunit;
using Codec = OpsLogTools.Core.Tests.Reading.Journal.JournalObjectWalker.Codec;
using Variant = OpsLogTools.Core.Tests.Reading.Journal.SystemdJournalTools.Variant;

namespace OpsLogTools.Core.Tests.Reading.Journal;

/// <summary>
/// Layouts systemd 252 does not write itself, made from files it did write: data objects re-compressed with xz and
/// lz4 (as older systemd wrote them), every header size from 208 to 272, files left ONLINE, and a header flag from the
/// future. Where journalctl reads the changed file, it is the oracle; else the original file's entries are.
/// </summary>
public sealed class JournalLayoutTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("opslogtools-journal-layout-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<Codec, Variant> Codecs() => new()
    {
        { Codec.Lz4, Variant.Uncompressed },
        { Codec.Lz4, Variant.Plain },
        { Codec.Xz, Variant.Uncompressed },
        { Codec.Xz, Variant.Plain },
    };

    [SystemdJournalTheory]
    [MemberData(nameof(Codecs))]
    public void RecompressedObjectsReadTheSame(Codec codec, Variant variant)
    {
        if (codec == Codec.Xz && !JournalObjectWalker.XzToolPresent) return; // xz-utils is part of every Debian base system
        string original = Make(11 + (int)codec, variant);
        var bytes = File.ReadAllBytes(original);
        int changed = JournalObjectWalker.Recompress(bytes, codec);
        Assert.True(changed > 5, $"only {changed} objects re-compressed");
        string recompressed = Path.Combine(_dir, $"re-{codec}-{variant}.journal");
        File.WriteAllBytes(recompressed, bytes);
        Assert.Contains(codec == Codec.Lz4 ? "COMPRESSED-LZ4" : "COMPRESSED-XZ", SystemdJournalTools.Header(recompressed), StringComparison.Ordinal);

        var expected = JournalOracleTests.ReadNative(original, new List<RecordDamage>());
        var damage = new List<RecordDamage>();
        var actual = JournalOracleTests.ReadNative(recompressed, damage);
        Assert.Empty(damage);
        // journalctl reads the re-compressed file too, and says the same.
        var oracle = OracleExport.Parse(File.ReadAllBytes(SystemdJournalTools.Export(recompressed, recompressed + ".export")));
        JournalOracleTests.AssertSame(oracle, actual);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Fields.Select(f => f.Name + "=" + Convert.ToHexString(f.Value)), actual[i].Fields.Select(f => f.Name + "=" + Convert.ToHexString(f.Value)));
        }
    }

    [SystemdJournalTheory]
    [InlineData(208)]
    [InlineData(216)]
    [InlineData(224)]
    [InlineData(232)]
    [InlineData(240)]
    [InlineData(248)]
    [InlineData(256)]
    [InlineData(264)]
    [InlineData(272)]
    public void EveryHeaderSizeReads(int size)
    {
        string original = Make(size, Variant.NotCompact);
        var bytes = File.ReadAllBytes(original);
        long was = JournalObjectWalker.HeaderSize(bytes);
        Assert.Equal(264, was); // systemd 252
        // A header of another systemd: its own size, the arena shifted to begin after it (so size + arena = the file).
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(88), (ulong)size);
        long arena = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(96));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(96), (ulong)(arena + was - size));
        if (size < 264) bytes.AsSpan(size, (int)(was - size)).Clear(); // fields a smaller header does not have
        string patched = Path.Combine(_dir, $"h{size}.journal");
        File.WriteAllBytes(patched, bytes);

        var damage = new List<RecordDamage>();
        var actual = JournalOracleTests.ReadNative(patched, damage);
        Assert.Empty(damage);
        var expected = JournalOracleTests.ReadNative(original, new List<RecordDamage>());
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Select(r => (r.SequenceNumber, r.Realtime, r.Fields.Count)), actual.Select(r => (r.SequenceNumber, r.Realtime, r.Fields.Count)));
    }

    [SystemdJournalFact]
    public void AnOnlineFileReadsLikeAnOfflineOne()
    {
        string original = Make(3, Variant.Default);
        var bytes = File.ReadAllBytes(original);
        bytes[16] = 1; // STATE_ONLINE: left open by a crash
        string online = Path.Combine(_dir, "system@0-0-0.journal~");
        File.WriteAllBytes(online, bytes);
        Assert.Contains("State: ONLINE", SystemdJournalTools.Header(online), StringComparison.Ordinal);
        var damage = new List<RecordDamage>();
        JournalOracleTests.AssertSame(OracleExport.Parse(File.ReadAllBytes(SystemdJournalTools.Export(online, online + ".export"))), JournalOracleTests.ReadNative(online, damage));
        Assert.Empty(damage);
    }

    [SystemdJournalFact]
    public void AnUnknownIncompatibleFlagIsAClearErrorNamingTheFile()
    {
        string original = Make(4, Variant.Default);
        var bytes = File.ReadAllBytes(original);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), flags | 1u << 7);
        string future = Path.Combine(_dir, "future.journal");
        File.WriteAllBytes(future, bytes);

        var diagnostics = new CollectingDiagnostics();
        var entries = new LogReader(FormatRegistry.All).Read([future], new LogReadOptions { TimeZone = TimeZoneInfo.Utc }, diagnostics).ToList();
        Assert.Empty(entries);
        var error = Assert.Single(diagnostics.Errors);
        Assert.Equal(future, error.Path);
        Assert.Equal(ErrorIds.FileUnreadable, error.ErrorId);
        Assert.Contains("incompatible flag(s) 0x80", error.Message, StringComparison.Ordinal);
        Assert.StartsWith(future, error.Message, StringComparison.Ordinal);
    }

    private string Make(int seed, Variant variant)
    {
        var generator = new JournalExportGenerator { Seed = seed, Boots = 2, EntriesPerBoot = 80 };
        string export = Path.Combine(_dir, $"in-{seed}-{variant}.export");
        File.WriteAllBytes(export, generator.Generate());
        string journal = Path.Combine(_dir, $"out-{seed}-{variant}.journal");
        SystemdJournalTools.Write(export, journal, variant);
        return journal;
    }
}
