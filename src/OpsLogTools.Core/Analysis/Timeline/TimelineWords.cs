using System.Globalization;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>Times, offsets and places worded the same way in every segment and story line.</summary>
internal static class TimelineWords
{
    public static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    public static string Where(string path, long line) => $"{Path.GetFileName(path)}:{line}";

    /// <summary>An offset as days, hours, minutes and seconds, with its sign: "-108 d 4 h 48 min 25 s".</summary>
    public static string Offset(double seconds)
    {
        if (double.IsNaN(seconds)) return "an unknown offset";
        string sign = seconds < 0 ? "-" : "+";
        var span = TimeSpan.FromSeconds(Math.Round(Math.Abs(seconds)));
        var parts = new List<string>();
        if (span.Days > 0) parts.Add(span.Days.ToString(CultureInfo.InvariantCulture) + " d");
        if (span.Hours > 0) parts.Add(span.Hours.ToString(CultureInfo.InvariantCulture) + " h");
        if (span.Minutes > 0) parts.Add(span.Minutes.ToString(CultureInfo.InvariantCulture) + " min");
        if (span.Seconds > 0 || parts.Count == 0) parts.Add(span.Seconds.ToString(CultureInfo.InvariantCulture) + " s");
        return sign + string.Join(' ', parts);
    }

    public static string Count(long n, string one, string many) =>
        n.ToString("N0", CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many);
}
