namespace OpsLogTools.Core.Formats;

/// <summary>
/// Finds a clock reading that a program printed inside its own message (<c>2022-07-19 21:15:03 INFO ...</c>, ISO 8601
/// with or without an offset, <c>ts=...Z</c>, Go's <c>2021/03/04 05:06:07</c>, Java and Python's <c>,123</c> fractions,
/// a kernel's <c>setting system clock to 2022-07-19 12:00:01 UTC</c>, ctime and <c>date</c> output such as
/// <c>Fri Jun 17 07:07:00 2005</c> or <c>Tue Jul 19 21:15:03 UTC 2022</c>, and ctime without a year, whose weekday
/// still dates it). One forward pass over a bounded prefix of the message, no regex: log text is untrusted.
/// </summary>
internal static class PrintedClockParser
{
    /// <summary>Programs put their own stamp near the front; looking further only finds dates that are not clocks.</summary>
    public const int ScanLimit = 200;

    private static readonly string[] Days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>
    /// The first clock in <paramref name="message"/>; with <paramref name="needYear"/>, the first that prints its year
    /// (a yearless ctime before it is passed over).
    /// </summary>
    public static bool TryFind(ReadOnlySpan<char> message, bool needYear, out PrintedClock clock)
    {
        clock = default;
        if (message.Length > ScanLimit) message = message[..ScanLimit];
        for (int i = 0; i + 8 <= message.Length; i++)
        {
            char c = message[i];
            bool found = false;
            if (IsDigit(c))
            {
                if (i > 0 && IsDigit(message[i - 1])) continue;
                found = TryIso(message[i..], out clock);
            }
            else if (c is >= 'A' and <= 'Z' && (i == 0 || !IsLetter(message[i - 1])))
            {
                found = TryCtime(message[i..], out clock);
            }
            if (found && (clock.HasYear || !needYear))
            {
                clock = clock with { Start = i };
                return true;
            }
        }
        clock = default;
        return false;
    }

    // 2022-07-19 21:15:03[.123|,123][Z|+09:00|+0900| UTC| GMT| +0000]  or 2022/07/19 ... or 2022-07-19T...
    private static bool TryIso(ReadOnlySpan<char> s, out PrintedClock clock)
    {
        clock = default;
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
            fraction = Fraction(s, ref p);
        }
        int? offset = null;
        if (p < s.Length && s[p] == 'Z')
        {
            offset = 0;
            p++;
        }
        else if (p < s.Length && (s[p] == '+' || s[p] == '-') && TryOffset(s[p..], out int minutes, out int used))
        {
            offset = minutes;
            p += used;
        }
        else if (p + 4 <= s.Length && s[p] == ' ' && IsUtcWord(s.Slice(p + 1, 3)) && (p + 4 == s.Length || !IsLetter(s[p + 4])))
        {
            // A kernel's "setting system clock to 2022-07-19 12:00:01 UTC", Go's "... +0000 UTC".
            offset = 0;
            p += 4;
        }
        else if (p + 1 < s.Length && s[p] == ' ' && (s[p + 1] == '+' || s[p + 1] == '-')
            && TryOffset(s[(p + 1)..], out int spaced, out int spacedUsed) && spaced % 15 == 0)
        {
            offset = spaced;
            p += 1 + spacedUsed;
        }
        clock = new PrintedClock(year, month, day, hour, minute, second, fraction, offset, null, 0, p);
        return true;
    }

    private static bool TryOffset(ReadOnlySpan<char> s, out int minutes, out int used)
    {
        minutes = 0;
        used = 0;
        int sign = s[0] == '-' ? -1 : 1;
        int h, m;
        if (s.Length >= 6 && s[3] == ':' && Num(s, 1, 2, out h) && Num(s, 4, 2, out m)) used = 6;
        else if (s.Length >= 5 && Num(s, 1, 2, out h) && Num(s, 3, 2, out m)) used = 5;
        else return false;
        // A longer run of digits is a number, not an offset.
        if (used < s.Length && IsDigit(s[used])) return false;
        if (h > 14 || m > 59) return false;
        minutes = sign * (h * 60 + m);
        return true;
    }

    // Tue Jul 19 21:15:03[.123456] [ZONE ][2022]
    private static bool TryCtime(ReadOnlySpan<char> s, out PrintedClock clock)
    {
        clock = default;
        if (s.Length < 19 || s[3] != ' ' || s[7] != ' ') return false;
        int weekday = IndexOf(Days, s[..3]);
        if (weekday < 0) return false;
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
        if (p + 1 < s.Length && s[p] == '.' && IsDigit(s[p + 1]))
        {
            p++;
            fraction = Fraction(s, ref p);
        }
        int end = p;
        int? offset = null;
        int year = 0;
        if (p < s.Length && s[p] == ' ')
        {
            int q = p + 1;
            // A zone between time and year, as date(1) prints it. UTC and GMT are portable; other words (JST, CET)
            // mean different things on different hosts, so they are read past and the clock stays zoneless.
            int? zone = null;
            if (q < s.Length && IsLetter(s[q]))
            {
                int r = q;
                while (r < s.Length && r - q < 6 && IsLetter(s[r])) r++;
                if (r - q == 3 && IsUtcWord(s.Slice(q, 3))) zone = 0;
                q = r < s.Length && s[r] == ' ' ? r + 1 : -1;
            }
            else if (q < s.Length && (s[q] == '+' || s[q] == '-') && TryOffset(s[q..], out int minutes, out int used))
            {
                zone = minutes;
                q = q + used < s.Length && s[q + used] == ' ' ? q + used + 1 : -1;
            }
            if (q > 0 && Num(s, q, 4, out int y) && (q + 4 == s.Length || !IsDigit(s[q + 4])))
            {
                year = y;
                offset = zone;
                end = q + 4;
            }
        }
        if (year != 0)
        {
            if (!Valid(year, month, day, hour, minute, ref second)) return false;
            // ctime always prints the weekday of its date: one that does not match is not a clock.
            if ((int)new DateTime(year, month, day).DayOfWeek != weekday) return false;
        }
        else
        {
            if (day < 1 || day > DateTime.DaysInMonth(2000, month) || hour > 23 || minute > 59 || second > 60) return false;
            if (second == 60) second = 59;
        }
        clock = new PrintedClock(year, month, day, hour, minute, second, fraction, offset, (DayOfWeek)weekday, 0, end);
        return true;
    }

    private static long Fraction(ReadOnlySpan<char> s, ref int p)
    {
        long fraction = 0;
        long scale = TimeSpan.TicksPerSecond;
        while (p < s.Length && IsDigit(s[p]))
        {
            scale /= 10;
            fraction += (s[p] - '0') * scale;
            p++;
        }
        return fraction;
    }

    private static bool Valid(int year, int month, int day, int hour, int minute, ref int second)
    {
        if (year < 1971 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
        if (day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) return false;
        if (second == 60) second = 59;
        return true;
    }

    private static bool IsUtcWord(ReadOnlySpan<char> word) => word.SequenceEqual("UTC") || word.SequenceEqual("GMT");

    private static bool Num(ReadOnlySpan<char> s, int start, int length, out int value)
    {
        value = 0;
        if (start < 0 || start + length > s.Length) return false;
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
