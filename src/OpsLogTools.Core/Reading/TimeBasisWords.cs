namespace OpsLogTools.Core.Reading;

/// <summary>
/// How <c>LogEntry.TimeBasis</c> says where a yearless or zoneless stamp got its year and zone
/// (<c>year 2022 from bundle (access_log); zone America/New_York from bundle (access_log)</c>), and how a reader of it
/// tells evidence from a guess: a source that is only the file's modification time or the zone of the machine running
/// the tool ends in <see cref="GuessMark"/>. The anomaly engine measures no fault against a guessed year or zone.
/// </summary>
public static class TimeBasisWords
{
    /// <summary>What ends a source that is a guess, not evidence from the logs.</summary>
    public const string GuessMark = " (guess)";

    private const string ZonePart = "zone ";

    /// <summary>The words for a source that is a guess.</summary>
    public static string Guess(string source) => source + GuessMark;

    /// <summary>True when <paramref name="source"/> (a year or zone source) is a guess.</summary>
    public static bool IsGuess(string source) => source.EndsWith(GuessMark, StringComparison.Ordinal);

    /// <summary>True when the year of a <c>TimeBasis</c> came from a guess (a file's modification time).</summary>
    public static bool YearIsGuessed(string? basis)
    {
        if (basis is null || !basis.StartsWith("year ", StringComparison.Ordinal)) return false;
        int zone = basis.IndexOf("; " + ZonePart, StringComparison.Ordinal);
        var year = zone < 0 ? basis.AsSpan() : basis.AsSpan(0, zone);
        return year.Contains(GuessMark, StringComparison.Ordinal);
    }

    /// <summary>True when the zone of a <c>TimeBasis</c> came from a guess (the local zone of the machine running the tool).</summary>
    public static bool ZoneIsGuessed(string? basis)
    {
        if (basis is null) return false;
        int zone = basis.StartsWith(ZonePart, StringComparison.Ordinal) ? 0 : basis.IndexOf("; " + ZonePart, StringComparison.Ordinal);
        if (zone < 0) return false;
        var rest = basis.AsSpan(zone);
        // A note after the zone (a day its year lacks) follows another "; ".
        int next = rest[2..].IndexOf("; ", StringComparison.Ordinal);
        if (next >= 0) rest = rest[..(next + 2)];
        return rest.Contains(GuessMark, StringComparison.Ordinal);
    }
}
