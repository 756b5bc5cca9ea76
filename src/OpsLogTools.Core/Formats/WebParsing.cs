using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// Byte-level helpers shared by the web formats: fixed-width digits, English month and day names, and
/// calendar ticks computed by hand (DateTime.ParseExact costs more than the whole rest of an access line).
/// </summary>
internal static class WebParsing
{
    private static readonly int[] DaysBeforeMonth = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    private static readonly int[] DaysInMonth = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    /// <summary>Two ASCII digits at <paramref name="at"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Digits2(ReadOnlySpan<byte> s, int at)
    {
        if ((uint)(at + 1) >= (uint)s.Length) return -1;
        uint a = (uint)(s[at] - '0'), b = (uint)(s[at + 1] - '0');
        return a <= 9 && b <= 9 ? (int)(a * 10 + b) : -1;
    }

    /// <summary>Four ASCII digits at <paramref name="at"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Digits4(ReadOnlySpan<byte> s, int at)
    {
        int hi = Digits2(s, at), lo = Digits2(s, at + 2);
        return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
    }

    /// <summary>A run of ASCII digits (1 to <paramref name="maxDigits"/>), or -1. <paramref name="consumed"/> is its length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long DigitRun(ReadOnlySpan<byte> s, int at, int maxDigits, out int consumed)
    {
        long value = 0;
        int i = at;
        while (i < s.Length && i - at < maxDigits)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9) break;
            value = value * 10 + d;
            i++;
        }
        consumed = i - at;
        return consumed == 0 ? -1 : value;
    }

    /// <summary>Month 1-12 from an English three-letter abbreviation (Jan, jan, JAN), or 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Month(ReadOnlySpan<byte> s, int at)
    {
        if (at < 0 || at + 3 > s.Length) return 0;
        // Lower-case all three bytes at once; non-letters cannot collide with a month key after this.
        int key = ((s[at] | 0x20) << 16) | ((s[at + 1] | 0x20) << 8) | (s[at + 2] | 0x20);
        return key switch
        {
            ('j' << 16) | ('a' << 8) | 'n' => 1,
            ('f' << 16) | ('e' << 8) | 'b' => 2,
            ('m' << 16) | ('a' << 8) | 'r' => 3,
            ('a' << 16) | ('p' << 8) | 'r' => 4,
            ('m' << 16) | ('a' << 8) | 'y' => 5,
            ('j' << 16) | ('u' << 8) | 'n' => 6,
            ('j' << 16) | ('u' << 8) | 'l' => 7,
            ('a' << 16) | ('u' << 8) | 'g' => 8,
            ('s' << 16) | ('e' << 8) | 'p' => 9,
            ('o' << 16) | ('c' << 8) | 't' => 10,
            ('n' << 16) | ('o' << 8) | 'v' => 11,
            ('d' << 16) | ('e' << 8) | 'c' => 12,
            _ => 0,
        };
    }

    /// <summary>True when three bytes are letters (a day name such as Tue; not checked against the date).</summary>
    public static bool IsLetters3(ReadOnlySpan<byte> s, int at) =>
        at >= 0 && at + 3 <= s.Length && IsLetter(s[at]) && IsLetter(s[at + 1]) && IsLetter(s[at + 2]);

    public static bool IsLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    public static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    /// <summary>
    /// Ticks of a calendar date and time, or -1 when it is not a real date. Years are kept within 2..9998 so an
    /// offset of up to ±14 h can never push the instant out of <see cref="DateTimeOffset"/>'s range.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Ticks(int year, int month, int day, int hour, int minute, int second)
    {
        if ((uint)(year - 2) > 9996 || (uint)(month - 1) > 11 || day < 1 || (uint)hour > 23 || (uint)minute > 59 || (uint)second > 59)
            return -1;
        bool leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
        int dim = month == 2 ? (leap ? 29 : 28) : DaysInMonth[month];
        if (day > dim) return -1;
        int y = year - 1;
        long days = y * 365L + y / 4 - y / 100 + y / 400 + DaysBeforeMonth[month] + (leap && month > 2 ? 1 : 0) + day - 1;
        return days * TimeSpan.TicksPerDay + (hour * 3600L + minute * 60L + second) * TimeSpan.TicksPerSecond;
    }

    /// <summary>
    /// A fraction of a second written after a '.', as ticks (1 to 7+ digits; digits past the seventh are dropped).
    /// Returns the ticks and how many bytes were digits (0 when none).
    /// </summary>
    public static long FractionTicks(ReadOnlySpan<byte> s, int at, out int consumed)
    {
        long ticks = 0;
        int i = at, scale = 7;
        while (i < s.Length && IsDigit(s[i]))
        {
            if (scale > 0)
            {
                ticks = ticks * 10 + (s[i] - '0');
                scale--;
            }
            i++;
        }
        consumed = i - at;
        while (scale-- > 0) ticks *= 10;
        return consumed == 0 ? 0 : ticks;
    }

    /// <summary>An ASCII span equal, ignoring case, to a lower-case literal of letters and digits.</summary>
    public static bool EqualsLower(ReadOnlySpan<byte> s, ReadOnlySpan<byte> lower)
    {
        if (s.Length != lower.Length) return false;
        for (int i = 0; i < s.Length; i++)
        {
            if ((s[i] | 0x20) != lower[i]) return false;
        }
        return true;
    }
}
