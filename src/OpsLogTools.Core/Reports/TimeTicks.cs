using System.Globalization;

namespace OpsLogTools.Core.Reports;

/// <summary>
/// Ticks for a time axis of any span, from minutes to decades: a step chosen so that at most a given number of labels
/// fit, falling on round local times (whole hours, midnights, first days of months, new years), each with its label
/// and, where the day or year changes, a second line that says which.
/// </summary>
internal static class TimeTicks
{
    private enum Unit { Minute, Hour, Day, Month, Year }

    private static readonly (Unit Unit, int Count)[] Steps =
    [
        (Unit.Minute, 1), (Unit.Minute, 2), (Unit.Minute, 5), (Unit.Minute, 10), (Unit.Minute, 15), (Unit.Minute, 30),
        (Unit.Hour, 1), (Unit.Hour, 2), (Unit.Hour, 3), (Unit.Hour, 6), (Unit.Hour, 12),
        (Unit.Day, 1), (Unit.Day, 2), (Unit.Day, 7), (Unit.Day, 14),
        (Unit.Month, 1), (Unit.Month, 2), (Unit.Month, 3), (Unit.Month, 6),
        (Unit.Year, 1), (Unit.Year, 2), (Unit.Year, 5), (Unit.Year, 10), (Unit.Year, 20), (Unit.Year, 50), (Unit.Year, 100),
    ];

    /// <summary>One tick: where, its label, and the second line (day or year) when it changes there, else null.</summary>
    public readonly record struct Tick(DateTimeOffset Time, string Label, string? Context);

    /// <summary>The ticks between <paramref name="start"/> and <paramref name="end"/>, at most <paramref name="maxTicks"/> of them (and at least one step).</summary>
    public static IReadOnlyList<Tick> For(DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone, int maxTicks)
    {
        double spanMinutes = Math.Max((end - start).TotalMinutes, 1);
        var (unit, count) = Steps.FirstOrDefault(s => spanMinutes / Approx(s.Unit, s.Count) <= maxTicks, Steps[^1]);
        var local = TimeZoneInfo.ConvertTime(start, zone).DateTime;
        DateTime t = unit switch
        {
            Unit.Minute => new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute / count * count, 0),
            Unit.Hour => new DateTime(local.Year, local.Month, local.Day, local.Hour / count * count, 0, 0),
            Unit.Day => local.Date,
            Unit.Month => new DateTime(local.Year, (local.Month - 1) / count * count + 1, 1),
            _ => new DateTime(Math.Max(1, local.Year / count * count), 1, 1),
        };
        var ticks = new List<Tick>();
        string? lastDay = null, lastYear = null;
        for (int guard = 0; guard < 1000; guard++, t = Next(t, unit, count))
        {
            if (t == DateTime.MaxValue) break;
            var at = new DateTimeOffset(t, zone.GetUtcOffset(t));
            if (at > end) break;
            if (at < start) continue;
            string day = t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), year = t.ToString("yyyy", CultureInfo.InvariantCulture);
            string? context;
            string label;
            switch (unit)
            {
                case Unit.Minute or Unit.Hour:
                    label = t.ToString("HH:mm", CultureInfo.InvariantCulture);
                    context = day != lastDay ? (lastDay is null || year != lastYear ? day : t.ToString("MM-dd", CultureInfo.InvariantCulture)) : null;
                    break;
                case Unit.Day:
                    label = t.ToString("MM-dd", CultureInfo.InvariantCulture);
                    context = year != lastYear ? year : null;
                    break;
                case Unit.Month:
                    label = t.ToString("MMM", CultureInfo.InvariantCulture);
                    context = year != lastYear ? year : null;
                    break;
                default:
                    label = year;
                    context = null;
                    break;
            }
            (lastDay, lastYear) = (day, year);
            ticks.Add(new Tick(at, label, context));
        }
        return ticks;
    }

    private static double Approx(Unit unit, int count) => count * unit switch
    {
        Unit.Minute => 1.0,
        Unit.Hour => 60.0,
        Unit.Day => 1440.0,
        Unit.Month => 43_830.0,
        _ => 525_960.0,
    };

    private static DateTime Next(DateTime t, Unit unit, int count) => unit switch
    {
        Unit.Minute => t.AddMinutes(count),
        Unit.Hour => t.AddHours(count),
        Unit.Day => t.AddDays(count),
        Unit.Month => t.AddMonths(count),
        _ => t.Year + count > 9999 ? DateTime.MaxValue : t.AddYears(count),
    };
}
