using System.Globalization;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Bundles;

/// <summary>
/// Finds the zone a host's local clock followed from the offsets seen at moments (<see cref="ZoneObservation"/>): one
/// offset throughout is that offset (or the local zone when it agrees, with its rules); offsets that change (a New
/// York host's <c>%z</c> going -0400 → -0500 in November, a Berlin host's printed UTC clocks +01:00 in February and
/// +02:00 in April) are fitted to the IANA zones whose rules give every observed offset at its moment, so each
/// zoneless stamp gets the offset in force at its own moment.
/// </summary>
internal static class ZoneFitter
{
    // When several zones share the observed changes, the one most hosts are set to (a principal city of each rule set).
    private static readonly string[] Preferred =
    [
        "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage",
        "Pacific/Honolulu", "America/Halifax", "America/St_Johns", "America/Toronto", "America/Vancouver", "America/Mexico_City",
        "America/Sao_Paulo", "America/Argentina/Buenos_Aires", "America/Santiago", "America/Bogota", "America/Lima",
        "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Berlin", "Europe/Paris", "Europe/Amsterdam", "Europe/Madrid",
        "Europe/Rome", "Europe/Stockholm", "Europe/Warsaw", "Europe/Prague", "Europe/Vienna", "Europe/Zurich", "Europe/Helsinki",
        "Europe/Athens", "Europe/Bucharest", "Europe/Kyiv", "Europe/Istanbul", "Europe/Moscow", "Africa/Cairo", "Africa/Johannesburg",
        "Africa/Lagos", "Africa/Nairobi", "Asia/Jerusalem", "Asia/Dubai", "Asia/Tehran", "Asia/Karachi", "Asia/Kolkata",
        "Asia/Dhaka", "Asia/Bangkok", "Asia/Jakarta", "Asia/Singapore", "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei",
        "Asia/Manila", "Asia/Seoul", "Asia/Tokyo", "Australia/Perth", "Australia/Adelaide", "Australia/Darwin",
        "Australia/Brisbane", "Australia/Sydney", "Australia/Hobart", "Pacific/Auckland", "UTC",
    ];

    private static readonly Lazy<IReadOnlyList<TimeZoneInfo>> SystemZones = new(Load);

    /// <summary>The zones fitted against (read on first use).</summary>
    public static IReadOnlyList<TimeZoneInfo> Zones => SystemZones.Value;

    /// <summary>The zone that fits <paramref name="observations"/>; null when there are none.</summary>
    /// <param name="observations">The offsets seen, in any order.</param>
    /// <param name="localZone">The zone of the machine running the tool: taken when it fits.</param>
    /// <param name="spanStart">Start of the time the zone is wanted for (UTC ticks), to say whether fitting zones differ there.</param>
    /// <param name="spanEnd">End of that time.</param>
    public static ZoneFit? Fit(IReadOnlyList<ZoneObservation> observations, TimeZoneInfo localZone, long spanStart, long spanEnd)
    {
        if (observations.Count == 0) return null;
        var points = ChangePoints(observations);
        var offsets = points.Select(p => p.Offset).Distinct().ToList();
        if (offsets.Count == 1)
        {
            // One offset throughout: the local zone's rules when they agree (existing behaviour), else that offset.
            return Fits(localZone, points)
                ? new ZoneFit(localZone, offsets[0], $"{Show(offsets[0])} throughout, as {localZone.Id} has it then")
                : new ZoneFit(null, offsets[0], $"{Show(offsets[0])} throughout");
        }

        string seen = Changes(points);
        var fitting = SystemZones.Value.Where(z => Fits(z, points)).ToList();
        if (Fits(localZone, points) && !fitting.Any(z => z.Id == localZone.Id)) fitting.Insert(0, localZone);
        if (fitting.Count == 0)
        {
            var mode = observations.GroupBy(o => o.Offset).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Max(o => o.UtcTicks)).First().Key;
            return new ZoneFit(null, mode, $"{seen}: no zone's rules give these offsets; the most seen, {Show(mode)}, is used", Consistent: false, Changes: true);
        }
        var pick = fitting.FirstOrDefault(z => z.Id == localZone.Id)
            ?? Preferred.Select(id => fitting.FirstOrDefault(z => z.Id == id)).FirstOrDefault(z => z is not null)
            ?? fitting.OrderBy(z => z.Id, StringComparer.Ordinal).First();
        int others = fitting.Count - 1;
        int differ = fitting.Count(z => !ReferenceEquals(z, pick) && Differs(z, pick, spanStart, spanEnd));
        string note = $"{seen}: fits {pick.Id}";
        if (others > 0)
        {
            note += differ == 0
                ? $" (and {others} other zone(s) that agree with it over the logs)"
                : $" (and {others} other zone(s), {differ} of which change at other moments within the logs)";
        }
        return new ZoneFit(pick, pick.GetUtcOffset(At(points[^1].UtcTicks)), note, Changes: true);
    }

    /// <summary>True when <paramref name="zone"/> gives every observed offset at its moment.</summary>
    private static bool Fits(TimeZoneInfo zone, List<ZoneObservation> points)
    {
        foreach (var p in points)
        {
            if (zone.GetUtcOffset(At(p.UtcTicks)) != p.Offset) return false;
        }
        return true;
    }

    /// <summary>The observations that bound each stretch of one offset (the first and last of it), in time order.</summary>
    private static List<ZoneObservation> ChangePoints(IReadOnlyList<ZoneObservation> observations)
    {
        var sorted = observations.OrderBy(o => o.UtcTicks).ToList();
        var points = new List<ZoneObservation>();
        for (int i = 0; i < sorted.Count; i++)
        {
            bool first = i == 0 || sorted[i - 1].Offset != sorted[i].Offset;
            bool last = i == sorted.Count - 1 || sorted[i + 1].Offset != sorted[i].Offset;
            if (first || last) points.Add(sorted[i]);
        }
        return points;
    }

    private static string Changes(List<ZoneObservation> points)
    {
        var parts = new List<string>();
        for (int i = 0; i + 1 < points.Count && parts.Count < 3; i++)
        {
            if (points[i].Offset == points[i + 1].Offset) continue;
            parts.Add($"{Show(points[i].Offset)} at {Utc(points[i].UtcTicks)}, {Show(points[i + 1].Offset)} at {Utc(points[i + 1].UtcTicks)}");
        }
        return "offsets " + string.Join("; ", parts);
    }

    private static bool Differs(TimeZoneInfo a, TimeZoneInfo b, long start, long end)
    {
        if (end < start) return false;
        // Daylight-saving changes fall on whole hours (or half hours): hourly samples find where two zones part.
        long step = end - start <= TimeSpan.TicksPerDay * 120 ? TimeSpan.TicksPerHour : TimeSpan.TicksPerHour * 6;
        for (long t = start; t <= end; t += step)
        {
            if (a.GetUtcOffset(At(t)) != b.GetUtcOffset(At(t))) return true;
        }
        return false;
    }

    private static DateTimeOffset At(long utcTicks) =>
        new(Math.Clamp(utcTicks, DateTimeOffset.MinValue.UtcTicks + TimeSpan.TicksPerDay, DateTimeOffset.MaxValue.UtcTicks - TimeSpan.TicksPerDay), TimeSpan.Zero);

    private static string Show(TimeSpan offset) => TimeReference.FormatOffset(offset);

    private static string Utc(long ticks) => At(ticks).ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The zones to fit against: the principal zones of the tz database (zone1970.tab, else zone.tab, beside the zone
    /// files .NET reads) and the preferred ones. Read by id: <see cref="TimeZoneInfo.GetSystemTimeZones()"/> also makes
    /// every display name, which takes seconds.
    /// </summary>
    private static IReadOnlyList<TimeZoneInfo> Load()
    {
        var ids = new List<string>(Preferred);
        string directory = Environment.GetEnvironmentVariable("TZDIR") is { Length: > 0 } tzdir ? tzdir : "/usr/share/zoneinfo";
        foreach (string table in new[] { "zone1970.tab", "zone.tab" })
        {
            string path = Path.Combine(directory, table);
            try
            {
                if (!File.Exists(path)) continue;
                foreach (string line in File.ReadLines(path))
                {
                    if (line.Length == 0 || line[0] == '#') continue;
                    var fields = line.Split('\t');
                    if (fields.Length >= 3) ids.Add(fields[2]);
                }
                break;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Without the table the preferred zones are still tried.
            }
        }
        var zones = new List<TimeZoneInfo>();
        foreach (string id in ids.Distinct(StringComparer.Ordinal))
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) zones.Add(zone);
        }
        return zones;
    }
}
