namespace OpsLogTools.Core.Reading;

/// <summary>
/// What yearless and zoneless stamps are resolved against: a window of true time the file is expected to
/// fall in (from the bundle's fully dated files, from -ReferenceDate, or from the file's mtime) and a zone.
/// </summary>
public sealed class TimeReference
{
    /// <summary>Creates a reference.</summary>
    /// <param name="windowStart">Earliest instant the bundle is known to cover.</param>
    /// <param name="windowEnd">Latest instant the bundle is known to cover.</param>
    /// <param name="zone">Zone for zoneless local stamps; null means use <paramref name="fixedOffset"/>.</param>
    /// <param name="fixedOffset">Fixed offset used when <paramref name="zone"/> is null.</param>
    /// <param name="yearSource">Where the year window came from, in words (e.g. <c>bundle (httpd/access_log)</c>).</param>
    /// <param name="zoneSource">Where the zone came from, in words.</param>
    public TimeReference(DateTimeOffset windowStart, DateTimeOffset windowEnd, TimeZoneInfo? zone, TimeSpan fixedOffset,
        string yearSource, string zoneSource)
    {
        if (windowEnd < windowStart) (windowStart, windowEnd) = (windowEnd, windowStart);
        WindowStart = windowStart;
        WindowEnd = windowEnd;
        Zone = zone;
        FixedOffset = fixedOffset;
        YearSource = yearSource;
        ZoneSource = zoneSource;
    }

    /// <summary>Earliest instant of the reference window.</summary>
    public DateTimeOffset WindowStart { get; }
    /// <summary>Latest instant of the reference window.</summary>
    public DateTimeOffset WindowEnd { get; }
    /// <summary>Zone with rules (daylight saving), or null for a fixed offset.</summary>
    public TimeZoneInfo? Zone { get; }
    /// <summary>Offset used when <see cref="Zone"/> is null.</summary>
    public TimeSpan FixedOffset { get; }
    /// <summary>Where the year window came from.</summary>
    public string YearSource { get; }
    /// <summary>Where the zone came from.</summary>
    public string ZoneSource { get; }

    /// <summary>True when the year window is a guess (a file's modification time), not evidence from the logs.</summary>
    public bool YearIsGuessed => TimeBasisWords.IsGuess(YearSource);

    /// <summary>True when the zone is a guess (the local zone of the machine running the tool), not evidence from the logs.</summary>
    public bool ZoneIsGuessed => TimeBasisWords.IsGuess(ZoneSource);

    /// <summary>Zone name for messages.</summary>
    public string ZoneName => Zone?.Id ?? FormatOffset(FixedOffset);

    /// <summary>Formats an offset as +09:00.</summary>
    public static string FormatOffset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A reference around one instant (a -ReferenceDate or a file's mtime) in the given zone.</summary>
    public static TimeReference AtInstant(DateTimeOffset instant, TimeZoneInfo zone, string yearSource, string zoneSource) =>
        new(instant, instant, zone, zone.GetUtcOffset(instant), yearSource, zoneSource);
}
