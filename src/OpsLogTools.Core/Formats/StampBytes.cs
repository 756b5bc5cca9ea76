namespace OpsLogTools.Core.Formats;

/// <summary>
/// Byte-level readers for the stamps and prefixes of the syslog family. No regex, no allocation: every method
/// checks its bounds and returns false on anything it does not recognise, so random bytes never throw.
/// </summary>
internal static class StampBytes
{
    private static readonly string[] SeverityNames = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"];

    /// <summary>The syslog severity word for 0–7 (as rsyslog's <c>%syslogseverity-text%</c> prints it), else null.</summary>
    public static string? SeverityName(int severity) => (uint)severity < 8 ? SeverityNames[severity] : null;

    public static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    /// <summary>Reads <c>&lt;PRI&gt;</c> (1–3 digits, at most 191) at the start of a line.</summary>
    public static bool TryParsePri(ReadOnlySpan<byte> s, out int pri, out int length)
    {
        pri = 0;
        length = 0;
        if (s.Length < 3 || s[0] != '<') return false;
        int i = 1;
        while (i < s.Length && i <= 3 && IsDigit(s[i]))
        {
            pri = pri * 10 + (s[i] - '0');
            i++;
        }
        if (i == 1 || i >= s.Length || s[i] != '>' || pri > 191) return false;
        length = i + 1;
        return true;
    }

    /// <summary>Month number from an English three-letter abbreviation (any case), else 0.</summary>
    public static int Month(byte a, byte b, byte c)
    {
        // Fold to lower case; non-letters cannot match any name below.
        int x = (a | 0x20) << 16 | (b | 0x20) << 8 | (c | 0x20);
        return x switch
        {
            ('j' << 16 | 'a' << 8 | 'n') => 1,
            ('f' << 16 | 'e' << 8 | 'b') => 2,
            ('m' << 16 | 'a' << 8 | 'r') => 3,
            ('a' << 16 | 'p' << 8 | 'r') => 4,
            ('m' << 16 | 'a' << 8 | 'y') => 5,
            ('j' << 16 | 'u' << 8 | 'n') => 6,
            ('j' << 16 | 'u' << 8 | 'l') => 7,
            ('a' << 16 | 'u' << 8 | 'g') => 8,
            ('s' << 16 | 'e' << 8 | 'p') => 9,
            ('o' << 16 | 'c' << 8 | 't') => 10,
            ('n' << 16 | 'o' << 8 | 'v') => 11,
            ('d' << 16 | 'e' << 8 | 'c') => 12,
            _ => 0,
        };
    }

    /// <summary>
    /// Reads <c>Mmm dd hh:mm:ss</c> with the day space-padded (<c>Jul  2</c>, as rsyslog writes it), zero-padded
    /// (<c>Jul 02</c>) or bare (<c>Jul 2</c>), and an optional fraction of a second. The stamp must end the line
    /// or be followed by a space.
    /// </summary>
    public static bool TryParseBsd(ReadOnlySpan<byte> s, out BsdStamp stamp, out int length)
    {
        stamp = default;
        length = 0;
        if (s.Length < 14) return false;
        int month = Month(s[0], s[1], s[2]);
        if (month == 0 || s[3] != ' ') return false;
        int i = 4;
        if (s[i] == ' ') i++;
        int day = 0, start = i;
        while (i < s.Length && i - start < 2 && IsDigit(s[i]))
        {
            day = day * 10 + (s[i] - '0');
            i++;
        }
        if (i == start || day < 1 || day > 31 || i >= s.Length || s[i] != ' ') return false;
        i++;
        if (!TryParseClock(s, ref i, out int hour, out int minute, out int second)) return false;
        long fraction = 0;
        if (i < s.Length && s[i] == '.' && !TryParseFraction(s, ref i, out fraction)) return false;
        if (i < s.Length && s[i] != ' ') return false;
        stamp = new BsdStamp(month, day, hour, minute, second, fraction);
        length = i;
        return true;
    }

    /// <summary>
    /// Reads <c>YYYY-MM-DDThh:mm:ss[.f…](Z|±hh:mm|±hhmm)</c>. The offset is kept as written. The stamp must end
    /// the line or be followed by a space.
    /// </summary>
    public static bool TryParseIso(ReadOnlySpan<byte> s, out DateTimeOffset value, out int length, out bool hasFraction, out IsoOffsetStyle offsetStyle)
    {
        value = default;
        length = 0;
        hasFraction = false;
        offsetStyle = IsoOffsetStyle.Zulu;
        if (s.Length < 20) return false;
        if (!TryDigits(s, 0, 4, out int year) || s[4] != '-' || !TryDigits(s, 5, 2, out int month) || s[7] != '-'
            || !TryDigits(s, 8, 2, out int day) || s[10] != 'T') return false;
        int i = 11;
        if (!TryParseClock(s, ref i, out int hour, out int minute, out int second)) return false;
        long fraction = 0;
        if (i < s.Length && s[i] == '.')
        {
            if (!TryParseFraction(s, ref i, out fraction)) return false;
            hasFraction = true;
        }
        if (i >= s.Length) return false;
        TimeSpan offset;
        if (s[i] == 'Z')
        {
            offset = TimeSpan.Zero;
            i++;
        }
        else if (s[i] == '+' || s[i] == '-')
        {
            int sign = s[i] == '-' ? -1 : 1;
            i++;
            if (!TryDigits(s, i, 2, out int oh)) return false;
            i += 2;
            if (i < s.Length && s[i] == ':')
            {
                offsetStyle = IsoOffsetStyle.Colon;
                i++;
            }
            else
            {
                offsetStyle = IsoOffsetStyle.NoColon;
            }
            if (!TryDigits(s, i, 2, out int om)) return false;
            i += 2;
            if (om > 59 || oh * 60 + om > 14 * 60) return false;
            offset = TimeSpan.FromMinutes(sign * (oh * 60 + om));
        }
        else
        {
            return false;
        }
        if (i < s.Length && s[i] != ' ') return false;
        // Years 1 and 9999 could overflow once the offset is applied; no log is written there.
        if (year < 2 || year > 9998 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fraction);
        length = i;
        return true;
    }

    /// <summary>The token that starts <paramref name="s"/>, up to the first space or the end.</summary>
    public static ReadOnlySpan<byte> Token(ReadOnlySpan<byte> s)
    {
        int sp = s.IndexOf((byte)' ');
        return sp < 0 ? s : s[..sp];
    }

    /// <summary>What follows the first token and the single space after it (empty when nothing follows).</summary>
    public static ReadOnlySpan<byte> AfterToken(ReadOnlySpan<byte> s)
    {
        int sp = s.IndexOf((byte)' ');
        return sp < 0 ? default : s[(sp + 1)..];
    }

    /// <summary>Reads an int of 1–9 ASCII digits making up the whole span.</summary>
    public static bool TryParseInt(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 9) return false;
        foreach (byte b in s)
        {
            if (!IsDigit(b)) return false;
            value = value * 10 + (b - '0');
        }
        return true;
    }

    private static bool TryParseClock(ReadOnlySpan<byte> s, ref int i, out int hour, out int minute, out int second)
    {
        hour = minute = second = 0;
        if (i + 8 > s.Length || s[i + 2] != ':' || s[i + 5] != ':') return false;
        if (!TryDigits(s, i, 2, out hour) || !TryDigits(s, i + 3, 2, out minute) || !TryDigits(s, i + 6, 2, out second)) return false;
        if (hour > 23 || minute > 59 || second > 60) return false;
        // A leap second (:60) has no DateTime; keep it on the last whole second rather than reject the line.
        if (second == 60) second = 59;
        i += 8;
        return true;
    }

    private static bool TryParseFraction(ReadOnlySpan<byte> s, ref int i, out long ticks)
    {
        ticks = 0;
        int start = ++i;
        int digits = 0;
        while (i < s.Length && IsDigit(s[i]))
        {
            // Ticks are 100 ns: seven digits; finer digits are read past but dropped.
            if (digits < 7)
            {
                ticks = ticks * 10 + (s[i] - '0');
                digits++;
            }
            i++;
        }
        if (i == start) return false;
        for (; digits < 7; digits++) ticks *= 10;
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> s, int at, int count, out int value)
    {
        value = 0;
        if (at < 0 || at + count > s.Length) return false;
        for (int k = at; k < at + count; k++)
        {
            if (!IsDigit(s[k])) return false;
            value = value * 10 + (s[k] - '0');
        }
        return true;
    }
}
