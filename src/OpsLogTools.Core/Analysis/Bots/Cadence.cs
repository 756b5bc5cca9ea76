namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>The rhythm of a client's requests: median interval and how tightly the intervals cluster around it.</summary>
/// <param name="Intervals">How many intervals were measured (or sampled).</param>
/// <param name="MedianSeconds">Median interval.</param>
/// <param name="P5Seconds">5th percentile.</param>
/// <param name="P95Seconds">95th percentile.</param>
/// <param name="ShareNearMedian">Share of intervals within ±25% of the median.</param>
public readonly record struct Cadence(int Intervals, double MedianSeconds, double P5Seconds, double P95Seconds, double ShareNearMedian)
{
    /// <summary>
    /// Regular like a timer: at least nine intervals, a median of a second or more, the middle 90% of intervals no
    /// wider than the median itself, and four in five within ±25% of it. People reading pages are far less regular.
    /// </summary>
    public bool IsScripted => Intervals >= 9 && MedianSeconds >= 1 && (P95Seconds - P5Seconds) <= MedianSeconds && ShareNearMedian >= 0.8;

    /// <summary>An evidence line: <c>median interval 61 s, 90% within 55–67 s over 719 intervals: scripted</c>.</summary>
    public string Describe() =>
        $"median interval {Seconds(MedianSeconds)}, 90% within {Seconds(P5Seconds, false)}–{Seconds(P95Seconds)} over {Intervals} intervals"
        + (IsScripted ? ": scripted (regular like a timer)" : ": irregular");

    private static string Seconds(double s, bool unit = true)
    {
        string n = s >= 100 ? Math.Round(s).ToString("0", System.Globalization.CultureInfo.InvariantCulture)
            : s >= 10 ? s.ToString("0", System.Globalization.CultureInfo.InvariantCulture)
            : s.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        return unit ? n + " s" : n;
    }
}
