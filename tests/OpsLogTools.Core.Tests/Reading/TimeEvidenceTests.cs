using System.Globalization;
using System.Text;
using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

/// <summary>
/// Issue 13: the year and zone of yearless and zoneless stamps come from evidence inside the logs before the file's
/// mtime or the zone of the machine running the tool, and the tool's own guess is never reported as the host's fault.
/// The inputs are generated here, shaped on the real logs of the issue (a 2005 host's ftpd, a Central European host's
/// prometheus, a New York host's Apache) in the formats' documented layouts.
/// </summary>
public class TimeEvidenceTests
{
    private static readonly DateTimeOffset Copied2026 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private sealed record Run(List<LogEntry> Entries, CollectingDiagnostics Diagnostics, IReadOnlyList<LogAnomaly> Found);

    private static Run Read(string root, LogReadOptions? options = null)
    {
        var diagnostics = new CollectingDiagnostics();
        var entries = new LogReader(FormatRegistry.All).Read([root], options ?? new LogReadOptions { LocalZone = TimeZoneInfo.Utc }, diagnostics).ToList();
        var scan = new AnomalyScan();
        foreach (var e in entries) scan.Add(e);
        return new Run(entries, diagnostics, scan.Detect());
    }

    private static string Stamp(DateTime wall) =>
        wall.ToString("MMM", CultureInfo.InvariantCulture) + " " + wall.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) + wall.ToString(" HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>
    /// A 2005 syslog as the honeynet host "combo" wrote it: ftpd prints each connection's own full date (ctime), the
    /// other programs do not.
    /// </summary>
    private static string Syslog2005(DateTime start, int hours)
    {
        var sb = new StringBuilder();
        var rng = new Random(2005);
        for (var t = start; t < start.AddHours(hours); t = t.AddMinutes(rng.Next(3, 40)).AddSeconds(rng.Next(60)))
        {
            sb.Append(Stamp(t)).Append(" combo sshd(pam_unix)[").Append(rng.Next(1000, 30000)).Append("]: check pass; user unknown\n");
            if (rng.Next(4) == 0)
            {
                sb.Append(Stamp(t)).Append(" combo ftpd[").Append(rng.Next(1000, 30000)).Append("]: connection from 84.102.20.2 () at ")
                  .Append(t.ToString("ddd MMM dd HH:mm:ss yyyy", CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        return sb.ToString();
    }

    [Fact]
    public void AYearPrintedByFtpdDatesA2005FileCopiedIn2026()
    {
        // Issue 13, case 1: the year came from the mtime (2026) and Get-LogAnomaly called the whole file displaced by
        // +7670 days, Cause Clock. ftpd's own dates say 2005.
        using var b = new TempBundle();
        b.Write("messages", Syslog2005(new DateTime(2005, 6, 14, 4, 0, 0), 96), Copied2026);

        var run = Read(b.Root);

        Assert.All(run.Entries, e => Assert.Equal(2005, e.Timestamp.Year));
        Assert.StartsWith("year 2005 from printed dates in messages (e.g. messages:", run.Entries[0].TimeBasis, StringComparison.Ordinal);
        Assert.False(TimeBasisWords.YearIsGuessed(run.Entries[0].TimeBasis));
        Assert.True(TimeBasisWords.ZoneIsGuessed(run.Entries[0].TimeBasis));
        Assert.DoesNotContain(run.Found, a => a.Kind == AnomalyKind.DisplacedTimestamps);
        // The zone is still a guess (nothing printed in UTC): said once, and only that.
        var warning = Assert.Single(run.Diagnostics.Warnings);
        Assert.Contains("the zone of messages", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("the year of", warning.Message, StringComparison.Ordinal);
    }

    /// <summary>rsyslog local stamps with prometheus printing its own UTC clock every quarter hour, on a host in <paramref name="zone"/>.</summary>
    private static string WithPrometheus(TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to, int seed)
    {
        var sb = new StringBuilder();
        var rng = new Random(seed);
        for (var t = from; t < to; t = t.AddMinutes(rng.Next(2, 9)).AddSeconds(rng.Next(60)))
        {
            var local = TimeZoneInfo.ConvertTime(t, zone).DateTime;
            if (rng.Next(3) == 0)
            {
                sb.Append(Stamp(local)).Append(" ol8 prometheus[1811]: level=info ts=")
                  .Append(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
                  .Append(" caller=head.go:1176 component=tsdb msg=\"Head GC completed\"\n");
            }
            else
            {
                sb.Append(Stamp(local)).Append(" ol8 systemd[1]: Started Session ").Append(rng.Next(100, 9999)).Append(" of user root.\n");
            }
        }
        return sb.ToString();
    }

    [Fact]
    public void PrintedUtcClocksShowACentralEuropeanHostsZoneByDate()
    {
        // Issue 13, case 2: rsyslog writes local time, prometheus prints UTC, no file carries an offset, and the tool runs
        // in UTC. The printed clocks are the zone's evidence: +01:00 in February, +02:00 in April (summer time).
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        using var b = new TempBundle();
        b.Write("messages-20230226", WithPrometheus(berlin, new DateTimeOffset(2023, 2, 19, 3, 0, 0, TimeSpan.Zero), new DateTimeOffset(2023, 2, 26, 3, 0, 0, TimeSpan.Zero), 1), Copied2026);
        b.Write("messages", WithPrometheus(berlin, new DateTimeOffset(2023, 4, 2, 3, 0, 0, TimeSpan.Zero), new DateTimeOffset(2023, 4, 9, 3, 0, 0, TimeSpan.Zero), 2), Copied2026);
        // secure prints no clock: it is read in the zone the host's other files show.
        b.Write("secure", Stamp(new DateTime(2023, 4, 5, 14, 0, 0)) + " ol8 sshd[2211]: Accepted publickey for admin from 192.0.2.7 port 50522 ssh2\n", Copied2026);

        var run = Read(b.Root);

        var february = run.Entries.First(e => e.Path.EndsWith("messages-20230226", StringComparison.Ordinal));
        var april = run.Entries.First(e => e.Path.EndsWith("messages", StringComparison.Ordinal));
        var secure = Assert.Single(run.Entries, e => e.Path.EndsWith("secure", StringComparison.Ordinal));
        Assert.Equal(TimeSpan.FromHours(1), february.Timestamp.Offset);
        Assert.Equal(TimeSpan.FromHours(2), april.Timestamp.Offset);
        Assert.Equal(new DateTimeOffset(2023, 4, 5, 14, 0, 0, TimeSpan.FromHours(2)), secure.Timestamp);
        Assert.All(run.Entries, e => Assert.Equal(berlin.GetUtcOffset(e.Timestamp), e.Timestamp.Offset));
        Assert.Contains("zone Europe/Berlin from printed UTC clocks in messages", april.TimeBasis, StringComparison.Ordinal);
        Assert.StartsWith("year 2023 from printed dates in messages", april.TimeBasis, StringComparison.Ordinal);
        Assert.Contains("year 2023 from bundle (printed dates in messages", secure.TimeBasis, StringComparison.Ordinal);
        Assert.Empty(run.Diagnostics.Warnings);
        Assert.DoesNotContain(run.Found, a => a.Kind == AnomalyKind.DisplacedTimestamps);
    }

    [Fact]
    public void AHostWhoseRsyslogWritesUtcKeepsItsOwnPrintedZone()
    {
        // Apache writes JST (+09:00) while rsyslog writes UTC and prometheus prints UTC beside it: the file's own clocks
        // say its stamps are UTC; secure, with no clock, is read in the zone the dated files show.
        using var b = new TempBundle();
        var start = new DateTimeOffset(2022, 7, 18, 0, 0, 0, TimeSpan.FromHours(9));
        var access = new StringBuilder();
        for (int i = 0; i < 200; i++)
            access.Append("203.0.113.9 - - ").Append((start + TimeSpan.FromMinutes(15 * i)).ToString("[dd/MMM/yyyy:HH:mm:ss zzz]", CultureInfo.InvariantCulture).Replace(":00]", "00]", StringComparison.Ordinal))
                  .Append(" \"GET / HTTP/1.1\" 200 512 \"-\" \"curl/8.0\"\n");
        b.Write("httpd/access_log", access.ToString());
        b.Write("messages", WithPrometheus(TimeZoneInfo.Utc, start, start.AddDays(2), 3));
        b.Write("secure", Stamp(new DateTime(2022, 7, 19, 21, 0, 0)) + " ip-172-26-1-2 sshd[2211]: Accepted publickey for ec2-user from 192.0.2.7 port 50522 ssh2\n");

        var run = Read(b.Root);

        Assert.All(run.Entries.Where(e => e.Path.EndsWith("messages", StringComparison.Ordinal)), e => Assert.Equal(TimeSpan.Zero, e.Timestamp.Offset));
        Assert.Equal(new DateTimeOffset(2022, 7, 19, 21, 0, 0, TimeSpan.FromHours(9)), run.Entries.Single(e => e.Path.EndsWith("secure", StringComparison.Ordinal)).Timestamp);
    }

    /// <summary>Apache combined lines every few minutes with the offset New York's rules give at each moment.</summary>
    private static string NewYorkAccessLog(DateTimeOffset from, DateTimeOffset to)
    {
        var ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var sb = new StringBuilder();
        for (var t = from; t < to; t = t.AddMinutes(7))
        {
            var local = TimeZoneInfo.ConvertTime(t, ny);
            string z = local.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal);
            sb.Append("198.51.100.4 - - [").Append(local.ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture)).Append(' ').Append(z)
              .Append("] \"GET /index.html HTTP/1.1\" 200 1043 \"-\" \"Mozilla/5.0\"\n");
        }
        return sb.ToString();
    }

    [Fact]
    public void ANewYorkHostsPercentZSeriesGivesEachStampTheOffsetInForce()
    {
        // Issue 13, case 3 (reading): %z goes -0400 → -0500 at the November change. The latest offset was applied to every
        // zoneless stamp; the series fits America/New_York, so an EDT line reads at -04:00 and an EST line at -05:00.
        var ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        using var b = new TempBundle();
        var from = new DateTimeOffset(2022, 11, 3, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2022, 11, 9, 0, 0, 0, TimeSpan.Zero);
        b.Write("httpd/access_log", NewYorkAccessLog(from, to));
        var messages = new StringBuilder();
        for (var t = from; t < to; t = t.AddMinutes(10))
            messages.Append(Stamp(TimeZoneInfo.ConvertTime(t, ny).DateTime)).Append(" web1 systemd[1]: Started Session 7 of user root.\n");
        b.Write("messages", messages.ToString());

        var run = Read(b.Root);

        var syslog = run.Entries.Where(e => e.Format == LogFormat.Syslog).ToList();
        Assert.Equal(TimeSpan.FromHours(-4), syslog.First(e => e.Timestamp.Day == 4).Timestamp.Offset);
        Assert.Equal(TimeSpan.FromHours(-5), syslog.First(e => e.Timestamp.Day == 8).Timestamp.Offset);
        // Every line at its true instant: the file keeps its order through the repeated hour.
        var expected = Enumerable.Range(0, syslog.Count).Select(i => from.AddMinutes(10 * i)).ToList();
        Assert.Equal(expected, syslog.Select(e => e.Timestamp).ToList());
        Assert.Contains("fits America/New_York", syslog[0].TimeBasis, StringComparison.Ordinal);
        Assert.Empty(run.Diagnostics.Warnings);
        Assert.Empty(run.Found);
    }

    [Theory]
    // Jun 17 was a Friday in 2005, 2011, 2016 and 2022: the one nearest the other evidence is taken.
    [InlineData(null, 2022)]     // only the mtime (2026): the latest before it
    [InlineData(2012, 2011)]     // an Apache log of July 2012 in the bundle: 2011 is nearer than 2016
    public void APrintedWeekdayAllowsOnlySomeYears(int? bundleYear, int expected)
    {
        using var b = new TempBundle();
        var sb = new StringBuilder();
        for (int i = 0; i < 6; i++)
        {
            var t = new DateTime(2000, 6, 17, 7, 7, 0).AddMinutes(30 * i);
            sb.Append(Stamp(t)).Append(" combo logger: job started ").Append($"Fri Jun 17 {t:HH:mm:ss}").Append('\n');
        }
        b.Write("messages", sb.ToString(), Copied2026);
        if (bundleYear is { } y)
            b.Write("httpd/access_log", "192.0.2.1 - - [" + new DateTime(y, 7, 1).ToString("dd/MMM/yyyy", CultureInfo.InvariantCulture) + ":10:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"x\"\n", Copied2026);

        var run = Read(b.Root);

        var first = run.Entries.First(e => e.Format == LogFormat.Syslog);
        Assert.Equal(expected, first.Timestamp.Year);
        Assert.Contains("weekday names printed with 6 yearless date(s)", first.TimeBasis, StringComparison.Ordinal);
        // Which of the allowed years is the mtime's choice when nothing else dates the bundle: still a guess.
        Assert.Equal(bundleYear is null, TimeBasisWords.YearIsGuessed(first.TimeBasis));
    }

    [Fact]
    public void AFeb29StampMakesTheYearALeapYear()
    {
        // Issue 12: Feb 29 in a guessed non-leap year (the mtime says 2025) was moved to Feb 28. Feb 29 is itself
        // evidence: the year is the leap year before the mtime.
        using var b = new TempBundle();
        var sb = new StringBuilder();
        for (var t = new DateTime(2024, 2, 27, 0, 0, 0); t < new DateTime(2024, 3, 2); t = t.AddHours(2))
            sb.Append(Stamp(t)).Append(" host crond[22]: (root) CMD (run-parts /etc/cron.hourly)\n");
        b.Write("cron", sb.ToString(), new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero));

        var run = Read(b.Root);

        Assert.All(run.Entries, e => Assert.Equal(2024, e.Timestamp.Year));
        Assert.Equal(12, run.Entries.Count(e => e.Timestamp.Month == 2 && e.Timestamp.Day == 29));
        Assert.Contains("Feb 29 stamped (cron:25): a leap year", run.Entries[0].TimeBasis, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Diagnostics.Warnings, w => w.Message.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void AFeb29StampBeyondTheSampleStillDecidesTheYear()
    {
        // Two weeks of cron, one line a minute, across the end of February 2024: Feb 29 lies beyond what the reader
        // samples at the head and tail, and the mtime (June 2025) would put the file in 2025, which has none.
        using var b = new TempBundle();
        var sb = new StringBuilder();
        for (var t = new DateTime(2024, 2, 20, 0, 0, 1); t < new DateTime(2024, 3, 5); t = t.AddMinutes(1))
            sb.Append(Stamp(t)).Append(" host CROND[").Append(1000 + t.Minute).Append("]: (root) CMD (/usr/lib64/sa/sa1 1 1)\n");
        b.Write("cron", sb.ToString(), new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero));

        var run = Read(b.Root);

        Assert.All(run.Entries, e => Assert.Equal(2024, e.Timestamp.Year));
        Assert.Equal(1440, run.Entries.Count(e => e.Timestamp.Month == 2 && e.Timestamp.Day == 29));
        Assert.Contains("Feb 29 stamped (cron:12961): a leap year", run.Entries[0].TimeBasis, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Diagnostics.Warnings, w => w.Message.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void ASampleKeepsABoundedNumberOfReadingsFromBothEnds()
    {
        // prometheus printing its clock every minute for ten days across Berlin's March change: the sample keeps at most
        // EvidenceSampler.MaxReadings of them, and the tail's (+02:00) are heard beside the head's (+01:00).
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var sb = new StringBuilder();
        for (var t = new DateTimeOffset(2023, 3, 20, 0, 0, 0, TimeSpan.Zero); t < new DateTimeOffset(2023, 3, 30, 0, 0, 0, TimeSpan.Zero); t = t.AddMinutes(1))
        {
            sb.Append(Stamp(TimeZoneInfo.ConvertTime(t, berlin).DateTime)).Append(" ol8 prometheus[1811]: level=info ts=")
              .Append(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append(" msg=\"tick\"\n");
        }
        using var b = new TempBundle();
        string path = b.Write("messages", sb.ToString());
        var file = new BundleScanner(FormatRegistry.All).Scan([path], null, null, new CollectingDiagnostics()).Single();

        var evidence = EvidenceSampler.Sample(file, new LogReadOptions(), CancellationToken.None);

        Assert.InRange(evidence.Printed.Count, 1, EvidenceSampler.MaxReadings);
        Assert.InRange(evidence.Dated.Count, 1, EvidenceSampler.MaxReadings);
        Assert.Equal([TimeSpan.FromHours(1), TimeSpan.FromHours(2)], evidence.Zones.Select(z => z.Offset).Distinct().Order());
    }

    [Fact]
    public void AGuessIsWarnedOnceForTheWholeRun()
    {
        // Three files, nothing that dates them: one warning naming them, not one per file or per line.
        using var b = new TempBundle();
        foreach (string name in new[] { "messages", "secure", "cron" })
            b.Write(name, Stamp(new DateTime(2025, 2, 20, 8, 0, 0)) + " host prog[1]: hello\n", Copied2026);

        var run = Read(b.Root);

        var warning = Assert.Single(run.Diagnostics.Warnings);
        Assert.Contains("so these are guesses: the year of cron, messages and 1 more from each file's modification time", warning.Message, StringComparison.Ordinal);
        Assert.Contains("the zone of cron, messages and 1 more as UTC", warning.Message, StringComparison.Ordinal);
        Assert.All(run.Entries, e => Assert.True(TimeBasisWords.YearIsGuessed(e.TimeBasis) && TimeBasisWords.ZoneIsGuessed(e.TimeBasis)));
    }
}
