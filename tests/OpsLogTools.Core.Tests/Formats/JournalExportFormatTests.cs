using System.Buffers.Binary;
using System.Text;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reading.Journal;
using OpsLogTools.Core.Reading.Records;
using OpsLogTools.Core.Tests.RealData;
using Xunit;

namespace OpsLogTools.Core.Tests.Formats;

/// <summary>
/// journalctl's export format read without systemd: hand-written streams after systemd's
/// docs/JOURNAL_EXPORT_FORMATS.md (text fields, a binary field: name, newline, 64-bit little-endian length, bytes,
/// newline), damage in them, and the two real examples in kjournald's autotests.
/// </summary>
public class JournalExportFormatTests
{
    private static byte[] Stream(params object[] parts)
    {
        var ms = new MemoryStream();
        foreach (var part in parts)
        {
            if (part is string text) ms.Write(Encoding.UTF8.GetBytes(text));
            else if (part is byte[] raw) ms.Write(raw);
            else if (part is (string name, byte[] value))
            {
                ms.Write(Encoding.ASCII.GetBytes(name + "\n"));
                var size = new byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(size, (ulong)value.Length);
                ms.Write(size);
                ms.Write(value);
                ms.WriteByte((byte)'\n');
            }
        }
        return ms.ToArray();
    }

    private static List<JournalRecord> Read(byte[] bytes, List<RecordDamage> damage)
    {
        using var reader = new JournalExportReader(new MemoryStream(bytes), new RecordSourceContext("/x/journal.export", damage.Add));
        var records = new List<JournalRecord>();
        while (reader.TryRead(out var r)) records.Add((JournalRecord)r!);
        return records;
    }

    [Fact]
    public void TextAndBinaryFieldsWithTheirHeader()
    {
        var bytes = Stream(
            "__CURSOR=s=abc;i=1f;b=89ab;m=10;t=20;x=30\n__REALTIME_TIMESTAMP=1658232603000001\n__MONOTONIC_TIMESTAMP=16\n_BOOT_ID=89ab\nMESSAGE=hi\n",
            ("BLOB", new byte[] { 0, 1, 2, (byte)'\n', 0xFF }), "TAG=a\nTAG=b\n\n",
            "\n__REALTIME_TIMESTAMP=1658232604000000\n__SEQNUM=7\n__SEQNUM_ID=def\nMESSAGE=second\n");
        var damage = new List<RecordDamage>();
        var records = Read(bytes, damage);
        Assert.Empty(damage);
        Assert.Equal(2, records.Count);
        var r = records[0];
        Assert.Equal((1658232603000001L, 16L, "89ab", 0x1fL, "abc", 1L, 0L), (r.Realtime, r.Monotonic, r.BootId, r.SequenceNumber, r.SequenceNumberId, r.Ordinal, r.Offset));
        Assert.Equal(["_BOOT_ID", "MESSAGE", "BLOB", "TAG", "TAG"], r.Fields.Select(f => f.Name));
        Assert.Equal(new byte[] { 0, 1, 2, (byte)'\n', 0xFF }, r.Fields[2].Value);
        Assert.Equal((7L, "def", 2L), (records[1].SequenceNumber, records[1].SequenceNumberId, records[1].Ordinal));
        Assert.Equal((byte)'_', bytes[records[1].Offset]);

        var entry = (JournalEntry)JournalEntryBuilder.Build(r, new ParserContext("/x", FormatTestKit.SeedNightClock()), LogFormat.JournalExport, r.Offset)!;
        Assert.Equal(new byte[] { 0, 1, 2, (byte)'\n', 0xFF }, Assert.IsType<byte[]>(entry.Fields["BLOB"]));
        Assert.Equal(new object[] { "a", "b" }, Assert.IsType<object[]>(entry.Fields["TAG"]));
        Assert.Equal("hi", entry.Message);
    }

    [Fact]
    public void ABinaryLengthPastTheEndCostsThatEntryAndIsSaid()
    {
        var bytes = Stream("__REALTIME_TIMESTAMP=1\nMESSAGE=one\n\n", "__REALTIME_TIMESTAMP=2\nBAD\n", new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0 }, "x\n\n",
            "__REALTIME_TIMESTAMP=3\nMESSAGE=three\n\n");
        var damage = new List<RecordDamage>();
        var records = Read(bytes, damage);
        var d = Assert.Single(damage);
        Assert.StartsWith("/x/journal.export: entry 2 at byte 36: the binary field BAD has no length", d.Message, StringComparison.Ordinal);
        Assert.Equal([1L, 3L], records.Select(r => r.Realtime));
        Assert.Equal([1L, 3L], records.Select(r => r.Ordinal));
    }

    [Fact]
    public void DetectedByItsFirstField()
    {
        var format = new JournalExportFormat();
        Assert.True(format.ProbeHead("__CURSOR=s=0123;i=1"u8));
        Assert.True(format.ProbeHead("\n__REALTIME_TIMESTAMP=1"u8));
        Assert.False(format.ProbeHead("{\"__CURSOR\":\"s=1\"}"u8));
        Assert.False(format.ProbeHead("Jul 19 21:10:03 web1 sshd[1]: __CURSOR="u8));
        Assert.Equal(0, format.Probe("__CURSOR=s=0123;i=1"u8)); // a record format never claims a text line
    }

    /// <summary>kjournald/autotests/journalexportformat_*.export (CC0): journalctl -o export output of a real host.</summary>
    [RealDataFact]
    public void KjournaldExamplesRead()
    {
        var reader = new LogReader(FormatRegistry.All);
        var diagnostics = new CollectingDiagnostics();
        var binary = RealDataFolder.Combine("kjournald", "autotests", "journalexportformat_binary_example.export");
        var text = RealDataFolder.Combine("kjournald", "autotests", "journalexportformat_example.export");
        var entries = reader.Read([binary, text], new LogReadOptions { TimeZone = TimeZoneInfo.Utc }, diagnostics).Cast<JournalEntry>().ToList();
        Assert.Empty(diagnostics.Warnings);
        Assert.All(reader.Files, f => Assert.Equal(LogFormat.JournalExport, f.Format.Format));
        var b = entries.Where(e => e.Path == binary).ToList();
        Assert.Single(b);
        Assert.Equal("750d24b817364f5ebc286c0b32df2ad0", b[0].BootId);
        Assert.Equal(0x1799, b[0].SequenceNumber);
        Assert.Equal("4801b45403ee41f9bfc72b56ef154ecf", b[0].SequenceNumberId);
        Assert.Equal(TimeSpan.FromTicks(44243800086L * 10), b[0].MonotonicTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1627721964791).AddTicks(3530), b[0].Timestamp);
        Assert.Equal("unconfined\n", b[0].Fields["_SELINUX_CONTEXT"]); // written as binary: it holds a newline
        Assert.Equal("user@1000.service", b[0].Unit);
        Assert.Equal("behemoth", b[0].HostName);
        Assert.Equal(2, entries.Count(e => e.Path == text)); // two entries, a blank line after each
    }
}
