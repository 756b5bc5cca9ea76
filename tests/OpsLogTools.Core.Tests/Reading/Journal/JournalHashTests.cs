using System.Buffers.Binary;
using System.Text;
using OpsLogTools.Core.Reading.Journal;
using OpsLogTools.Core.Reading.Records;
using Xunit;
using Variant = OpsLogTools.Core.Tests.Reading.Journal.SystemdJournalTools.Variant;

namespace OpsLogTools.Core.Tests.Reading.Journal;

/// <summary>
/// Data objects carry a hash of their payload (SipHash-2-4 keyed by the file id, or Jenkins lookup3 in files without
/// KEYED_HASH): every object read is checked, a payload changed after it was written is a warning naming the file and
/// the object's byte offset, and its entries are still read. Files written by systemd-journal-remote from the
/// project's export generator (JournalExportGenerator), altered here byte by byte.
/// </summary>
public sealed class JournalHashTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("opslogtools-journal-hash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TheHashesGiveTheirPublishedValues()
    {
        // SipHash-2-4's reference vectors (Aumasson and Bernstein, the paper's appendix): key 00..0f, message 00..(n-1).
        byte[] key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        byte[] message = Enumerable.Range(0, 15).Select(i => (byte)i).ToArray();
        Assert.Equal(0x726fdb47dd0e0e31UL, JournalHash.SipHash24([], key));
        Assert.Equal(0xa129ca6149be45e5UL, JournalHash.SipHash24(message, key));
        // lookup3 with both seeds 0: the empty key leaves the initial state, 0xdeadbeef in both halves.
        Assert.Equal(0xdeadbeefdeadbeefUL, JournalHash.Jenkins64([]));
    }

    [SystemdJournalTheory]
    [InlineData(Variant.Default)]
    [InlineData(Variant.NotKeyed)]
    [InlineData(Variant.Plain)]
    [InlineData(Variant.NotCompact)]
    public void EveryObjectSystemdWroteMatchesItsHash(Variant variant)
    {
        var (path, _) = Make(variant, 31 + (int)variant);
        var damage = new List<RecordDamage>();
        var read = JournalOracleTests.ReadNative(path, damage);
        Assert.NotEmpty(read);
        Assert.Empty(damage);
    }

    [SystemdJournalTheory]
    [InlineData(Variant.Uncompressed, 41)] // SipHash keyed by the file id
    [InlineData(Variant.Plain, 42)]        // Jenkins lookup3
    [InlineData(Variant.Plain, 43)]
    public void AFlippedPayloadByteIsAWarningAtItsObjectAndTheEntriesAreRead(Variant variant, int seed)
    {
        var (path, bytes) = Make(variant, seed);
        var good = JournalOracleTests.ReadNative(path, new List<RecordDamage>());
        int start = JournalObjectWalker.Compact(bytes) ? 72 : 64;
        // An uncompressed MESSAGE= object (whose value only this run's seed decides which): one byte of its value changes.
        var messages = JournalObjectWalker.Objects(bytes)
            .Where(o => o.Type == 1 && o.Flags == 0 && bytes.AsSpan((int)o.Offset + start).StartsWith("MESSAGE="u8) && o.Size - start > 20)
            .ToList();
        var victim = messages[new Random(seed).Next(messages.Count)];
        int at = (int)victim.Offset + start + "MESSAGE=".Length + 3;
        byte before = bytes[at];
        bytes[at] = before == (byte)'x' ? (byte)'y' : (byte)'x';
        string altered = Path.Combine(_dir, "altered.journal");
        File.WriteAllBytes(altered, bytes);

        var damage = new List<RecordDamage>();
        var read = JournalOracleTests.ReadNative(altered, damage);
        var d = Assert.Single(damage);
        Assert.False(d.Fatal);
        Assert.Equal(victim.Offset, d.Offset);
        Assert.StartsWith(altered + ": ", d.Message, StringComparison.Ordinal);
        Assert.Contains($"its data object at byte {victim.Offset:N0} does not match its hash", d.Message, StringComparison.Ordinal);
        Assert.Contains(variant == Variant.Plain ? "jenkins" : "siphash", d.Message, StringComparison.Ordinal);

        // Every entry is read, each field as it stands in the file: the altered message differs in that byte only.
        Assert.Equal(good.Count, read.Count);
        string original = Encoding.UTF8.GetString(bytes, (int)victim.Offset + start + "MESSAGE=".Length, (int)(victim.Size - start) - "MESSAGE=".Length);
        int changed = 0;
        for (int i = 0; i < good.Count; i++)
        {
            Assert.Equal(good[i].SequenceNumber, read[i].SequenceNumber);
            Assert.Equal(good[i].Fields.Count, read[i].Fields.Count);
            for (int f = 0; f < good[i].Fields.Count; f++)
            {
                if (good[i].Fields[f].Value.AsSpan().SequenceEqual(read[i].Fields[f].Value)) continue;
                changed++;
                Assert.Equal("MESSAGE", read[i].Fields[f].Name);
                Assert.Equal(original, Encoding.UTF8.GetString(read[i].Fields[f].Value));
                Assert.Equal(before, good[i].Fields[f].Value[3]);
            }
        }
        Assert.True(changed >= 1);
        // journalctl --verify finds the same object (the oracle; it prints offsets in hex).
        string verify = SystemdJournalTools.Verify(altered);
        Assert.Contains($"{victim.Offset:x}", verify, StringComparison.Ordinal);
        Assert.Contains("hash", verify, StringComparison.OrdinalIgnoreCase);
    }

    [SystemdJournalFact]
    public void AnAlteredHashIsFoundTooAndCompressedObjectsAreHashedDecompressed()
    {
        var (path, bytes) = Make(Variant.Default, 44);
        var good = JournalOracleTests.ReadNative(path, new List<RecordDamage>());
        // A zstd object (the hash is of its decompressed payload: it matched above, through the decompressor).
        var victim = JournalObjectWalker.Objects(bytes).First(o => o.Type == 1 && (o.Flags & 4) != 0);
        ulong hash = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)victim.Offset + 16));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((int)victim.Offset + 16), hash ^ 1);
        string altered = Path.Combine(_dir, "hash.journal");
        File.WriteAllBytes(altered, bytes);

        var damage = new List<RecordDamage>();
        var read = JournalOracleTests.ReadNative(altered, damage);
        var d = Assert.Single(damage);
        Assert.Equal(victim.Offset, d.Offset);
        Assert.Contains($"0x{hash ^ 1:x16}", d.Message, StringComparison.Ordinal);
        Assert.Equal(good.Count, read.Count);
        Assert.Equal(good.Sum(r => r.Fields.Count), read.Sum(r => r.Fields.Count));
    }

    private (string Path, byte[] Bytes) Make(Variant variant, int seed)
    {
        var generator = new JournalExportGenerator { Seed = seed, Boots = 2, EntriesPerBoot = 60 };
        string export = Path.Combine(_dir, $"in-{seed}.export");
        File.WriteAllBytes(export, generator.Generate());
        string journal = Path.Combine(_dir, $"good-{seed}-{variant}.journal");
        SystemdJournalTools.Write(export, journal, variant);
        return (journal, File.ReadAllBytes(journal));
    }
}
