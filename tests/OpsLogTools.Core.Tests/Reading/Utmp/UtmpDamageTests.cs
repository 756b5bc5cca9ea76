using System.Buffers.Binary;
using System.Text;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading.Utmp;

/// <summary>
/// Damage to login records (what log wipers leave: zeroed slots, records removed so time runs backwards, a cut
/// file) reported as warnings naming the file and byte offset and counted, never dropped silently. The files are
/// generated histories (<see cref="UtmpOracleTests.History"/>) made binary by <c>utmpdump -r</c>, then damaged.
/// </summary>
public class UtmpDamageTests
{
    private const int Size = 384;

    private static (string Path, byte[] Bytes, List<UtmpDumpTool.Line> Lines) Make(DirectoryInfo dir, int seed, string name = "wtmp")
    {
        var (lines, _) = UtmpOracleTests.History(seed);
        string path = Path.Combine(dir.FullName, name);
        UtmpDumpTool.Undump(string.Join("\n", lines.Select(UtmpDumpTool.Format)) + "\n", path);
        return (path, File.ReadAllBytes(path), lines);
    }

    private static (List<LoginRecordEntry> Entries, CollectingDiagnostics Diagnostics, LogReader Reader) Read(string path)
    {
        var reader = new LogReader(FormatRegistry.All);
        var diagnostics = new CollectingDiagnostics();
        var entries = reader.Read([path], new LogReadOptions { TimeZone = TimeZoneInfo.Utc }, diagnostics).Cast<LoginRecordEntry>().ToList();
        return (entries, diagnostics, reader);
    }

    /// <summary>The index of a UserProcess record in the second half, before which no clock change lies.</summary>
    private static int LoginAfterClockChange(List<UtmpDumpTool.Line> lines) =>
        lines.FindIndex(lines.FindIndex(l => l.Type == 3), l => l.Type == 7);

    [UtmpDumpTheory]
    [InlineData(3, false)]
    [InlineData(11, true)]
    public void ZeroedRecordInTheMiddleIsAWarningNamingTheOffset(int seed, bool emptyTypeOnly)
    {
        var dir = Directory.CreateTempSubdirectory("utmp-damage-");
        try
        {
            var (path, bytes, lines) = Make(dir, seed);
            int k = lines.Count / 2;
            if (emptyTypeOnly)
            {
                // Type EMPTY and no time, the rest left: what a wiper that only clears type and time leaves.
                bytes.AsSpan(k * Size, 4).Clear();
                bytes.AsSpan(k * Size + 340, 8).Clear();
            }
            else
            {
                bytes.AsSpan(k * Size, Size).Clear();
            }
            File.WriteAllBytes(path, bytes);
            var (entries, diagnostics, reader) = Read(path);
            Assert.Equal(lines.Count - 1, entries.Count);
            Assert.DoesNotContain(entries, e => e.Offset == k * Size);
            var warning = Assert.Single(diagnostics.Warnings);
            Assert.Contains(path, warning.Message);
            Assert.Contains($"byte offset {k * Size} ", warning.Message);
            Assert.Contains("zeroed", warning.Message);
            Assert.Equal(1, reader.Reports.Single().Malformed);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [UtmpDumpFact]
    public void TruncatedLastRecordIsAWarning()
    {
        var dir = Directory.CreateTempSubdirectory("utmp-damage-");
        try
        {
            var (path, bytes, lines) = Make(dir, 5);
            File.WriteAllBytes(path, bytes[..^100]);
            var (entries, diagnostics, _) = Read(path);
            Assert.Equal(lines.Count - 1, entries.Count);
            var warning = Assert.Single(diagnostics.Warnings);
            Assert.Contains($"byte offset {(lines.Count - 1) * Size} ", warning.Message);
            Assert.Contains("truncated (284 of 384 bytes)", warning.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [UtmpDumpTheory]
    [InlineData(8)]
    [InlineData(21)]
    public void TimeGoingBackwardsInWtmpIsAWarningAndTheRecordIsKept(int seed)
    {
        var dir = Directory.CreateTempSubdirectory("utmp-damage-");
        try
        {
            var (path, bytes, lines) = Make(dir, seed);
            // Swap the login after the clock change with the record after it: the later record now comes first.
            int k = LoginAfterClockChange(lines);
            var first = bytes.AsSpan(k * Size, Size).ToArray();
            bytes.AsSpan((k + 1) * Size, Size).CopyTo(bytes.AsSpan(k * Size));
            first.CopyTo(bytes.AsSpan((k + 1) * Size));
            File.WriteAllBytes(path, bytes);
            var (entries, diagnostics, _) = Read(path);
            Assert.Equal(lines.Count, entries.Count);
            var warning = Assert.Single(diagnostics.Warnings);
            Assert.Contains($"byte offset {(k + 1) * Size} ", warning.Message);
            Assert.Contains("goes back in time", warning.Message);

            // The same bytes named utmp (slots reused, no time order): no warning.
            string utmp = Path.Combine(dir.FullName, "utmp");
            File.WriteAllBytes(utmp, bytes);
            var (again, quiet, _) = Read(utmp);
            Assert.Equal(lines.Count, again.Count);
            Assert.Empty(quiet.Warnings);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [UtmpDumpFact]
    public void ExitStatusAndSessionAreRead()
    {
        var dir = Directory.CreateTempSubdirectory("utmp-damage-");
        try
        {
            // utmpdump's text has no exit or session field: they are written into the binary here.
            var (path, bytes, lines) = Make(dir, 13);
            int k = lines.FindIndex(l => l.Type == 8);
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(k * Size + 332), 15);
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(k * Size + 334), 255);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(k * Size + 336), 4242);
            File.WriteAllBytes(path, bytes);
            var (entries, diagnostics, _) = Read(path);
            Assert.Empty(diagnostics.Warnings);
            var dead = entries[k];
            Assert.Equal("DeadProcess", dead.Kind);
            Assert.Equal(15, dead.TerminationStatus);
            Assert.Equal(255, dead.ExitStatus);
            Assert.Equal(4242, dead.Session);
            Assert.Equal($"session on {lines[k].Terminal} ended", dead.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("Dec  3 09:15:18 web1 sshd[123]: Accepted password for root from 10.0.0.1 port 22 ssh2\n")]
    [InlineData("\u0001\0\0\0 not a record but starts with type 1\n")]
    [InlineData("")]
    public void TextIsNeverLoginRecords(string line)
    {
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, 400)));
        Assert.False(new UtmpFormat().ProbeHead(text.AsSpan(0, Math.Min(text.Length, new UtmpFormat().HeadBytes))));
        Assert.False(new UtmpFormat().ProbeHead(new byte[4 * Size])); // all zero: nothing to claim
    }
}
