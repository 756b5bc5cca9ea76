namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Finds a clock reading that a program printed inside its own message (<c>2022-07-19 21:15:03 INFO ...</c>,
/// ISO 8601 with or without an offset, <c>[Tue Jul 19 21:15:03 2022]</c>). One forward pass over a bounded
/// prefix of the message, no regex: log text is untrusted.
/// </summary>
internal static class EmbeddedClockParser
{
    /// <summary>Programs put their own stamp near the front; looking further only finds dates that are not clocks.</summary>
    private const int ScanLimit = 200;

    private static readonly string[] Days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>
    /// Tries to read a clock from <paramref name="message"/>. <paramref name="ticks"/> is UTC ticks when
    /// <paramref name="hasZone"/>, else the wall-clock ticks as printed (zone unknown).
    /// </summary>
    public static bool TryFind(ReadOnlySpan<char> message, out long ticks, out bool hasZone)
    {
        ticks = 0;
        hasZone = false;
        if (message.Length > ScanLimit) message = message[..ScanLimit];
        for (int i = 0; i + 8 <= message.Length; i++)
        {
            char c = message[i];
            if (IsDigit(c))
            {
                if (i > 0 && IsDigit(message[i - 1])) continue;
                if (TryIso(message[i..], out ticks, out hasZone)) return true;
            }
            else if (c is >= 'A' and <= 'Z' && (i == 0 || !IsLetter(message[i - 1])))
            {
                if (TryCtime(message[i..], out ticks)) return true;
            }
        }
        return false;
    }

    // 2022-07-19 21:15:03[.123][Z|+09:00|+0900]  or 2022/07/19 ... or 2022-07-19T...
    private static bool TryIso(ReadOnlySpan<char> s, out long ticks, out bool hasZone)
    {
        ticks = 0;
        hasZone = false;
        if (s.Length < 19) return false;
        char sep = s[4];
        if (sep != '-' && sep != '/') return false;
        if (s[7] != sep || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':') return false;
        if (!Num(s, 0, 4, out int year) || !Num(s, 5, 2, out int month) || !Num(s, 8, 2, out int day)
            || !Num(s, 11, 2, out int hour) || !Num(s, 14, 2, out int minute) || !Num(s, 17, 2, out int second)) return false;
        if (!Valid(year, month, day, hour, minute, ref second)) return false;
        int p = 19;
        long fraction = 0;
        if (p < s.Length && (s[p] == '.' || s[p] == ',') && p + 1 < s.Length && IsDigit(s[p + 1]))
        {
            p++;
            long scale = TimeSpan.TicksPerSecond;
            while (p < s.Length && IsDigit(s[p]))
            {
                scale /= 10;
                fraction += (s[p] - '0') * scale;
                p++;
            }
        }
        long wall = new DateTime(year, month, day, hour, minute, second).Ticks + fraction;
        if (p < s.Length && s[p] == 'Z')
        {
            ticks = wall;
            hasZone = true;
            return true;
        }
        if (p < s.Length && (s[p] == '+' || s[p] == '-') && TryOffset(s[p..], out int offsetMinutes))
        {
            ticks = wall - offsetMinutes * TimeSpan.TicksPerMinute;
            hasZone = true;
            return true;
        }
        ticks = wall;
        return true;
    }

    private static bool TryOffset(ReadOnlySpan<char> s, out int minutes)
    {
        minutes = 0;
        int sign = s[0] == '-' ? -1 : 1;
        if (s.Length >= 6 && s[3] == ':' && Num(s, 1, 2, out int h) && Num(s, 4, 2, out int m)) { }
        else if (s.Length >= 5 && Num(s, 1, 2, out h) && Num(s, 3, 2, out m)) { }
        else return false;
        if (h > 14 || m > 59) return false;
        minutes = sign * (h * 60 + m);
        return true;
    }

    // Tue Jul 19 21:15:03[.123456] [ZONE ]2022
    private static bool TryCtime(ReadOnlySpan<char> s, out long ticks)
    {
        ticks = 0;
        if (s.Length < 24 || s[3] != ' ' || s[7] != ' ') return false;
        if (IndexOf(Days, s[..3]) < 0) return false;
        int month = IndexOf(Months, s.Slice(4, 3)) + 1;
        if (month == 0) return false;
        int p = 8;
        int dayStart = s[p] == ' ' ? p + 1 : p;
        int dayLen = dayStart + 1 < s.Length && IsDigit(s[dayStart + 1]) ? 2 : 1;
        if (!Num(s, dayStart, dayLen, out int day)) return false;
        p = dayStart + dayLen;
        if (p + 9 > s.Length || s[p] != ' ' || s[p + 3] != ':' || s[p + 6] != ':') return false;
        if (!Num(s, p + 1, 2, out int hour) || !Num(s, p + 4, 2, out int minute) || !Num(s, p + 7, 2, out int second)) return false;
        p += 9;
        long fraction = 0;
        if (p < s.Length && s[p] == '.')
        {
            p++;
            long scale = TimeSpan.TicksPerSecond;
            while (p < s.Length && IsDigit(s[p]))
            {
                scale /= 10;
                fraction += (s[p] - '0') * scale;
                p++;
            }
        }
        if (p >= s.Length || s[p] != ' ') return false;
        p++;
        // A zone word (JST, UTC) between time and year, as date(1) prints it: its meaning is not portable, so skip it.
        if (p < s.Length && IsLetter(s[p]))
        {
            int q = p;
            while (q < s.Length && q - p < 6 && IsLetter(s[q])) q++;
            if (q >= s.Length || s[q] != ' ') return false;
            p = q + 1;
        }
        if (!Num(s, p, 4, out int year)) return false;
        if (!Valid(year, month, day, hour, minute, ref second)) return false;
        ticks = new DateTime(year, month, day, hour, minute, second).Ticks + fraction;
        return true;
    }

    private static bool Valid(int year, int month, int day, int hour, int minute, ref int second)
    {
        if (year < 1971 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
        if (day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) return false;
        if (second == 60) second = 59;
        return true;
    }

    private static bool Num(ReadOnlySpan<char> s, int start, int length, out int value)
    {
        value = 0;
        if (start + length > s.Length) return false;
        for (int i = start; i < start + length; i++)
        {
            if (!IsDigit(s[i])) return false;
            value = value * 10 + (s[i] - '0');
        }
        return true;
    }

    private static int IndexOf(string[] names, ReadOnlySpan<char> word)
    {
        for (int i = 0; i < names.Length; i++)
        {
            if (word.SequenceEqual(names[i])) return i;
        }
        return -1;
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsLetter(char c) => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z';
}
