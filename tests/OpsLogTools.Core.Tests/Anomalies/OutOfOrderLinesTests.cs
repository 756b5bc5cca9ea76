using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Model;
using Xunit;

namespace OpsLogTools.Core.Tests.Anomalies;

/// <summary>
/// Lines out of order that no clock explains: the engine must not call them a displaced clock. The shapes are those of real
/// files (lnav's logfile_syslog_with_mixed_times.0, a macOS kernel whose messages from before a sleep are written after it
/// wakes; crowdsec's dovecot fixture, sample lines of several hosts pasted together), rebuilt here line by line with
/// other words.
/// </summary>
public class OutOfOrderLinesTests
{
    private static IReadOnlyList<LogAnomaly> Detect(params (string Stamp, string Message)[] lines)
    {
        var entries = lines.Select((l, k) => new LogEntry
        {
            Path = "/x/system.log",
            LineNumber = k + 1,
            Format = LogFormat.Syslog,
            Timestamp = DateTimeOffset.Parse(l.Stamp, System.Globalization.CultureInfo.InvariantCulture),
            StampText = l.Stamp,
            HostName = "mac",
            Program = "kernel",
            ProcessId = 0,
            Message = l.Message,
        }).ToList();
        return new AnomalyDetector().Detect([new FileEntries("/x/system.log", LogFormat.Syslog, entries)], AnomalyOptions.Default);
    }

    [Fact]
    public void AnOddLineWrittenLateIsNotADisplacedRun()
    {
        // Two lines stamped at wake-up (03:12) between lines of 01:23 and 01:25; then one line of 03:13 among lines of 03:46.
        // One late line explains each step; a clock wrong by +1 h 47 min for two lines and by +33 min for three is no
        // simpler reading.
        var found = Detect(
            ("2013-09-13T00:58:45Z", "power state change 0 -> 1"),
            ("2013-09-13T00:59:30Z", "scan offloading unavailable"),
            ("2013-09-13T01:23:54Z", "RTC: PowerByCalendarDate setting ignored"),
            ("2013-09-13T03:12:04Z", "vm_compressor_record_warmup"),
            ("2013-09-13T03:12:04Z", "memWrInd fBJP_Wakeup_Timer"),
            ("2013-09-13T01:25:39Z", "waitForOk2Go2Sx - retries = 60000"),
            ("2013-09-13T03:12:04Z", "hibernate_page_list_setall start"),
            ("2013-09-13T03:12:58Z", "log message per second limit exceeded"),
            ("2013-09-13T03:46:03Z", "listenerCallback - HPD packet"),
            ("2013-09-13T03:46:03Z", "vm_compressor_flush - starting"),
            ("2013-09-13T03:46:03Z", "memWrInd fBJP_Wakeup_Timer"),
            ("2013-09-13T03:13:16Z", "waitForOk2Go2Sx - retries = 60000"),
            ("2013-09-13T03:46:03Z", "hibernate_page_list_setall start"));
        Assert.DoesNotContain(found, a => a.Kind == AnomalyKind.DisplacedTimestamps);
    }

    [Fact]
    public void LinesWhoseOnlyBoundsSpanWeeksAreNotMeasured()
    {
        // A line of 07:46, two of 07:16, then the file goes on 34 days later: the two lines are out of order, but the
        // bounds put their "offset" anywhere between 30 minutes and 34 days; the middle of that is no measurement.
        var found = Detect(
            ("2024-09-08T07:46:30Z", "auth-worker: unknown user"),
            ("2024-09-08T07:16:29Z", "auth-worker: pam_authenticate() failed"),
            ("2024-09-08T07:16:27Z", "imap-login: Disconnected (auth failed)"),
            ("2024-10-12T15:44:43Z", "pop3-login: Disconnected: Connection closed"),
            ("2024-10-12T15:46:28Z", "imap-login: Disconnected: Aborted login"),
            ("2024-10-12T15:53:32Z", "imap-login: Disconnected: Too many invalid commands"),
            ("2024-10-12T15:54:33Z", "pop3-login: Disconnected: Too many bad commands"),
            ("2024-10-13T09:22:47Z", "pop3-login: Disconnected: no auth attempts"),
            ("2024-10-13T09:22:59Z", "pop3-login: Login"));
        Assert.DoesNotContain(found, a => a.Kind == AnomalyKind.DisplacedTimestamps);
    }

    [Fact]
    public void ThreeLinesStampedAnHourLateAmongTightNeighboursAreStillARun()
    {
        // The rule for late lines leaves real runs alone: three lines an hour off, bounded within a minute on both sides.
        var found = Detect(
            ("2024-03-01T10:00:00Z", "a"), ("2024-03-01T10:01:00Z", "b"), ("2024-03-01T10:02:00Z", "c"),
            ("2024-03-01T11:03:00Z", "d"), ("2024-03-01T11:04:00Z", "e"), ("2024-03-01T11:05:00Z", "f"),
            ("2024-03-01T10:06:00Z", "g"), ("2024-03-01T10:07:00Z", "h"), ("2024-03-01T10:08:00Z", "i"));
        var a = Assert.Single(found, x => x.Kind == AnomalyKind.DisplacedTimestamps);
        Assert.Equal((4L, 6L), (a.FirstLine, a.LastLine));
        Assert.InRange(a.OffsetSeconds, 3540, 3660);
    }
}
