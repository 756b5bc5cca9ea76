using System.Text;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Bundles;

/// <summary>
/// Reads the head and tail of a yearless or zoneless file (<see cref="FileSample"/>) for what its own lines say of
/// their year and zone (<see cref="FileEvidence"/>). A printed clock counts only beside a stamp it matches: the same
/// day and time to within a zone (±15 h), so an expiry date or a build date is not taken for the line's own moment.
/// </summary>
internal static class EvidenceSampler
{
    /// <summary>Lines read from the head of a large file.</summary>
    public const int HeadLines = 1000;

    /// <summary>Bytes read from the head of a large file.</summary>
    public const long HeadBytes = 1 << 16;

    /// <summary>Fewest printed clocks of one program that must agree on an offset before it is taken as the host's zone.</summary>
    public const int ZoneSupport = 2;

    private static readonly long MatchReach = TimeSpan.TicksPerHour * 15;

    // A program's clock and rsyslog's stamp of the same line are taken within seconds of each other; a minute and a half
    // allows a buffered line without letting a printed time of another moment pass as a zone.
    private static readonly long ZoneSlack = TimeSpan.TicksPerSecond * 90;

    private static readonly long Quarter = TimeSpan.TicksPerMinute * 15;

    /// <summary>
    /// Readings kept per file and kind: enough to find agreement, bounded whatever a file prints. The head may fill half,
    /// so the tail (the other side of a daylight-saving change, of New Year) is always heard.
    /// </summary>
    public const int MaxReadings = 256;

    /// <summary>What the head and tail of <paramref name="file"/> say of its year and zone.</summary>
    /// <param name="file">A yearless or zoneless file.</param>
    /// <param name="options">Encoding and line length.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public static FileEvidence Sample(LogFile file, LogReadOptions options, CancellationToken cancellationToken)
    {
        var evidence = new FileEvidence(file);
        bool yearless = file.Format.Format is LogFormat.Syslog or LogFormat.Yum;
        // Stamps are parsed against a fixed offset of zero, so each entry's DateTime is the wall clock as written.
        var provisional = new TimeReference(file.LastWriteTime, file.LastWriteTime, null, TimeSpan.Zero, "sample", "sample");
        bool whole = FileSample.Read(file, provisional, options, HeadLines, HeadBytes, line =>
        {
            evidence.LinesSampled++;
            Take(evidence, line, yearless);
            return true;
        }, cancellationToken);
        Settle(evidence);
        evidence.ReadWhole = whole;
        return evidence;
    }

    private static void Take(FileEvidence evidence, FileSample.Line line, bool yearless)
    {
        var entry = line.Entry;
        int room = line.InTail ? MaxReadings : MaxReadings / 2;
        if (!Wall(entry, yearless, out int year, out int month, out int day, out var time)) return;
        evidence.FirstDay ??= (month, day);
        evidence.LastDay = (month, day);
        if (yearless && month == 2 && day == 29)
        {
            if (evidence.LeapDays++ == 0) evidence.LeapDayLine = line.Number;
        }
        // dpkg's, apt's and unattended-upgrades' stamps carry the year (not the zone): they date the bundle as printed dates
        // do, within a day, so the yearless files beside them (auth.log, syslog) get their year from the same host.
        if (!yearless && DatesTheBundle(evidence.File.Format.Format) && entry.StampText.Length > 0 && evidence.Dated.Count < room)
        {
            evidence.Dated.Add(new DateTime(year, month, day).Ticks + time.Ticks);
            evidence.DatedExample ??= (line.Number > 0 ? $"{evidence.File.DisplayName}:{line.Number}" : $"{evidence.File.DisplayName} (near its end)") + $" '{entry.StampText}'";
        }
        if (!PrintedClockParser.TryFind(entry.Message, needYear: false, out var clock)) return;

        if (!clock.HasYear)
        {
            // A weekday printed with a yearless date of the same day as the stamp: the years when that day fell on it.
            if (yearless && clock.Weekday is { } weekday && evidence.Weekdays.Count < room && SameDay(month, day, time, clock))
            {
                evidence.Weekdays.Add((clock.Month, clock.Day, weekday));
                evidence.WeekdayExample ??= Example(evidence.File, line, entry.Message, clock);
            }
            return;
        }

        long printed = clock.Ticks;
        long bestWall = 0;
        long bestDistance = long.MaxValue;
        int[] candidates = yearless ? [clock.Year - 1, clock.Year, clock.Year + 1] : [year];
        foreach (int y in candidates)
        {
            if (y < 2 || y > 9997 || day > DateTime.DaysInMonth(y, month)) continue;
            long wall = new DateTime(y, month, day).Ticks + time.Ticks;
            long distance = Math.Abs(wall - printed);
            if (distance < bestDistance) (bestDistance, bestWall) = (distance, wall);
        }
        if (bestDistance > MatchReach) return;
        if (yearless && evidence.Dated.Count < room)
        {
            evidence.Dated.Add(clock.HasZone ? printed : bestWall);
            evidence.DatedExample ??= Example(evidence.File, line, entry.Message, clock);
        }
        if (!clock.HasZone || evidence.Printed.Count >= room) return;
        // Stamp (local) minus printed (UTC) is the host's offset when it is a whole quarter hour, give or take a buffer.
        long offset = bestWall - printed;
        long rounded = (long)Math.Round(offset / (double)Quarter) * Quarter;
        if (Math.Abs(offset - rounded) > ZoneSlack || Math.Abs(rounded) > TimeSpan.TicksPerHour * 14) return;
        evidence.Printed.Add((new ZoneObservation(printed, TimeSpan.FromTicks(rounded), evidence.File, true), entry.Program ?? ""));
    }

    private static bool DatesTheBundle(LogFormat format) =>
        format is LogFormat.Dpkg or LogFormat.AptHistory or LogFormat.AptTerm or LogFormat.UnattendedUpgrades or LogFormat.Alternatives;

    /// <summary>Keeps the offsets each program shows at least <see cref="ZoneSupport"/> times: one odd reading is no zone.</summary>
    private static void Settle(FileEvidence evidence)
    {
        foreach (var group in evidence.Printed.GroupBy(p => (p.Program, p.Observation.Offset)))
        {
            if (group.Count() < ZoneSupport) continue;
            evidence.Zones.AddRange(group.Select(g => g.Observation));
            evidence.ZonePrograms.Add(group.Key.Program.Length == 0 ? "(no program)" : group.Key.Program);
        }
    }

    /// <summary>The stamp's wall clock: month, day and time as written (and the year, when the format writes one).</summary>
    private static bool Wall(LogEntry entry, bool yearless, out int year, out int month, out int day, out TimeSpan time)
    {
        if (!yearless)
        {
            var t = entry.Timestamp.DateTime;
            (year, month, day, time) = (t.Year, t.Month, t.Day, t.TimeOfDay);
            return true;
        }
        year = 0;
        Span<byte> bytes = stackalloc byte[40];
        string text = entry.StampText;
        if (text.Length > bytes.Length || !Encoding.UTF8.TryGetBytes(text, bytes, out int n) || !StampBytes.TryParseBsd(bytes[..n], out var s, out _))
        {
            (month, day, time) = (0, 0, default);
            return false;
        }
        (month, day, time) = (s.Month, s.Day, new TimeSpan(0, s.Hour, s.Minute, s.Second) + TimeSpan.FromTicks(s.FractionTicks));
        return true;
    }

    /// <summary>True when a yearless printed date and the stamp name moments within ±15 h of each other (across New Year too).</summary>
    private static bool SameDay(int month, int day, TimeSpan time, PrintedClock clock)
    {
        // Year 2000 has every day a yearless date can name; a year either side catches New Year's Eve against New Year.
        if (day > DateTime.DaysInMonth(2000, month) || clock.Day > DateTime.DaysInMonth(2000, clock.Month)) return false;
        long stamp = new DateTime(2000, month, day).Ticks + time.Ticks;
        long printed = new DateTime(2000, clock.Month, clock.Day, clock.Hour, clock.Minute, clock.Second).Ticks;
        long year = TimeSpan.TicksPerDay * 366;
        long d = Math.Min(Math.Abs(stamp - printed), Math.Min(Math.Abs(stamp - printed - year), Math.Abs(stamp - printed + year)));
        return d <= MatchReach;
    }

    private static string Example(LogFile file, FileSample.Line line, string message, PrintedClock clock)
    {
        string where = line.Number > 0 ? $"{file.DisplayName}:{line.Number}" : $"{file.DisplayName} (near its end)";
        int start = Math.Min(clock.Start, message.Length);
        int length = Math.Min(clock.Length, message.Length - start);
        return $"{where} '{message.Substring(start, length)}'";
    }
}
