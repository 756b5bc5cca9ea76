namespace OpsLogTools.Core.Reading;

/// <summary>
/// Turns the stamps of one file into instants when they lack a year or a zone.
/// <para>
/// Year inference (documented in about_OpsLogTools): the first yearless stamp takes the year, among the
/// reference year and its neighbours, that puts it nearest the <see cref="TimeReference"/> window (inside it
/// when possible). After that the year only moves forward at a rollover: a stamp whose month is seven or more
/// months before the previous stamp's month (December → January, November → January after a quiet December).
/// A stamp seven or more months after the previous one is taken as the previous year (a clock gone back across New
/// Year: March, then "Nov 13", then March again) without moving the file's year.
/// A backward jump of fewer months in the middle of a file (July → April: a wrong clock) keeps the year, so
/// the displaced stretch stays visible to anomaly detection instead of silently moving a year.
/// </para>
/// <para>
/// Zones: a zone with rules resolves each local stamp with the rule in force; in the ambiguous hour after a
/// daylight-saving fall-back the offset that keeps the file in order is chosen; a local time inside a
/// spring-forward gap takes the offset in force before the gap.
/// </para>
/// </summary>
public sealed class StampClock
{
    private readonly TimeReference _reference;
    private int _year;
    private int _lastMonth;
    private DateTimeOffset _last = DateTimeOffset.MinValue;
    private string? _basis;

    /// <summary>Creates a clock for one file.</summary>
    public StampClock(TimeReference reference) => _reference = reference;

    /// <summary>The reference the clock resolves against.</summary>
    public TimeReference Reference => _reference;

    /// <summary>The year currently applied to yearless stamps (0 before the first one).</summary>
    public int CurrentYear => _year;

    /// <summary>How many times the year moved forward at a rollover.</summary>
    public int Rollovers { get; private set; }

    /// <summary>Words for <c>LogEntry.TimeBasis</c> of a yearless file (one shared string per year).</summary>
    public string YearlessBasis => _basis ??= $"year {_year} from {_reference.YearSource}; zone {_reference.ZoneName} from {_reference.ZoneSource}";

    /// <summary>Words for <c>LogEntry.TimeBasis</c> of a dated but zoneless stamp.</summary>
    public string ZonelessBasis => field ??= $"zone {_reference.ZoneName} from {_reference.ZoneSource}";

    /// <summary>Resolves a stamp with a year but no zone (Apache error_log, nginx error.log).</summary>
    public DateTimeOffset FromLocal(DateTime local)
    {
        var result = ApplyZone(DateTime.SpecifyKind(local, DateTimeKind.Unspecified));
        _last = result;
        return result;
    }

    /// <summary>Resolves a yearless stamp (syslog, yum.log). <paramref name="fractionTicks"/> is below one second.</summary>
    public DateTimeOffset FromYearless(int month, int day, int hour, int minute, int second, long fractionTicks = 0)
    {
        int year;
        if (_year == 0)
        {
            _year = ChooseFirstYear(month, day, hour, minute, second);
            _lastMonth = month;
            year = _year;
        }
        else if (month <= _lastMonth - 7)
        {
            _year++;
            Rollovers++;
            _basis = null;
            _lastMonth = month;
            year = _year;
        }
        else if (month >= _lastMonth + 7)
        {
            // Seven or more months forward is a stamp from the previous year (a clock or buffer gone back across New
            // Year): stamp it there, and keep the file's own course so the return is not taken for a rollover.
            year = _year - 1;
        }
        else
        {
            _lastMonth = month;
            year = _year;
        }

        // Feb 29 in a year that has none can only come from a wrong year guess or a wrong clock: keep it as Feb 28.
        int dim = DateTime.DaysInMonth(year, month);
        var local = new DateTime(year, month, Math.Min(day, dim), hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        var result = ApplyZone(local);
        _last = result;
        return result;
    }

    private int ChooseFirstYear(int month, int day, int hour, int minute, int second)
    {
        int refYear = _reference.WindowEnd.Year;
        int best = refYear;
        TimeSpan bestDistance = TimeSpan.MaxValue;
        for (int y = refYear + 1; y >= refYear - 1; y--)
        {
            int d = Math.Min(day, DateTime.DaysInMonth(y, month));
            var candidate = new DateTimeOffset(new DateTime(y, month, d, hour, minute, second), _reference.FixedOffset);
            TimeSpan distance = candidate < _reference.WindowStart ? _reference.WindowStart - candidate
                : candidate > _reference.WindowEnd ? candidate - _reference.WindowEnd : TimeSpan.Zero;
            // Ties go to the later year only when strictly nearer: a log is more often older than its reference than newer.
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = y;
            }
        }
        return best;
    }

    private DateTimeOffset ApplyZone(DateTime local)
    {
        var zone = _reference.Zone;
        if (zone is null) return new DateTimeOffset(local, _reference.FixedOffset);
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            Array.Sort(offsets);
            // Larger offset = earlier instant (daylight time, before the fall-back). Keep the file in order.
            var early = new DateTimeOffset(local, offsets[^1]);
            var late = new DateTimeOffset(local, offsets[0]);
            return _last == DateTimeOffset.MinValue || early >= _last - TimeSpan.FromMinutes(1) ? early : late;
        }
        if (zone.IsInvalidTime(local))
        {
            var before = zone.GetUtcOffset(local.AddHours(-3));
            return new DateTimeOffset(local, before);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
