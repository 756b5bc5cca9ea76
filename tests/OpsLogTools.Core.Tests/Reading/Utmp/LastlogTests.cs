using System.Buffers.Binary;
using System.Text;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reading.Utmp;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading.Utmp;

/// <summary>
/// <c>lastlog</c> read as shadow's <c>lastlog</c> prints it. The fixtures are written here slot by slot in the layout of
/// glibc's <c>lastlog.h</c> (x86_64: int32 ll_time, ll_line[32], ll_host[256]; 292 bytes a uid), sparse as login
/// leaves them (the slots of uids that never logged in are holes). Times, uids, lines and hosts vary with the seed.
/// </summary>
public class LastlogTests
{
    private const int Size = LastlogLayout.RecordSize;

    private sealed record Slot(long Uid, DateTimeOffset Time, string Line, string Host);

    private static List<Slot> Slots(int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2019 + random.Next(6), 1 + random.Next(12), 1 + random.Next(28), 0, 0, 0, TimeSpan.Zero);
        var uids = new SortedSet<long> { 0, 1000 + random.Next(3) };
        while (uids.Count < 4 + random.Next(4)) uids.Add(1000 + random.Next(2000));
        if (random.Next(2) == 0) uids.Add(65534);
        return uids.Select(uid => new Slot(uid, start.AddSeconds(random.Next(86_400 * 300)),
            random.Next(3) == 0 ? "tty" + (1 + random.Next(6)) : "pts/" + random.Next(12),
            random.Next(4) == 0 ? "" : random.Next(2) == 0 ? $"203.0.113.{1 + random.Next(250)}" : $"client{random.Next(99)}.example.net"))
            .ToList();
    }

    private static byte[] SlotBytes(Slot s)
    {
        var b = new byte[Size];
        BinaryPrimitives.WriteInt32LittleEndian(b, (int)s.Time.ToUnixTimeSeconds());
        Encoding.ASCII.GetBytes(s.Line).CopyTo(b, 4);
        Encoding.ASCII.GetBytes(s.Host).CopyTo(b, 36);
        return b;
    }

    /// <summary>Writes the slots at uid × 292, leaving holes between them (a sparse file, as login's lseek+write does).</summary>
    private static void Write(string path, IEnumerable<Slot> slots, int extraBytes = 0)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        foreach (var s in slots)
        {
            file.Position = s.Uid * Size;
            file.Write(SlotBytes(s));
        }
        if (extraBytes > 0) file.Write(new byte[extraBytes].Select((_, i) => (byte)('a' + i % 26)).ToArray());
    }

    private static (List<LoginRecordEntry> Entries, CollectingDiagnostics Diagnostics, LogReader Reader) Read(string path)
    {
        var reader = new LogReader(FormatRegistry.All);
        var diagnostics = new CollectingDiagnostics();
        var entries = reader.Read([path], new LogReadOptions { TimeZone = TimeZoneInfo.Utc }, diagnostics).Cast<LoginRecordEntry>().ToList();
        return (entries, diagnostics, reader);
    }

    [Theory]
    [InlineData(1, "lastlog")]
    [InlineData(2, "lastlog")]
    [InlineData(3, "lastlog.1")]
    [InlineData(4, "lastlog-20240101")]
    public void EveryUsedSlotIsALastLoginWithItsUidTimeLineAndHost(int seed, string name)
    {
        var dir = Directory.CreateTempSubdirectory("lastlog-");
        try
        {
            var slots = Slots(seed);
            if (seed % 2 == 0) slots.RemoveAt(0); // root never logged in: the file starts with a zero slot
            string path = Path.Combine(dir.FullName, name);
            Write(path, slots);
            // The directory is read, so the file is found by detection, not named with -Format.
            var (entries, diagnostics, reader) = Read(dir.FullName);
            Assert.Empty(diagnostics.Warnings);
            Assert.Equal(LogFormat.Lastlog, Assert.Single(reader.Files).Format.Format);
            Assert.Equal(slots.Count, entries.Count);
            foreach (var (slot, entry) in slots.Zip(entries))
            {
                Assert.Equal(slot.Uid, entry.UserId);
                Assert.Equal(slot.Time, entry.Timestamp);
                Assert.Equal(slot.Line, entry.Line);
                Assert.Equal(slot.Host, entry.Host);
                Assert.Equal(slot.Host.StartsWith("203.", StringComparison.Ordinal) ? slot.Host : null, entry.Address);
                Assert.Equal("LastLogin", entry.Kind);
                Assert.Equal(LogFormat.Lastlog, entry.Format);
                Assert.Equal(slot.Uid * Size, entry.Offset);
                Assert.Equal(slot.Uid + 1, entry.LineNumber);
                Assert.StartsWith($"uid {slot.Uid} last logged in", entry.Message);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void AUidNearTwoToTheThirtySecondIsReachedThroughTheHoles()
    {
        // nfsnobody/nobody as 4294967294 on some hosts: a 1.25 TB sparse file on paper, one block on disk.
        var dir = Directory.CreateTempSubdirectory("lastlog-");
        try
        {
            string path = Path.Combine(dir.FullName, "lastlog");
            var slots = new List<Slot>
            {
                new(1000, new DateTimeOffset(2024, 7, 14, 21, 3, 9, TimeSpan.Zero), "pts/0", "198.51.100.7"),
                new(4_294_967_294, new DateTimeOffset(2024, 7, 15, 2, 59, 1, TimeSpan.Zero), "pts/1", "evil.example"),
            };
            Write(path, slots);
            if (UnixNative.SeekData(new FileStream(path, FileMode.Open, FileAccess.Read).SafeFileHandle, 2 * 292_000) is not { } data || data < 1_000_000_000)
                return; // this file system cannot tell holes: the bound is the next test's
            var (entries, diagnostics, _) = Read(path);
            Assert.Empty(diagnostics.Warnings);
            Assert.Equal(slots.Select(s => s.Uid), entries.Select(e => e.UserId!.Value));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void AStreamWhoseHolesCannotBeSkippedIsReadToTheBoundAndTheRestNamed()
    {
        // A far slot behind a stream that is not a file: only the bound is read (1 MiB here, MaxScanBytes in use), and a
        // warning says where it stopped.
        const long bound = 1 << 20;
        var bytes = new MemoryStream();
        bytes.Position = 3 * Size;
        bytes.Write(SlotBytes(new Slot(3, new DateTimeOffset(2024, 7, 14, 21, 3, 9, TimeSpan.Zero), "pts/0", "")));
        bytes.Position = (bound / Size + 400) * Size;
        bytes.Write(SlotBytes(new Slot(bound / Size + 400, new DateTimeOffset(2024, 7, 15, 2, 59, 1, TimeSpan.Zero), "pts/1", "")));
        bytes.SetLength(bound + 1000L * Size);
        bytes.Position = 0;
        var damage = new List<OpsLogTools.Core.Reading.Records.RecordDamage>();
        using var source = new LastlogRecordSource(bytes, new OpsLogTools.Core.Reading.Records.RecordSourceContext("lastlog", damage.Add), bound);
        var read = new List<LastlogRecord>();
        while (source.TryRead(out var record)) read.Add((LastlogRecord)record!);
        Assert.Equal(3, Assert.Single(read).UserId);
        var warning = Assert.Single(damage);
        Assert.Contains("cannot be skipped", warning.Message);
        Assert.True(warning.Offset >= bound && warning.Offset < bound + 65_536);
    }

    [Fact]
    public void GarbageSlotAndTruncatedEndAreWarningsNamingTheOffsetAndTheRestIsRead()
    {
        var dir = Directory.CreateTempSubdirectory("lastlog-");
        try
        {
            string path = Path.Combine(dir.FullName, "lastlog");
            var slots = Slots(7);
            Write(path, slots, extraBytes: 100);
            // A slot of text where uid 1 would be: no record (no NUL padding).
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
            {
                file.Position = Size;
                file.Write(Encoding.ASCII.GetBytes(new string('x', Size)));
            }
            var (entries, diagnostics, _) = Read(path);
            Assert.Equal(slots.Select(s => s.Uid), entries.Select(e => e.UserId!.Value));
            Assert.Equal(2, diagnostics.Warnings.Count);
            Assert.Contains(diagnostics.Warnings, w => w.Message.Contains($"offset {Size} ") && w.Message.Contains("no lastlog record") && w.Message.Contains(path));
            long cut = (slots[^1].Uid + 1) * Size;
            Assert.Contains(diagnostics.Warnings, w => w.Message.Contains($"byte offset {cut} ") && w.Message.Contains("truncated"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void WithoutItsNameAFileIsLastlogOnlyWhenItsFirstSlotIsARecord()
    {
        var dir = Directory.CreateTempSubdirectory("lastlog-");
        try
        {
            var slots = Slots(5);
            Write(Path.Combine(dir.FullName, "logins.bin"), slots); // root's slot first: claimed by its bytes
            Write(Path.Combine(dir.FullName, "zeros.bin"), slots.Skip(1)); // a zero first slot and no name: not claimed
            var reader = new LogReader(FormatRegistry.All);
            var diagnostics = new CollectingDiagnostics();
            var entries = reader.Read([dir.FullName], new LogReadOptions { TimeZone = TimeZoneInfo.Utc }, diagnostics).ToList();
            Assert.Equal(LogFormat.Lastlog, reader.Files.Single(f => f.Path.EndsWith("logins.bin", StringComparison.Ordinal)).Format.Format);
            Assert.DoesNotContain(reader.Files, f => f.Path.EndsWith("zeros.bin", StringComparison.Ordinal) && f.Format.Format == LogFormat.Lastlog);
            Assert.Equal(slots.Count, entries.OfType<LoginRecordEntry>().Count());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("lastlog", true)]
    [InlineData("lastlog.1", true)]
    [InlineData("lastlog-20240101", true)]
    [InlineData("lastlog2.db", false)]
    [InlineData("lastlog.bak", false)]
    [InlineData("lastlogin", false)]
    public void TheWellKnownNamesAreClaimed(string name, bool claimed) => Assert.Equal(claimed, LastlogFormat.IsLastlogName(name));

    [Fact]
    public void TextIsNeverALastlog()
    {
        // A long first line with no control character: plausible bytes, but no NUL in ll_line.
        byte[] text = Encoding.ASCII.GetBytes(new string('A', 3000));
        Assert.False(new LastlogFormat().ProbeHead(text));
        Assert.False(new LastlogFormat().ProbeFile("messages", text));
    }
}
