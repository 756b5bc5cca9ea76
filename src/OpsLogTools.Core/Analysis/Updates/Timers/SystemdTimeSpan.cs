using System.Globalization;

namespace OpsLogTools.Core.Analysis.Updates.Timers;

/// <summary>
/// systemd time spans (systemd.time(7)): <c>60</c> (seconds), <c>60m</c>, <c>1h 30min</c>, <c>12h</c>, <c>2d</c>, <c>100min</c>,
/// with the units <c>us</c>, <c>ms</c>, <c>s</c>/<c>sec</c>/<c>second(s)</c>, <c>m</c>/<c>min</c>/<c>minute(s)</c>,
/// <c>h</c>/<c>hr</c>/<c>hour(s)</c>, <c>d</c>/<c>day(s)</c>, <c>w</c>/<c>week(s)</c>, <c>M</c>/<c>month(s)</c> (30.44 days),
/// <c>y</c>/<c>year(s)</c> (365.25 days).
/// </summary>
internal static class SystemdTimeSpan
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 128) return false;
        var s = text.AsSpan().Trim();
        double total = 0;
        bool any = false;
        while (!s.IsEmpty)
        {
            int n = 0;
            while (n < s.Length && (char.IsAsciiDigit(s[n]) || s[n] == '.')) n++;
            if (n == 0 || !double.TryParse(s[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number)) return false;
            s = s[n..].TrimStart();
            int u = 0;
            while (u < s.Length && char.IsAsciiLetter(s[u])) u++;
            double? seconds = Seconds(s[..u].ToString());
            if (seconds is null) return false;
            total += number * seconds.Value;
            any = true;
            s = s[u..].TrimStart();
        }
        if (!any || total > TimeSpan.MaxValue.TotalSeconds / 2) return false;
        value = TimeSpan.FromSeconds(total);
        return true;
    }

    private static double? Seconds(string unit) => unit switch
    {
        "" or "s" or "sec" or "second" or "seconds" => 1,
        "us" or "usec" or "µs" => 1e-6,
        "ms" or "msec" => 1e-3,
        "m" or "min" or "minute" or "minutes" => 60,
        "h" or "hr" or "hour" or "hours" => 3600,
        "d" or "day" or "days" => 86400,
        "w" or "week" or "weeks" => 7 * 86400,
        "M" or "month" or "months" => 30.44 * 86400,
        "y" or "year" or "years" => 365.25 * 86400,
        _ => null,
    };
}
