using System.Formats.Tar;
using System.IO.Compression;
using OpsLogTools.Core.Model;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.RealData;

/// <summary>
/// kjournald/autotests/journal.tar.gz is the persistent journal of a real Raspberry Pi 4 (KDE's test data, 2021-03-13,
/// systemd 24x): three boots, a KDE session of user kde, journald restarted twice, one clean reboot and one boot that no
/// shutdown precedes. The engine reads it as an admin would hand it over: <c>journalctl -o json</c> and
/// <c>journalctl -o short-iso</c>.
/// </summary>
/// <remarks>
/// What the raw lines show (journalctl --list-boots, and the lines around each boot read by hand):
/// <list type="bullet">
/// <item>15:23:01 the first boot's banner begins the journal: nothing before it to explain.</item>
/// <item>15:35:26 and 15:36:49 journald is stopped and started again within the second ("Journal stopped", "Stopped Journal
/// Service.", "Started Journal Service."): restarts, not a shutdown.</item>
/// <item>15:36:56 the reboot: "Stopping Session 1 of user kde." and after it every unit, sddm aborting (SIGABRT, "Failed with
/// result 'signal'") while it is being stopped, "Reached target Shutdown.", "Reached target Final Step.", "Started Reboot.",
/// "Reached target Reboot.". The Pi has no RTC: the next boot's clock starts from the saved 15:36:57, so its banner shares the
/// last shutdown lines' second and journalctl interleaves them. One reboot; sddm's abort is part of it, not an outage.</item>
/// <item>15:38:57 the kde user's manager (systemd[305]) stops its units and "Reached target Shutdown." / "Reached target Exit
/// the Session.": the user's session ending, not the host. Then nothing until the third boot's banner at 15:40:27: no
/// shutdown was logged (power pulled, or the lines never reached the disk). One boot after an unclean stop.</item>
/// </list>
/// </remarks>
public sealed class RaspberryPiJournalTests(ITestOutputHelper output)
{
    [JournalctlFact]
    public void TheJournalShowsOneRebootOneUncleanBootAndNoOutage()
    {
        string dir = Path.Combine(Path.GetTempPath(), "opslogtools-kjournald-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            using (var gz = new GZipStream(File.OpenRead(RealDataFolder.Combine("kjournald", "autotests", "journal.tar.gz")), CompressionMode.Decompress))
                TarFile.ExtractToDirectory(gz, dir, overwriteFiles: true);
            foreach (string format in (string[])["json", "short-iso"])
            {
                string export = Path.Combine(dir, "journal." + format + ".log");
                Journalctl.Export(Path.Combine(dir, "journal"), export, "-o", format);
                var lines = File.ReadAllLines(export);
                var found = RealDataAnomalyTests.Scan(export, TimeZoneInfo.Utc);
                foreach (var a in found)
                {
                    output.WriteLine($"{format}: {a.Kind} {a.FirstLine}-{a.LastLine} {a.Cause} {a.Summary}");
                    foreach (var e in a.Evidence) output.WriteLine("   - " + e);
                }

                // json carries each entry's monotonic clock: every boot ran on the Pi's restored clock (timesyncd's recorded
                // timestamp, no RTC) until timesyncd synchronised it 15 s forward. Text lines show no such step.
                var displaced = found.Where(a => a.Kind == AnomalyKind.DisplacedTimestamps).ToList();
                bool json = format == "json";
                Assert.Equal(json ? 3 : 0, displaced.Count);
                Assert.All(displaced, a => Assert.True(a.Basis.HasFlag(OffsetBasis.Monotonic)));
                Assert.All(displaced, a => Assert.Equal(AnomalyCause.Clock, a.Cause));
                Assert.All(displaced, a => Assert.InRange(a.OffsetSeconds, -15.2, -15.0));
                if (json)
                {
                    // Boot 1: lines 1–659, then timesyncd's "Initial synchronization" at 660 moves realtime − monotonic by 15114940 µs.
                    Assert.Equal((1, 659), (displaced[0].FirstLine, displaced[0].LastLine));
                    Assert.Equal(-15_114_940, (long)Math.Round(displaced[0].OffsetSeconds * 1e6));
                    Assert.Contains(displaced[0].Evidence, e => e.Contains("Initial synchronization to time server", StringComparison.Ordinal));
                }
                found = found.Where(a => a.Kind == AnomalyKind.HostShutdown).ToList();
                Assert.Equal(2, found.Count);
                var reboot = found[0];
                Assert.Equal(AnomalyCause.Stopped, reboot.Cause);
                Assert.InRange(reboot.Start, At(15, 36, 56), At(15, 36, 57));
                // In json the next boot's banner is re-timed by its restored clock's 15 s.
                Assert.InRange(reboot.End, json ? At(15, 37, 12) : At(15, 36, 57), json ? At(15, 37, 13) : At(15, 36, 58));
                Assert.Contains("Stopping Session 1 of user kde.", lines[reboot.FirstLine - 1], StringComparison.Ordinal);
                Assert.Contains("Linux version 5.4.72-v7l", lines[reboot.LastLine - 1], StringComparison.Ordinal);
                Assert.Contains(reboot.Evidence, e => e.StartsWith("sddm failed while the host was going down", StringComparison.Ordinal));

                var unclean = found[1];
                Assert.Equal(AnomalyCause.UncleanShutdown, unclean.Cause);
                Assert.InRange(unclean.Start, At(15, 38, 57), At(15, 38, 58));
                Assert.InRange(unclean.End, json ? At(15, 40, 42) : At(15, 40, 27), json ? At(15, 40, 43) : At(15, 40, 28));
                Assert.Contains("Exit the Session", lines[unclean.FirstLine - 1], StringComparison.Ordinal);
                Assert.Contains("Linux version 5.4.72-v7l", lines[unclean.LastLine - 1], StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// The same journal read natively (no journalctl): the directory of binary files, merged as journalctl merges it,
    /// gives the same two host shutdowns at the same moments, each ending at the next boot's kernel banner.
    /// </summary>
    [RealDataFact]
    public void ReadNativelyTheJournalShowsTheSameBoots()
    {
        string dir = Path.Combine(Path.GetTempPath(), "opslogtools-kjournald-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            using (var gz = new GZipStream(File.OpenRead(RealDataFolder.Combine("kjournald", "autotests", "journal.tar.gz")), CompressionMode.Decompress))
                TarFile.ExtractToDirectory(gz, dir, overwriteFiles: true);
            var found = RealDataAnomalyTests.Scan(Path.Combine(dir, "journal"), TimeZoneInfo.Utc);
            foreach (var a in found) output.WriteLine($"native: {a.Kind} {a.Path}:{a.FirstLine}-{a.LastLine} {a.Cause} {a.Summary}");
            // Each boot on the restored clock until timesyncd's synchronisation, about -15 s by the monotonic clock. A boot's
            // stretches are taken across its files (archived system files, user journals), so a boot's wrong clock is one
            // finding per file it lies in: 8 in all. Boot 1's pieces (two archived system files of journal c485…, the user
            // journal 52cf…) hold the same 659 entries as the json export's boot 1 finding (lines 1-659, above).
            var displaced = found.Where(a => a.Kind == AnomalyKind.DisplacedTimestamps).ToList();
            Assert.Equal(8, displaced.Count);
            Assert.Equal(659, displaced.Where(a => Path.GetFileName(a.Path).StartsWith("system@c485fef5", StringComparison.Ordinal)
                || Path.GetFileName(a.Path).StartsWith("user-1000@52cf2b9c", StringComparison.Ordinal)).Sum(a => a.LineCount));
            Assert.All(displaced, a => Assert.True(a.Basis.HasFlag(OffsetBasis.Monotonic)));
            Assert.All(displaced, a => Assert.InRange(a.OffsetSeconds, -15.2, -15.0));
            Assert.All(displaced, a => Assert.Equal(1, a.FirstLine));
            found = found.Where(a => a.Kind == AnomalyKind.HostShutdown).ToList();
            Assert.Equal(2, found.Count);
            Assert.Equal(AnomalyCause.Stopped, found[0].Cause);
            Assert.InRange(found[0].Start, At(15, 36, 56), At(15, 36, 57));
            // As in json: the next boot's banner is re-timed by its restored clock's 15 s (its files are corrected too now).
            Assert.InRange(found[0].End, At(15, 37, 12), At(15, 37, 13));
            Assert.Equal(AnomalyCause.UncleanShutdown, found[1].Cause);
            Assert.InRange(found[1].Start, At(15, 38, 57), At(15, 38, 58));
            Assert.InRange(found[1].End, At(15, 40, 42), At(15, 40, 43));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static DateTimeOffset At(int hour, int minute, int second) => new(2021, 3, 13, hour, minute, second, TimeSpan.Zero);
}
