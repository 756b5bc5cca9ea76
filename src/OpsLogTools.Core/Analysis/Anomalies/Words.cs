using System.Globalization;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>How findings put times, offsets and places into words (invariant culture: evidence is read by people and grepped by scripts).</summary>
internal static class Words
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm:ss zzz", Inv);

    /// <summary>An offset as <c>-108 d 00:37:12 (-9333432 s)</c>, or <c>-09:00:00 (-32400 s)</c> under a day.</summary>
    public static string Offset(double seconds)
    {
        double rounded = Math.Round(seconds);
        var span = TimeSpan.FromSeconds(Math.Abs(rounded));
        string sign = rounded < 0 ? "-" : "+";
        string body = span.Days > 0
            ? string.Create(Inv, $"{span.Days} d {span.Hours:00}:{span.Minutes:00}:{span.Seconds:00}")
            : string.Create(Inv, $"{span.Hours:00}:{span.Minutes:00}:{span.Seconds:00}");
        return string.Create(Inv, $"{sign}{body} ({rounded:0} s)");
    }

    public static string Seconds(double seconds) => seconds.ToString("0.#", Inv) + " s";

    public static string Duration(TimeSpan span) =>
        span.TotalDays >= 1 ? string.Create(Inv, $"{(int)span.TotalDays} d {span.Hours:00}:{span.Minutes:00}:{span.Seconds:00}")
        : string.Create(Inv, $"{span.Hours:00}:{span.Minutes:00}:{span.Seconds:00}");

    public static string Number(double value) => value.ToString("0.###", Inv);

    public static string Probability(double p) => p < 1e-300 ? "< 1e-300" : p.ToString("0.#e0", Inv);

    public static string File(string path) => Path.GetFileName(path) is { Length: > 0 } name ? name : path;
}
