using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.RealData;

/// <summary>
/// plaso's utmp test files (realdata/plaso/test_data/utmp, Apache-2.0) against the expectations in plaso's
/// tests/parsers/utmp.py. Where this reader differs from plaso it is on purpose: zeroed slots and a truncated last
/// record are damage warnings here (plaso makes events of zeroed slots and ends silently at a short tail), and the
/// 400-byte 64-bit-time layout (aarch64 without time compatibility, s390x big-endian) is not read.
/// </summary>
public class PlasoUtmpTests
{
    private static (List<LoginRecordEntry> Entries, CollectingDiagnostics Diagnostics, LogReader Reader) Read(string name)
    {
        var reader = new LogReader(FormatRegistry.All);
        var diagnostics = new CollectingDiagnostics();
        var path = RealDataFolder.Combine("plaso", "test_data", "utmp", name);
        var entries = reader.Read([path], new LogReadOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid") }, diagnostics)
            .Cast<LoginRecordEntry>().ToList();
        return (entries, diagnostics, reader);
    }

    [RealDataFact]
    public void UtmpHasFourteenRecordsAndTheThirdIsTty4sGetty()
    {
        var (entries, diagnostics, reader) = Read("utmp");
        Assert.Equal(LogFormat.Utmp, Assert.Single(reader.Files).Format.Format);
        Assert.Empty(diagnostics.Warnings);
        Assert.Equal(14, entries.Count); // plaso: 14 event data, no warnings
        var e = entries[2]; // plaso's event 2
        Assert.Equal("LoginProcess", e.Kind); // login_type 6
        Assert.Equal(1115, e.ProcessId);
        Assert.Equal("4", e.TerminalId); // terminal_identifier 52 = '4'
        Assert.Equal("tty4", e.Line);
        Assert.Equal("LOGIN", e.User);
        Assert.Null(e.Address); // plaso: 0.0.0.0
        Assert.Equal("", e.Host); // plaso shows an empty host as "localhost"
        Assert.Equal(0, e.ExitStatus);
        Assert.Equal(DateTimeOffset.Parse("2013-12-13T14:45:09+00:00", System.Globalization.CultureInfo.InvariantCulture), e.Timestamp);
        Assert.Equal(TimeSpan.FromHours(1), e.Timestamp.Offset); // absolute UTC, shown in the host zone (Madrid, winter)
        Assert.Equal("system boot (kernel 3.8.0-33-generic)", entries[0].Message);
    }

    [RealDataFact]
    public void WtmpFirstLoginMatchesPlasoAndTheZeroedTailIsDamage()
    {
        var (entries, diagnostics, reader) = Read("wtmp.1");
        var e = entries[0]; // plaso's event 0
        Assert.Equal("UserProcess", e.Kind);
        Assert.Equal(20060, e.ProcessId);
        Assert.Equal("s/12", e.TerminalId); // terminal_identifier 842084211 = "s/12" little-endian
        Assert.Equal("pts/32", e.Line);
        Assert.Equal("userA", e.User);
        Assert.Equal("10.10.122.1", e.Host);
        Assert.Equal("10.10.122.1", e.Address);
        Assert.Equal(0, e.ExitStatus);
        Assert.Equal(new DateTimeOffset(2011, 12, 1, 17, 36, 38, TimeSpan.Zero).AddTicks(4329350), e.Timestamp);
        Assert.Equal("userA logged in on pts/32 from 10.10.122.1", e.Message);
        Assert.Equal("DeadProcess", entries[1].Kind);
        // plaso counts 4 events: the two zeroed slots at 768 and 1152 are warnings here, and so is the 1-byte tail.
        Assert.Equal(2, entries.Count);
        Assert.Collection(diagnostics.Warnings,
            w => Assert.Contains("zeroed login record at byte offset 768 ", w.Message),
            w => Assert.Contains("zeroed login record at byte offset 1152 ", w.Message),
            w => Assert.Contains("at byte offset 1536 (0x600) is truncated (1 of 384 bytes)", w.Message));
        Assert.Equal(3, reader.Reports.Single().Malformed);
    }

    [RealDataFact]
    public void X8664FileHasTheClockChangeOfFiveMinutes()
    {
        var (entries, diagnostics, _) = Read("utmp_x86_64");
        Assert.Empty(diagnostics.Warnings);
        Assert.Equal(6, entries.Count); // plaso: 6
        var dead = entries[1];
        Assert.Equal(384, dead.Offset);
        Assert.Equal("DeadProcess", dead.Kind); // login_type 8
        Assert.Equal(19, dead.ProcessId);
        Assert.Equal("tty2", dead.Line);
        Assert.Equal("t2", dead.TerminalId); // 12916 = "t2"
        Assert.Equal("4.3.2.1", dead.Address);
        Assert.Equal(new DateTimeOffset(2026, 7, 3, 14, 58, 29, TimeSpan.Zero), dead.Timestamp);
        Assert.Equal(["Empty", "DeadProcess", "BootTime", "RunLevel", "OldTime", "NewTime"], entries.Select(x => x.Kind));
        Assert.Equal(300, entries[5].StepSeconds); // OLD_TIME 14:58:29, NEW_TIME 15:03:29
        Assert.Null(entries[4].StepSeconds);
    }

    [RealDataFact]
    public void CorruptedFileKeepsBothGoodRecordsAndNamesEachBadOffset()
    {
        var (entries, diagnostics, _) = Read("utmp_corrupted");
        Assert.Equal(2, entries.Count); // plaso: 2 events, warnings at 0x180 and 0x300
        Assert.Equal("alice", entries[0].User);
        var bob = entries[1];
        Assert.Equal(1152, bob.Offset);
        Assert.Equal(3003, bob.ProcessId);
        Assert.Equal("pts/0", bob.Line);
        Assert.Equal("UserProcess", bob.Kind);
        Assert.Equal("10.0.0.5", bob.Address);
        Assert.Equal(new DateTimeOffset(2023, 11, 14, 22, 46, 40, TimeSpan.Zero), bob.Timestamp);
        Assert.Collection(diagnostics.Warnings,
            w => Assert.Contains("offset 384 (0x180) are no login record", w.Message),
            w => Assert.Contains("offset 768 (0x300) are no login record", w.Message),
            w => Assert.Contains("offset 1536 (0x600) is truncated (50 of 384 bytes)", w.Message)); // plaso: silent end
    }

    [RealDataTheory]
    [InlineData("utmp_aarch64")]
    [InlineData("utmp_s390")]
    public void FourHundredByteLayoutsAreNotMistakenForX8664Records(string name)
    {
        var (entries, _, reader) = Read(name);
        Assert.Empty(entries);
        Assert.DoesNotContain(reader.Files, f => f.Format.Format == LogFormat.Utmp);
    }
}
