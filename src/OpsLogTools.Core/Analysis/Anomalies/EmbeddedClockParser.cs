using OpsLogTools.Core.Formats;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Finds a clock reading that a program printed inside its own message (<c>2022-07-19 21:15:03 INFO ...</c>,
/// ISO 8601 with or without an offset, <c>[Tue Jul 19 21:15:03 2022]</c>): the dated readings of
/// <see cref="PrintedClockParser"/>, which the reader also uses to date yearless files.
/// </summary>
internal static class EmbeddedClockParser
{
    /// <summary>
    /// Tries to read a clock from <paramref name="message"/>. <paramref name="ticks"/> is UTC ticks when
    /// <paramref name="hasZone"/>, else the wall-clock ticks as printed (zone unknown).
    /// </summary>
    public static bool TryFind(ReadOnlySpan<char> message, out long ticks, out bool hasZone)
    {
        if (PrintedClockParser.TryFind(message, needYear: true, out var clock))
        {
            ticks = clock.Ticks;
            hasZone = clock.HasZone;
            return true;
        }
        ticks = 0;
        hasZone = false;
        return false;
    }
}
