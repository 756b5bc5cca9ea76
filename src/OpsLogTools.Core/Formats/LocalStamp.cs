namespace OpsLogTools.Core.Formats;

/// <summary>
/// Reads the dated, zoneless stamps the Debian package tools write: dpkg.log's <c>2016-08-06 17:35:39</c>, apt's
/// <c>2019-07-10  16:38:08</c> (two spaces) and Python logging's <c>2023-01-10 06:25:14,123</c> (unattended-upgrades).
/// No regex, no allocation; random bytes return false.
/// </summary>
internal static class LocalStamp
{
    /// <summary>
    /// Reads <c>YYYY-MM-DD</c>, one or two spaces, <c>hh:mm:ss</c> and, when <paramref name="allowMillis"/>, an optional
    /// <c>,fff</c>. The stamp must end the span or be followed by a space.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> s, bool allowMillis, out DateTime value, out int length)
    {
        value = default;
        length = 0;
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ') return false;
        int at = s[11] == ' ' ? 12 : 11;
        if (s.Length < at + 8 || s[at + 2] != ':' || s[at + 5] != ':') return false;
        if (!Digits(s[..4], out int year) || !Digits(s.Slice(5, 2), out int month) || !Digits(s.Slice(8, 2), out int day)
            || !Digits(s.Slice(at, 2), out int hour) || !Digits(s.Slice(at + 3, 2), out int minute) || !Digits(s.Slice(at + 6, 2), out int second))
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        int end = at + 8;
        int millis = 0;
        if (allowMillis && s.Length >= end + 4 && s[end] == ',' && Digits(s.Slice(end + 1, 3), out millis)) end += 4;
        if (end < s.Length && s[end] != ' ') return false;
        value = new DateTime(year, month, day, hour, minute, second, millis, DateTimeKind.Unspecified);
        length = end;
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (byte b in s)
        {
            if (!StampBytes.IsDigit(b)) return false;
            value = value * 10 + (b - '0');
        }
        return true;
    }
}
