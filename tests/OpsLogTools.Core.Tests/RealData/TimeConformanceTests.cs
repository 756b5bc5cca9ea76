using System.Globalization;
using System.IO.Compression;
using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Tests.Reading;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.RealData;

/// <summary>
/// Our timestamps for other projects' syslog samples against those projects' own expected results, with the same hints:
/// lnav infers the year from the file's mtime (its test_logfile.sh sets it with <c>touch -t</c>, in UTC), plaso from a
/// year it is given (its tests assert years relative to it: 0000 is the given year). Each file is copied into a scratch
/// directory so its mtime can be set as the other project's test sets it; nothing is copied into the repository.
/// </summary>
public sealed class TimeConformanceTests(ITestOutputHelper output)
{
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    private sealed record Run(List<LogEntry> Entries, CollectingDiagnostics Diagnostics);

    /// <summary>Copies realdata files into a scratch bundle (name → source, gzipped when the name ends in .gz), each with the mtime given.</summary>
    private static string Copy(TempBundle b, DateTimeOffset? mtime, params (string Name, string Source)[] files)
    {
        foreach (var (name, source) in files)
        {
            byte[] bytes = File.ReadAllBytes(RealDataFolder.Combine(source.Split('/')));
            if (name.EndsWith(".gz", StringComparison.Ordinal))
            {
                var ms = new MemoryStream();
                using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(bytes);
                bytes = ms.ToArray();
            }
            b.WriteBytes(name, bytes, mtime);
        }
        return b.Root;
    }

    private Run Read(string root, LogReadOptions options)
    {
        var diagnostics = new CollectingDiagnostics();
        var entries = new LogReader(FormatRegistry.All).Read([root], options, diagnostics).ToList();
        foreach (var e in entries) output.WriteLine($"{Path.GetFileName(e.Path)}:{e.LineNumber} {e.Timestamp:yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz} [{e.TimeBasis}] {e.Message}");
        foreach (var w in diagnostics.Warnings) output.WriteLine("warning: " + w.Message);
        return new Run(entries, diagnostics);
    }

    /// <summary>lnav's drive_logfile -t prints "MMM dd HH:mm:ss yyyy -- fff" (milliseconds) in UTC.</summary>
    private static string Lnav(DateTimeOffset t) =>
        t.UtcDateTime.ToString("MMM dd HH:mm:ss yyyy", CultureInfo.InvariantCulture) + " -- " + t.Millisecond.ToString("000", CultureInfo.InvariantCulture);

    // lnav test_logfile.sh: `touch -t 200711030923 logfile_syslog_test.0` (TZ=UTC), "Syslog timestamp interpreted incorrectly?".
    [RealDataFact]
    public void LnavSyslogYearFromTheMtime()
    {
        using var b = new TempBundle();
        var run = Read(Copy(b, new DateTimeOffset(2007, 11, 3, 9, 23, 0, TimeSpan.Zero), ("logfile_syslog_test.0", "lnav/test/logfile_syslog.0")),
            new LogReadOptions { LocalZone = TimeZoneInfo.Utc });
        Assert.Equal(["Nov 03 09:23:38 2007 -- 000", "Nov 03 09:23:38 2007 -- 000", "Nov 03 09:23:38 2007 -- 000", "Nov 03 09:47:02 2007 -- 000"],
            run.Entries.Select(e => Lnav(e.Timestamp)));
        // Where lnav is silent we say it: the year and zone are guesses from the mtime and the local zone.
        Assert.Contains("so these are guesses", Assert.Single(run.Diagnostics.Warnings).Message, StringComparison.Ordinal);
    }

    // lnav: `touch -t 200711030923 logfile_syslog.1`, "Syslog timestamp interpreted incorrectly for year end?", and the
    // same for the gzipped copy ("Syslog timestamp incorrect for gzipped file?").
    [RealDataTheory]
    [InlineData("logfile_syslog.1")]
    [InlineData("logfile_syslog.1.gz")]
    public void LnavSyslogYearEndFromTheMtime(string name)
    {
        using var b = new TempBundle();
        var run = Read(Copy(b, new DateTimeOffset(2007, 11, 3, 9, 23, 0, TimeSpan.Zero), (name, "lnav/test/logfile_syslog.1")),
            new LogReadOptions { LocalZone = TimeZoneInfo.Utc });
        Assert.Equal(["Dec 03 09:23:38 2006 -- 000", "Dec 03 09:23:38 2006 -- 000", "Dec 03 09:23:38 2006 -- 000", "Jan 03 09:47:02 2007 -- 000"],
            run.Entries.Select(e => Lnav(e.Timestamp)));
    }

    // lnav: `touch -t 201509130923 logfile_syslog_with_mixed_times.0`, "syslog_log with mixed times interpreted incorrectly?".
    [RealDataFact]
    public void LnavMixedTimesKeepTheirYearAndOurStampsAsWritten()
    {
        string[] lnav =
        [
            "Sep 13 00:58:45 2015 -- 000", "Sep 13 00:59:30 2015 -- 000", "Sep 13 01:23:54 2015 -- 000", "Sep 13 03:12:04 2015 -- 000",
            "Sep 13 03:12:04 2015 -- 000", "Sep 13 03:12:04 2015 -- 000", "Sep 13 03:12:04 2015 -- 000", "Sep 13 03:12:58 2015 -- 000",
            "Sep 13 03:46:03 2015 -- 000", "Sep 13 03:46:03 2015 -- 000", "Sep 13 03:46:03 2015 -- 000", "Sep 13 03:46:03 2015 -- 000",
            "Sep 13 03:46:03 2015 -- 000",
        ];
        using var b = new TempBundle();
        var run = Read(Copy(b, new DateTimeOffset(2015, 9, 13, 9, 23, 0, TimeSpan.Zero), ("logfile_syslog_with_mixed_times.0", "lnav/test/logfile_syslog_with_mixed_times.0")),
            new LogReadOptions { LocalZone = TimeZoneInfo.Utc });
        var ours = run.Entries.Select(e => Lnav(e.Timestamp)).ToList();
        Assert.Equal(lnav.Length, ours.Count);
        // We differ on purpose at lines 6 and 12: lnav raises a stamp earlier than the line before it to that line's time
        // (01:25:39 shown as 03:12:04, 03:13:16 as 03:46:03); we keep every stamp as written, since a line out of order is
        // what displaced-stamp detection looks at. Every other line, and every year, agree.
        for (int i = 0; i < lnav.Length; i++)
        {
            if (i is 5 or 11) Assert.Equal(i == 5 ? "Sep 13 01:25:39 2015 -- 000" : "Sep 13 03:13:16 2015 -- 000", ours[i]);
            else Assert.Equal(lnav[i], ours[i]);
        }
    }

    // lnav: `touch -t 202411030000 logfile_dst.0` (TZ=UTC) and `:set-file-timezone America/Los_Angeles`. Its expected
    // output file is not in the snapshot; what the test exercises is the fall-back hour of 3 Nov 2024: the stamps run
    // 01:01 → 01:59 in PDT, then 01:24 again, now PST, on to 02:25 PST.
    [RealDataFact]
    public void LnavDaylightSavingFallBackReadsInOrder()
    {
        using var b = new TempBundle();
        var run = Read(Copy(b, new DateTimeOffset(2024, 11, 3, 0, 0, 0, TimeSpan.Zero), ("logfile_dst.0", "lnav/test/logfile_dst.0")),
            new LogReadOptions { LocalZone = TimeZoneInfo.Utc, TimeZone = LosAngeles });
        Assert.Equal(10, run.Entries.Count);
        Assert.All(run.Entries.Take(5), e => Assert.Equal(TimeSpan.FromHours(-7), e.Timestamp.Offset));
        Assert.All(run.Entries.Skip(5), e => Assert.Equal(TimeSpan.FromHours(-8), e.Timestamp.Offset));
        Assert.Equal(new DateTimeOffset(2024, 11, 3, 1, 24, 56, TimeSpan.FromHours(-8)), run.Entries[5].Timestamp);
        // In true time the file is in order, so nothing is displaced.
        Assert.Equal(run.Entries.Select(e => e.Timestamp).Order(), run.Entries.Select(e => e.Timestamp));
        Assert.Empty(Detect(run.Entries));
    }

    [RealDataFact]
    public void LnavDaylightSavingFallBackInAGuessedZoneIsNoFinding()
    {
        // The same file without -TimeZone, read in UTC (no daylight saving): the stamps step back at 01:59 → 01:24. That
        // is the zone's change or a guess's artefact, never displaced stamps with a cause.
        using var b = new TempBundle();
        var run = Read(Copy(b, new DateTimeOffset(2024, 11, 3, 0, 0, 0, TimeSpan.Zero), ("logfile_dst.0", "lnav/test/logfile_dst.0")),
            new LogReadOptions { LocalZone = TimeZoneInfo.Utc });
        Assert.DoesNotContain(Detect(run.Entries), a => a.Kind == AnomalyKind.DisplacedTimestamps);
    }

    // lnav logfile_with_zones.0: stamps in Z and +03:00 from different programs of one host. Its expected output is not
    // in the snapshot; the instants are what the stamps say.
    [RealDataFact]
    public void StampsWithZonesAreTheirInstantsAndTheLocalOffsetDatesAZonelessNeighbour()
    {
        using var b = new TempBundle();
        Copy(b, null, ("logfile_with_zones.0", "lnav/test/logfile_with_zones.0"));
        // A yearless neighbour on the same host: the bundle's local offset (+03:00, CRON's) is its zone; the Z stamps of
        // the NSX programs say nothing of the host's zone.
        b.Write("messages", "Aug 27 17:30:00 space01 CRON[20857]: (root) CMD (true)\n");
        var run = Read(b.Root, new LogReadOptions { LocalZone = TimeZoneInfo.Utc });
        var zoned = run.Entries.Where(e => e.Path.EndsWith("logfile_with_zones.0", StringComparison.Ordinal)).Select(e => e.Timestamp.UtcDateTime).ToList();
        Assert.Equal(
            [new DateTime(2022, 8, 27, 14, 22, 1, 613), new DateTime(2022, 8, 27, 14, 22, 1, 694).AddTicks(5540), new DateTime(2022, 8, 27, 14, 22, 1, 888)],
            zoned);
        var messages = run.Entries.Single(e => e.Path.EndsWith("messages", StringComparison.Ordinal));
        Assert.Equal(new DateTimeOffset(2022, 8, 27, 17, 30, 0, TimeSpan.FromHours(3)), messages.Timestamp);
        Assert.Empty(run.Diagnostics.Warnings);
    }

    private static IReadOnlyList<LogAnomaly> Detect(IEnumerable<LogEntry> entries)
    {
        var scan = new AnomalyScan();
        foreach (var e in entries) scan.Add(e);
        return scan.Detect();
    }

    /// <summary>plaso asserts years relative to the one it is given (0000 is that year): given 2012, as the file's own line says.</summary>
    private static DateTimeOffset Plaso(int relativeYear, int month, int day, int hour, int minute, int second) =>
        new(2012 + relativeYear, month, day, hour, minute, second, TimeSpan.Zero);

    // plaso tests/parsers/text_plugins/syslog.py, TraditionalSyslogTextPluginTest.testProcess on test_data/syslog/syslog:
    // event 0 at 0000-01-22T07:52:33, event 9 ("a fractional value for seconds") at 0001-03-23T23:01:18. The file says
    // "events take place in 2012" (its Feb 29 line), so the given year is 2012 (-ReferenceDate), read in UTC.
    [RealDataFact]
    public void PlasoTraditionalSyslogYears()
    {
        using var b = new TempBundle();
        var run = Read(Copy(b, null, ("syslog", "plaso/test_data/syslog/syslog")),
            new LogReadOptions { LocalZone = TimeZoneInfo.Utc, TimeZone = TimeZoneInfo.Utc, ReferenceDate = new DateTimeOffset(2012, 6, 1, 0, 0, 0, TimeSpan.Zero) });
        Assert.Equal(Plaso(0, 1, 22, 7, 52, 33), run.Entries[0].Timestamp);
        var fractional = Assert.Single(run.Entries, e => e.Message.Contains("fractional value for seconds", StringComparison.Ordinal));
        // We differ on purpose: plaso moves to the next year at any month earlier than the last (Dec 18 → Mar 23), so
        // the Mar 23 lines are in 0001. We move the year only at a step back of seven months or more (Dec → Jan), and
        // take a stamp seven or more months after its predecessor (Feb 29 → Dec 18) as the previous year's: on a real
        // host a backward step of months mid-file is a wrong clock, which Get-LogAnomaly must see, not a new year.
        Assert.Equal(Plaso(0, 3, 23, 23, 1, 18).AddMilliseconds(123), fractional.Timestamp);
        Assert.Equal(Plaso(-1, 12, 18, 17, 54, 32), run.Entries.Single(e => e.Message.StartsWith("No true exit", StringComparison.Ordinal)).Timestamp);
        // plaso reads 16 events, we read 14 lines: "Feb 29 01:15:43: --- testing leap year ..." and
        // "Nov 18 01:15:43: --- last message repeated 5 times ---" have a colon after the time and no host, which is not
        // rsyslog's format (they are warned about, as is "MMM 22 ...", which plaso warns about too).
        Assert.Equal(14, run.Entries.Count);
    }

    // plaso syslog.py: testProcessCron (event 1 at 0000-03-11T19:26:39), testProcessSshd (events 0, 1, 3, 4 at
    // 0000-03-11T00:00:00, 19:26:39, 22:55:30, 22:55:31), testProcessDarwin (event 0 at 0000-03-11T19:26:39),
    // testProcessRsyslogSysklogd (event 0 at 0000-03-06T04:07:28), testProcessRsyslogTraditional (event 0 at
    // 0000-01-22T07:54:32). Given year 2012, read in UTC.
    [RealDataTheory]
    [InlineData("syslog_cron.log", 1, 3, 11, 19, 26, 39)]
    [InlineData("syslog_ssh.log", 0, 3, 11, 0, 0, 0)]
    [InlineData("syslog_ssh.log", 1, 3, 11, 19, 26, 39)]
    [InlineData("syslog_ssh.log", 3, 3, 11, 22, 55, 30)]
    [InlineData("syslog_ssh.log", 4, 3, 11, 22, 55, 31)]
    [InlineData("syslog_osx", 0, 3, 11, 19, 26, 39)]
    [InlineData("syslog_rsyslog_SysklogdFileFormat", 0, 3, 6, 4, 7, 28)]
    [InlineData("syslog_rsyslog_traditional", 0, 1, 22, 7, 54, 32)]
    public void PlasoYearlessEvents(string file, int eventIndex, int month, int day, int hour, int minute, int second)
    {
        using var b = new TempBundle();
        var run = Read(Copy(b, null, (file, "plaso/test_data/syslog/" + file)),
            new LogReadOptions { LocalZone = TimeZoneInfo.Utc, TimeZone = TimeZoneInfo.Utc, ReferenceDate = new DateTimeOffset(2012, 6, 1, 0, 0, 0, TimeSpan.Zero) });
        Assert.Equal(Plaso(0, month, day, hour, minute, second), run.Entries[eventIndex].Timestamp);
    }

    // plaso syslog.py: testProcessRsyslog (event 0 at 2020-05-31T00:00:45.698463+00:00), testProcessRsyslogProtocol23
    // (event 0 at 2021-03-06T04:07:38.251122+00:00), testProcessChromeOS (event 0 at 2016-10-25T12:37:23.297265-07:00):
    // fully dated, so no hint applies.
    [RealDataTheory]
    [InlineData("syslog_rsyslog", "2020-05-31T00:00:45.698463+00:00")]
    [InlineData("syslog_rsyslog_SyslogProtocol23Format", "2021-03-06T04:07:38.251122+00:00")]
    [InlineData("syslog_chromeos", "2016-10-25T12:37:23.297265-07:00")]
    public void PlasoDatedEvents(string file, string expected)
    {
        using var b = new TempBundle();
        var run = Read(Copy(b, null, (file, "plaso/test_data/syslog/" + file)), new LogReadOptions { LocalZone = TimeZoneInfo.Utc });
        var first = run.Entries[0].Timestamp;
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), first);
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture).Offset, first.Offset);
    }
}
