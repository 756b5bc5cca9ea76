namespace OpsLogTools.Core.Sample;

/// <summary>
/// A stretch during which rsyslog stamps every line of <c>messages</c>, <c>cron</c> and <c>secure</c> with the
/// true time plus <see cref="Offset"/>, in normal order. Used both for a wrong clock (months off) and for a
/// time-zone shift (whole hours).
/// </summary>
public sealed record StampRunPlant
{
    /// <summary>Whether the run is planted.</summary>
    public bool Enabled { get; init; }

    /// <summary>
    /// Stamped minus true time, whole seconds (fractions are dropped). Null: for a displaced clock, 108 days
    /// early plus an odd number of hours, minutes and seconds drawn from the seed (19 July 21:10 → 2 April);
    /// for a time-zone shift, -9 h (UTC written on a JST host).
    /// </summary>
    public TimeSpan? Offset { get; init; }

    /// <summary>When the run begins, relative to the incident start (true time).</summary>
    public TimeSpan Start { get; init; }

    /// <summary>
    /// When the run ends, relative to the incident start. Null: at the rsyslog restart that the first nightly
    /// update after the run's start causes (or, with no such run, at the next nightly update time).
    /// </summary>
    public TimeSpan? End { get; init; }

    /// <summary>The seed's wrong clock: from the incident start until the nightly yum run, stamps about 108 days early (19 July → 2 April).</summary>
    public static StampRunPlant SeedDisplacedClock { get; } = new() { Enabled = true };

    /// <summary>rsyslog writing UTC on a JST host (-9 h) from the incident start until the nightly yum run. Off unless enabled.</summary>
    public static StampRunPlant SeedTimeZoneShift { get; } = new() { Enabled = false };

    /// <summary>
    /// Every rsyslog line of the bundle, from the first line of the oldest file to the last line of the newest, stamped
    /// <paramref name="offset"/> off true time (rsyslog writing UTC on a JST host all week, a clock that was slow all
    /// along): no step anywhere in the files. Put it in <see cref="IncidentScenario.TimeZoneShift"/> for a whole-hours
    /// offset or <see cref="IncidentScenario.DisplacedClock"/> for any other, with the other plant off.
    /// </summary>
    public static StampRunPlant WholeFile(TimeSpan offset) => new()
    {
        Enabled = true,
        Offset = offset,
        Start = -WholeFileReach,
        End = WholeFileReach,
    };

    // Further than any bundle reaches on either side of the incident.
    private static readonly TimeSpan WholeFileReach = TimeSpan.FromDays(3660);

    /// <summary>No run.</summary>
    public static StampRunPlant Off { get; } = new() { Enabled = false };
}
