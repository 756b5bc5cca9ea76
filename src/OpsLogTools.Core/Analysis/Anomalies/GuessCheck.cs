using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Keeps the tool's own inference from being reported as the host's fault. A displacement is measured against the
/// year and zone the reader gave the stamps; where those were a guess (the file's mtime, the zone of the machine
/// running the tool: <see cref="TimeGuess"/>), an offset of whole years, a whole zone step, or a step back of a
/// daylight-saving change where some zone changes is what the guess itself makes. Such a run is reported as
/// <see cref="AnomalyKind.UncertainTime"/>, not as displaced stamps with a cause.
/// </summary>
internal static class GuessCheck
{
    private const long Second = TimeSpan.TicksPerSecond;
    private const double YearDays = 365.2425;

    /// <summary>Why the members' offset may be the reader's guess, or null when the guess cannot explain it.</summary>
    public static string? Explains(BundleFacts bundle, IReadOnlyList<DisplacedRun> members, long offsetTicks, double uncertaintySeconds, AnomalyCause cause)
    {
        foreach (var m in members)
        {
            var guess = bundle.GuessOf(m.File);
            if (guess == TimeGuess.None) continue;
            double days = offsetTicks / (double)TimeSpan.TicksPerDay;
            double years = Math.Round(days / YearDays);
            if ((guess & TimeGuess.Year) != 0 && years != 0 && Math.Abs(days - years * YearDays) <= 2 + uncertaintySeconds / 86400)
            {
                return $"The year the reader gave these stamps was a guess ({Words.File(m.File.Path)}'s modification time: nothing in the logs dated it), and the offset is {years:0} whole year(s): "
                    + "the clocks disagree with the guessed year, not with the host. Give -ReferenceDate to read it in the right year.";
            }
            if ((guess & TimeGuess.Zone) != 0 && cause == AnomalyCause.TimeZone)
            {
                if (m.Before < 0 && m.After < 0)
                {
                    return "The zone the reader gave these stamps was a guess (the zone of the machine running the tool: nothing in the logs showed it), and the offset is a whole zone step: "
                        + "the clocks disagree with the guessed zone, not with the host. Give -TimeZone to read it in the host's zone.";
                }
                if (DaylightSavingStep(m, offsetTicks) is { } zone)
                {
                    return $"The zone the reader gave these stamps was a guess with no daylight saving, and the run begins where {zone} moves its clocks back by {Words.Duration(TimeSpan.FromTicks(-offsetTicks))}: "
                        + "that is the host's daylight-saving change, not a fault. Give -TimeZone to read it in the host's zone.";
                }
            }
        }
        return null;
    }

    /// <summary>The finding for a run whose offset the reader's guess explains: the lines, the measurement, the reason.</summary>
    public static LogAnomaly Uncertain(DisplacedRun m, IReadOnlyList<DisplacedRun> members, string reason, IEnumerable<string> measured)
    {
        var f = m.File;
        int near = m.Before >= 0 ? m.Before : m.After;
        long lineCount = m.Before < 0 && m.After < 0 ? f.Line[m.Last] - f.Line[m.First] + 1 : m.LineCount;
        double seconds = m.OffsetTicks / (double)Second;
        var evidence = new List<string>
        {
            $"{f.Where(m.First)} through {f.Where(m.Last)}: {lineCount} line(s) read as {Words.Time(f.StampAt(m.First))} to {Words.Time(f.StampAt(m.Last))}.",
            reason,
        };
        evidence.AddRange(measured);
        return new LogAnomaly
        {
            Kind = AnomalyKind.UncertainTime,
            Path = f.Path,
            FirstLine = f.Line[m.First],
            LastLine = f.Line[m.Last],
            LineCount = lineCount,
            StampedStart = f.StampAt(m.First),
            StampedEnd = f.StampAt(m.Last),
            Start = f.InstantNear(f.Stamp[m.First] - m.OffsetTicks, near),
            End = f.InstantNear(f.Stamp[m.Last] - m.OffsetTicks, near),
            OffsetSeconds = seconds,
            OffsetUncertaintySeconds = Math.Round(m.UncertaintySeconds, 1),
            Basis = m.Basis,
            Cause = AnomalyCause.Unknown,
            Tampering = TamperVerdict.Unlikely,
            Confidence = 0.5,
            RelatedPaths = members.Where(o => !ReferenceEquals(o, m)).Select(o => o.File.Path).Distinct().ToList(),
            Summary = $"{lineCount} line(s) read {Words.Offset(seconds)} off the clocks in the logs, by a guessed year or zone: the time is uncertain, not shown wrong",
            Evidence = evidence,
        };
    }

    /// <summary>
    /// A zone in which the run's first line falls in the hour repeated after a fall-back of the run's size, the line
    /// before it in the last stretch of daylight time: the step back is that zone's change.
    /// </summary>
    private static string? DaylightSavingStep(DisplacedRun m, long offsetTicks)
    {
        if (m.Before < 0 || offsetTicks >= 0 || -offsetTicks > TimeSpan.TicksPerHour * 2) return null;
        var f = m.File;
        var first = f.StampAt(m.First).DateTime;
        var before = f.StampAt(m.Before).DateTime;
        foreach (var zone in ZoneFitter.Zones)
        {
            if (!zone.IsAmbiguousTime(first)) continue;
            var offsets = zone.GetAmbiguousTimeOffsets(first);
            long delta = (offsets.Max() - offsets.Min()).Ticks;
            if (Math.Abs(delta + offsetTicks) > 2 * TimeSpan.TicksPerMinute) continue;
            // The line before the step was written in the daylight hour just ended (or the hour before it).
            if (before >= first && before <= first.AddTicks(delta).AddMinutes(5)) return zone.Id;
        }
        return null;
    }
}
