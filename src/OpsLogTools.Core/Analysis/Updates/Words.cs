using System.Globalization;

namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>Durations, lists and times in the words an admin writes in an incident note.</summary>
internal static class Words
{
    public static string Duration(TimeSpan span)
    {
        span = span.Duration();
        if (span.TotalDays >= 1) return span.Hours == 0 ? $"{(int)span.TotalDays} d" : $"{(int)span.TotalDays} d {span.Hours} h";
        if (span.TotalHours >= 1) return span.Minutes == 0 ? $"{span.Hours} h" : $"{span.Hours} h {span.Minutes} min";
        if (span.TotalMinutes >= 10) return $"{span.Minutes} min";
        if (span.TotalMinutes >= 1) return span.Seconds == 0 ? $"{span.Minutes} min" : $"{span.Minutes} min {span.Seconds} s";
        return $"{(int)span.TotalSeconds} s";
    }

    public static string List(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };

    public static string Stamp(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    /// <summary>Time of day alone when <paramref name="t"/> falls on the same local day as <paramref name="reference"/>, else date and time.</summary>
    public static string Near(DateTimeOffset t, DateTimeOffset reference)
    {
        var local = t.ToOffset(reference.Offset);
        return local.Date == reference.Date
            ? local.ToString("HH:mm:ss", CultureInfo.InvariantCulture)
            : local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    public static string Minute(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
