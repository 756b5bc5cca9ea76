namespace OpsLogTools.Core.Formats;

/// <summary>
/// A clock reading a program printed inside its own message: ftpd's <c>at Fri Jun 17 07:07:00 2005</c>, prometheus'
/// <c>ts=2021-03-04T05:06:07.123Z</c>, a Go or Python prefix <c>2021/03/04 05:06:07</c>, <c>date</c> output. The fields
/// are as printed; <see cref="Year"/> is 0 when the program printed none (then <see cref="Weekday"/> is what dates it).
/// </summary>
internal readonly record struct PrintedClock(int Year, int Month, int Day, int Hour, int Minute, int Second, long FractionTicks,
    int? OffsetMinutes, DayOfWeek? Weekday, int Start, int Length)
{
    /// <summary>True when the program printed the year.</summary>
    public bool HasYear => Year != 0;

    /// <summary>True when the program said which zone (Z, an offset, UTC or GMT): the reading is an instant.</summary>
    public bool HasZone => OffsetMinutes is not null;

    /// <summary>The wall-clock time as printed, in ticks (only when <see cref="HasYear"/>).</summary>
    public long WallTicks => new DateTime(Year, Month, Day, Hour, Minute, Second).Ticks + FractionTicks;

    /// <summary>UTC ticks when <see cref="HasZone"/>, else the wall-clock ticks as printed (only when <see cref="HasYear"/>).</summary>
    public long Ticks => WallTicks - (OffsetMinutes ?? 0) * TimeSpan.TicksPerMinute;
}
