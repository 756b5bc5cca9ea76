using System.Diagnostics.CodeAnalysis;

namespace OpsLogTools.Core.Analysis.Updates.Timers;

/// <summary>
/// A systemd calendar event (<c>OnCalendar=</c>, systemd.time(7)): <c>[weekdays] [[year-]month-day] [hour:minute[:second]] [zone]</c>
/// with lists, ranges (<c>Mon..Fri</c>, <c>1..7</c>), repetitions (<c>*/15</c>, <c>0/10</c>), days counted from the end of
/// the month (<c>*-02~01</c>), the shorthands (<c>minutely</c>, <c>hourly</c>, <c>daily</c>, <c>weekly</c>, <c>monthly</c>,
/// <c>yearly</c>/<c>annually</c>, <c>quarterly</c>, <c>semiannually</c>) and an optional time zone (<c>UTC</c>, an IANA
/// name). A parser of our own, checked against <c>systemd-analyze calendar</c> (systemd 252) in the tests: no .NET library
/// reads this syntax (Cronos reads cron's).
/// </summary>
public sealed class CalendarSpec
{
    private static readonly Dictionary<string, string> Shorthands = new(StringComparer.OrdinalIgnoreCase)
    {
        ["minutely"] = "*-*-* *:*:00",
        ["hourly"] = "*-*-* *:00:00",
        ["daily"] = "*-*-* 00:00:00",
        ["monthly"] = "*-*-01 00:00:00",
        ["weekly"] = "Mon *-*-* 00:00:00",
        ["yearly"] = "*-01-01 00:00:00",
        ["annually"] = "*-01-01 00:00:00",
        ["quarterly"] = "*-01,04,07,10-01 00:00:00",
        ["semiannually"] = "*-01,07-01 00:00:00",
    };

    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    private static readonly string[] LongDayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    // Twenty-eight years hold every weekday of every date (Feb 29 on a Monday included), plus room.
    private const int SearchDays = 366 * 30;

    private readonly bool[] _weekdays;
    private readonly CalendarField _year, _month, _day, _hour, _minute, _second;
    private readonly bool _dayFromEnd;

    private CalendarSpec(string text, bool[] weekdays, CalendarField year, CalendarField month, CalendarField day, bool dayFromEnd,
        CalendarField hour, CalendarField minute, CalendarField second, TimeZoneInfo? zone)
    {
        Text = text;
        _weekdays = weekdays;
        (_year, _month, _day, _dayFromEnd) = (year, month, day, dayFromEnd);
        (_hour, _minute, _second) = (hour, minute, second);
        Zone = zone;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>The zone the expression names, or null (the host's zone applies).</summary>
    public TimeZoneInfo? Zone { get; }

    /// <summary>Reads an expression; false when it is not one this parser understands (the caller says so).</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out CalendarSpec? spec)
    {
        spec = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 512) return false;
        var tokens = new List<string>(text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
        TimeZoneInfo? zone = null;
        if (tokens.Count > 1 && TryZone(tokens[^1], out var z))
        {
            zone = z;
            tokens.RemoveAt(tokens.Count - 1);
        }
        if (tokens.Count == 1 && Shorthands.TryGetValue(tokens[0], out var expanded))
            tokens = [.. expanded.Split(' ')];

        var weekdays = new bool[7];
        bool anyWeekday = true;
        int i = 0;
        if (i < tokens.Count && char.IsAsciiLetter(tokens[i][0]))
        {
            if (!TryWeekdays(tokens[i], weekdays)) return false;
            anyWeekday = false;
            i++;
        }
        if (anyWeekday) Array.Fill(weekdays, true);

        string date = "*-*-*", time = "00:00:00";
        bool sawDate = false, sawTime = false;
        for (; i < tokens.Count; i++)
        {
            string t = tokens[i];
            if (t.Contains(':') && !sawTime) { time = t; sawTime = true; }
            else if ((t.Contains('-') || t.Contains('~')) && !sawDate && !sawTime) { date = t; sawDate = true; }
            else return false;
        }

        if (!TryDate(date, out var year, out var month, out var day, out bool fromEnd)) return false;
        var parts = time.Split(':');
        if (parts.Length is < 2 or > 3) return false;
        var hour = CalendarField.Parse(parts[0], 0, 23);
        var minute = CalendarField.Parse(parts[1], 0, 59);
        var second = CalendarField.Parse(parts.Length == 3 ? parts[2] : "00", 0, 59);
        if (hour is null || minute is null || second is null) return false;
        spec = new CalendarSpec(text.Trim(), weekdays, year!, month!, day!, fromEnd, hour, minute, second, zone);
        return true;
    }

    /// <summary>
    /// The first elapse strictly after <paramref name="after"/>, in the expression's zone or else <paramref name="hostZone"/>;
    /// null when none comes within thirty years. A local time that the zone skips (spring forward) does not elapse; one it
    /// repeats (fall back) elapses at its first occurrence.
    /// </summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after, TimeZoneInfo hostZone)
    {
        var zone = Zone ?? hostZone;
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        var day = local.Date;
        for (int n = 0; n < SearchDays; n++, day = day.AddDays(1))
        {
            if (day.Year > 9000) return null;
            if (!DayMatches(day)) continue;
            for (int h = 0; h < 24; h++)
            {
                if (!_hour.Matches(h)) continue;
                for (int m = 0; m < 60; m++)
                {
                    if (!_minute.Matches(m)) continue;
                    for (int s = 0; s < 60; s++)
                    {
                        if (!_second.Matches(s)) continue;
                        var candidate = day.AddHours(h).AddMinutes(m).AddSeconds(s);
                        if (candidate < local.AddHours(-3)) continue;
                        if (zone.IsInvalidTime(candidate)) continue;
                        var offset = zone.IsAmbiguousTime(candidate) ? zone.GetAmbiguousTimeOffsets(candidate).Max() : zone.GetUtcOffset(candidate);
                        var instant = new DateTimeOffset(candidate, offset);
                        if (instant > after) return instant;
                    }
                }
            }
        }
        return null;
    }

    /// <summary>The last elapse at or before <paramref name="at"/>, searching back <paramref name="reach"/>; null when none.</summary>
    public DateTimeOffset? LastAtOrBefore(DateTimeOffset at, TimeZoneInfo hostZone, TimeSpan reach)
    {
        DateTimeOffset? last = null;
        var t = at - reach - TimeSpan.FromSeconds(1);
        while (NextAfter(t, hostZone) is { } next && next <= at)
        {
            last = next;
            t = next;
        }
        return last;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private bool DayMatches(DateTime day)
    {
        if (!_weekdays[(int)day.DayOfWeek] || !_year.Matches(day.Year) || !_month.Matches(day.Month)) return false;
        int d = _dayFromEnd ? DateTime.DaysInMonth(day.Year, day.Month) - day.Day + 1 : day.Day;
        return _day.Matches(d);
    }

    private static bool TryDate(string date, out CalendarField? year, out CalendarField? month, out CalendarField? day, out bool fromEnd)
    {
        year = month = day = null;
        fromEnd = false;
        string head = date, dayText;
        int tilde = date.IndexOf('~');
        if (tilde >= 0)
        {
            fromEnd = true;
            head = date[..tilde];
            dayText = date[(tilde + 1)..];
        }
        else
        {
            int last = date.LastIndexOf('-');
            if (last < 0) return false;
            head = date[..last];
            dayText = date[(last + 1)..];
        }
        var front = head.Split('-');
        string yearText = "*", monthText;
        if (front.Length == 2) (yearText, monthText) = (front[0], front[1]);
        else if (front.Length == 1) monthText = front[0];
        else return false;
        year = CalendarField.Parse(yearText, 1970, 2199);
        month = CalendarField.Parse(monthText, 1, 12);
        day = CalendarField.Parse(dayText, 1, 31, downward: fromEnd);
        return year is not null && month is not null && day is not null;
    }

    private static bool TryWeekdays(string text, bool[] weekdays)
    {
        foreach (string part in text.Split(','))
        {
            int dots = part.IndexOf("..", StringComparison.Ordinal);
            int from = Day(dots >= 0 ? part[..dots] : part), to = dots >= 0 ? Day(part[(dots + 2)..]) : from;
            if (from < 0 || to < 0) return false;
            // Ranges run Monday-first (Mon..Sun); Sun..Sat would be empty in systemd too, it is refused here.
            int f = (from + 6) % 7, t = (to + 6) % 7;
            if (t < f) return false;
            for (int d = f; d <= t; d++) weekdays[(d + 1) % 7] = true;
        }
        return true;
    }

    private static int Day(string name)
    {
        int i = Array.FindIndex(DayNames, d => d.Equals(name, StringComparison.OrdinalIgnoreCase));
        return i >= 0 ? i : Array.FindIndex(LongDayNames, d => d.Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    private static bool TryZone(string token, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (token.Contains(':') || token.Contains('-') && !token.Contains('/') || Shorthands.ContainsKey(token)) return false;
        if (token is "UTC" or "utc" or "Z") { zone = TimeZoneInfo.Utc; return true; }
        if (!token.Contains('/')) return false;
        // The Try form: a token from a unit file naming a directory ("Europe/") makes the throwing form raise a
        // SecurityException (found by the timer-unit fuzz target), not TimeZoneNotFoundException.
        return TimeZoneInfo.TryFindSystemTimeZoneById(token, out zone);
    }
}
