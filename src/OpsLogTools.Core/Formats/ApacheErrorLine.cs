namespace OpsLogTools.Core.Formats;

/// <summary>
/// The parts Apache 2.2 and 2.4 error_log lines share: the ctime-style stamp in brackets
/// (<c>[Tue Jul 19 21:10:03.123456 2022]</c>, the fraction only in 2.4) and the bracketed level that follows.
/// </summary>
internal static class ApacheErrorLine
{
    /// <summary>
    /// Reads <c>[Dow Mon dd hh:mm:ss[.ffffff] yyyy] [level]</c>. <paramref name="level"/> is the inside of the
    /// second bracket; <paramref name="rest"/> is the offset after it (at the space before the next part, or the end).
    /// </summary>
    public static bool TryReadHead(ReadOnlySpan<byte> line, out DateTime local, out FieldRange stamp, out FieldRange level, out int rest)
    {
        local = default;
        stamp = default;
        level = default;
        rest = 0;
        // "[Tue Jul 19 21:10:03 2022]" is 26 bytes at least.
        if (line.Length < 26 || line[0] != (byte)'[' || !WebParsing.IsLetters3(line, 1) || line[4] != (byte)' ' || line[8] != (byte)' ')
            return false;
        int month = WebParsing.Month(line, 5);
        // apr_ctime pads the day with a zero; accept a space too, as C's ctime writes.
        int day = line[9] == (byte)' ' ? WebParsing.IsDigit(line[10]) ? line[10] - '0' : -1 : WebParsing.Digits2(line, 9);
        if (month == 0 || day < 0 || line[11] != (byte)' ' || line[14] != (byte)':' || line[17] != (byte)':') return false;
        int hour = WebParsing.Digits2(line, 12), minute = WebParsing.Digits2(line, 15), second = WebParsing.Digits2(line, 18);
        int p = 20;
        long fraction = 0;
        if (p < line.Length && line[p] == (byte)'.')
        {
            fraction = WebParsing.FractionTicks(line, p + 1, out int n);
            if (n == 0) return false;
            p += 1 + n;
        }
        if (p + 6 > line.Length || line[p] != (byte)' ' || line[p + 5] != (byte)']') return false;
        int year = WebParsing.Digits4(line, p + 1);
        long ticks = WebParsing.Ticks(year, month, day, hour, minute, second);
        if (ticks < 0) return false;
        local = new DateTime(ticks + fraction, DateTimeKind.Unspecified);
        stamp = new FieldRange(1, p + 4);
        p += 6;

        if (p + 3 > line.Length || line[p] != (byte)' ' || line[p + 1] != (byte)'[') return false;
        int close = line[(p + 2)..].IndexOf((byte)']');
        if (close < 0) return false;
        level = new FieldRange(p + 2, close);
        rest = p + 2 + close + 1;
        return true;
    }

    /// <summary>The offset where the message starts: after the space following <paramref name="at"/>, if any.</summary>
    public static int SkipSpace(ReadOnlySpan<byte> line, int at) => at < line.Length && line[at] == (byte)' ' ? at + 1 : at;
}
