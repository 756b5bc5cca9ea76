using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Bundles;

/// <summary>
/// Turns what a file's own lines say of their year (<see cref="FileEvidence"/>) into a year window: the printed full
/// dates that match their stamps, else the weekdays printed with yearless dates and the stamps on Feb 29, which allow
/// only some years (a weekday, month and day repeat on a 28-year cycle; Feb 29 one year in four): the allowed year
/// nearest the other evidence is taken.
/// </summary>
internal static class YearEvidence
{
    /// <summary>Printed dates this far from the rest of a file's are another moment (a date quoted in a message).</summary>
    private static readonly long OutlierDistance = TimeSpan.TicksPerDay * 400;

    /// <summary>How far from the other evidence an allowed year is looked for.</summary>
    private const int Reach = 40;

    /// <summary>The span of the file's printed dates that agree with one another; null when none.</summary>
    public static (long Start, long End)? DatedWindow(FileEvidence evidence)
    {
        if (evidence.Dated.Count == 0) return null;
        var sorted = evidence.Dated.Order().ToArray();
        long median = sorted[sorted.Length / 2];
        var kept = sorted.Where(t => Math.Abs(t - median) <= OutlierDistance).ToArray();
        return (kept[0], kept[^1]);
    }

    /// <summary>
    /// An instant of the file's first weekday (or Feb 29) line in the year its weekdays and leap day allow, nearest to
    /// <paramref name="near"/> (UTC ticks); with <paramref name="notAfter"/> (a modification time) years whose date
    /// comes after it are passed over while an earlier one is allowed. Null when the file has no such evidence.
    /// </summary>
    public static long? ConstrainedInstant(FileEvidence evidence, long near, long? notAfter)
    {
        if (evidence.Weekdays.Count == 0 && evidence.LeapDays == 0) return null;
        int nearYear = new DateTime(Math.Clamp(near, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks)).Year;
        var (month, day) = evidence.Weekdays.Count > 0 ? (evidence.Weekdays[0].Month, evidence.Weekdays[0].Day) : (2, 29);

        int bestYear = 0, bestScore = -1;
        long bestDistance = long.MaxValue;
        for (int y = Math.Max(1972, nearYear - Reach); y <= Math.Min(2200, nearYear + Reach); y++)
        {
            if (day > DateTime.DaysInMonth(y, month)) continue;
            int score = Score(evidence, y);
            if (score == 0) continue;
            long instant = new DateTime(y, month, day).Ticks;
            // The lines of a file were written before its last write (a day allowed for clock skew).
            bool late = notAfter is { } limit && instant > limit + TimeSpan.TicksPerDay;
            long distance = Math.Abs(instant - near) + (late ? TimeSpan.TicksPerDay * 366 * Reach * 2 : 0);
            if (score > bestScore || (score == bestScore && distance < bestDistance))
            {
                (bestYear, bestScore, bestDistance) = (y, score, distance);
            }
        }
        if (bestYear == 0) return null;
        return new DateTime(bestYear, month, day).Ticks;
    }

    /// <summary>Words for the basis: what allowed the year.</summary>
    public static string Describe(FileEvidence evidence)
    {
        var parts = new List<string>();
        if (evidence.Weekdays.Count > 0) parts.Add($"weekday names printed with {evidence.Weekdays.Count} yearless date(s) (e.g. {evidence.WeekdayExample})");
        if (evidence.LeapDays > 0)
        {
            string where = evidence.LeapDayLine > 0 ? $"{evidence.File.DisplayName}:{evidence.LeapDayLine}" : evidence.File.DisplayName;
            parts.Add($"Feb 29 stamped ({where}): a leap year");
        }
        return string.Join(" and ", parts);
    }

    /// <summary>How many of the file's weekday lines (and its Feb 29, if any) a first year <paramref name="y"/> allows; 0 when one is broken.</summary>
    private static int Score(FileEvidence evidence, int y)
    {
        int score = 0;
        foreach (var (month, day, weekday) in evidence.Weekdays)
        {
            // A file may cross one New Year: a line's date may fall in the first year or the next.
            if (Falls(y, month, day, weekday) || Falls(y + 1, month, day, weekday)) score++;
        }
        if (evidence.Weekdays.Count > 0 && score * 2 <= evidence.Weekdays.Count) return 0;
        if (evidence.LeapDays > 0)
        {
            if (!DateTime.IsLeapYear(y) && !DateTime.IsLeapYear(y + 1)) return 0;
            score++;
        }
        return score;
    }

    private static bool Falls(int year, int month, int day, DayOfWeek weekday) =>
        year <= 9998 && day <= DateTime.DaysInMonth(year, month) && new DateTime(year, month, day).DayOfWeek == weekday;
}
