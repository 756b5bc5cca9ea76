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
/// A day the month does not have in the year (<c>Feb 29</c> of 2023) decides the year when it is the first stamp
/// (the nearest year that has it: Feb 29 is itself evidence of a leap year). Later in a file it cannot change the
/// lines already read: the stamp is kept on the month's last day, its <see cref="YearlessBasis"/> says so, and
/// <see cref="Warn"/> is told, so no line is ever moved silently.
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
    private string? _yearBeforeBasis;
    private bool _yearBefore;
    private string? _movedBasis;

    /// <summary>Creates a clock for one file.</summary>
    public StampClock(TimeReference reference) => _reference = reference;

    /// <summary>The reference the clock resolves against.</summary>
    public TimeReference Reference => _reference;

    /// <summary>The year currently applied to yearless stamps (0 before the first one).</summary>
    public int CurrentYear => _year;

    /// <summary>How many times the year moved forward at a rollover.</summary>
    public int Rollovers { get; private set; }

    /// <summary>
    /// Words for <c>LogEntry.TimeBasis</c> of a yearless file (one shared string per year), for the stamp last
    /// resolved: a stamp kept on the month's last day because its year lacks the day it names says so.
    /// </summary>
    public string YearlessBasis => _movedBasis ?? (_yearBefore
        ? _yearBeforeBasis ??= $"year {_year - 1} (the year before the file's {_year}: seven or more months after the line before) from {_reference.YearSource}; zone {_reference.ZoneName} from {_reference.ZoneSource}"
        : _basis ??= $"year {_year} from {_reference.YearSource}; zone {_reference.ZoneName} from {_reference.ZoneSource}");

    /// <summary>Stamps that named a day their year does not have (Feb 29 of 2023) and were kept on the month's last day.</summary>
    public long MovedStamps { get; private set; }

    /// <summary>Told (with words for a warning) at the first stamp of the file kept on the month's last day; null tells no one.</summary>
    public Action<string>? Warn { get; set; }

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
        _movedBasis = null;
        _yearBefore = false;
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
            _yearBeforeBasis = null;
            _lastMonth = month;
            year = _year;
        }
        else if (month >= _lastMonth + 7)
        {
            // Seven or more months forward is a stamp from the previous year (a clock or buffer gone back across New
            // Year): stamp it there, and keep the file's own course so the return is not taken for a rollover.
            year = _year - 1;
            _yearBefore = true;
        }
        else
        {
            _lastMonth = month;
            year = _year;
        }

        int dim = DateTime.DaysInMonth(year, month);
        if (day > dim) Moved(year, month, day, dim);
        var local = new DateTime(year, month, Math.Min(day, dim), hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        var result = ApplyZone(local);
        _last = result;
        return result;
    }

    /// <summary>
    /// Feb 29 of a year without one can only come from a wrong year (a guess, or a -ReferenceDate that is off) or a
    /// broken writer: the lines before it are already out, so the stamp is kept on the month's last day, and said.
    /// </summary>
    private void Moved(int year, int month, int day, int dim)
    {
        MovedStamps++;
        string name = System.Globalization.CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(month);
        string what = $"{name} {day} does not exist in {year} (year from {_reference.YearSource}): stamped {name} {dim}";
        _movedBasis = $"year {year} from {_reference.YearSource}; zone {_reference.ZoneName} from {_reference.ZoneSource}; {what}";
        // Once per file: a day of such lines would otherwise be a warning each.
        if (MovedStamps == 1) Warn?.Invoke($"{what} (and any later stamp naming a day its year lacks, each said in its TimeBasis); the year or the host's clock is wrong (give -ReferenceDate if the year is)");
    }

    private int ChooseFirstYear(int month, int day, int hour, int minute, int second)
    {
        int refYear = _reference.WindowEnd.Year;
        int best = refYear;
        TimeSpan bestDistance = TimeSpan.MaxValue;
        // Feb 29 exists one year in four: look far enough to find leap years on both sides of the window.
        int reach = month == 2 && day == 29 ? 4 : 1;
        for (int y = refYear + reach; y >= refYear - reach; y--)
        {
            if (y < 2 || y > 9997) continue;
            int dim = DateTime.DaysInMonth(y, month);
            if (day > dim && reach > 1) continue;
            int d = Math.Min(day, dim);
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
