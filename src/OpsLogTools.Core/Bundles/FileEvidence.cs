using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Bundles;

/// <summary>
/// What the lines of one yearless or zoneless file say about their own year and zone (<see cref="EvidenceSampler"/>):
/// full dates programs printed beside matching stamps, weekdays printed with yearless dates, stamps on Feb 29, and
/// clocks printed in UTC (or with an offset) beside local stamps.
/// </summary>
internal sealed class FileEvidence
{
    public FileEvidence(LogFile file) => File = file;

    /// <summary>The file.</summary>
    public LogFile File { get; }

    /// <summary>Instants (UTC ticks, to within the host's offset) of lines whose printed full date matches their stamp.</summary>
    public List<long> Dated { get; } = [];

    /// <summary>A line that dated the file, for the words of the basis.</summary>
    public string? DatedExample { get; set; }

    /// <summary>Printed weekdays with the stamp's month and day: each allows the years on which that day fell on that weekday.</summary>
    public List<(int Month, int Day, DayOfWeek Weekday)> Weekdays { get; } = [];

    /// <summary>A line that printed a weekday, for the words of the basis.</summary>
    public string? WeekdayExample { get; set; }

    /// <summary>Stamps on Feb 29 (the year has one), with the line of the first.</summary>
    public int LeapDays { get; set; }

    /// <summary>The line of the first Feb 29 stamp (0 in the tail of the file).</summary>
    public long LeapDayLine { get; set; }

    /// <summary>Offsets seen from clocks printed in UTC (or with an offset) beside the file's local stamps, with their program.</summary>
    public List<(ZoneObservation Observation, string Program)> Printed { get; } = [];

    /// <summary>Observations kept after each program's own offsets were checked for agreement.</summary>
    public List<ZoneObservation> Zones { get; } = [];

    /// <summary>Programs whose printed clocks gave <see cref="Zones"/>.</summary>
    public SortedSet<string> ZonePrograms { get; } = new(StringComparer.Ordinal);

    /// <summary>Month and day of the first stamp sampled (the head of the file).</summary>
    public (int Month, int Day)? FirstDay { get; set; }

    /// <summary>Month and day of the last stamp sampled (the tail, when the file could be sampled there).</summary>
    public (int Month, int Day)? LastDay { get; set; }

    /// <summary>True when the sample was the whole file.</summary>
    public bool ReadWhole { get; set; }

    /// <summary>Lines read for evidence.</summary>
    public int LinesSampled { get; set; }
}
