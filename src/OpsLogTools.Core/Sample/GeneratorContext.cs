using System.Globalization;

namespace OpsLogTools.Core.Sample;

/// <summary>The scenario resolved into instants, plus the shared numbering and the seeded random sources.</summary>
internal sealed class GeneratorContext
{
    public GeneratorContext(IncidentScenario scenario)
    {
        Validate(scenario);
        S = scenario;
        Rules = scenario.HostTimeZone is { } id ? TimeZoneInfo.FindSystemTimeZoneById(id) : null;
        Zone = Rules?.BaseUtcOffset ?? scenario.HostZone;
        IncidentStart = Local(scenario.IncidentStart);

        var rng = Rng(1);
        int x = rng.Next(0, 16), y = rng.Next(2, 255);
        HostName = scenario.HostName ?? $"ip-172-26-{x}-{y}";
        PrivateAddress = string.Create(CultureInfo.InvariantCulture, $"172.26.{x}.{y}");

        var lastRotationDay = IncidentStart.Date.AddDays(-scenario.DaysBefore);
        for (int k = scenario.RotatedFiles - 1; k >= 0; k--)
            Rotations.Add(LogrotateMoment(lastRotationDay.AddDays(-7 * k)));
        var firstMoment = Rotations.Count > 0 ? Rotations[0] : LogrotateMoment(lastRotationDay);
        LogStart = firstMoment - TimeSpan.FromHours(scenario.HistoryHours);
        LogEnd = Local(IncidentStart.Date.AddDays(1) + scenario.MorningEnd);

        if (scenario.Outage.Enabled)
        {
            Down = IncidentStart + scenario.Outage.DownAfter;
            Up = IncidentStart + scenario.Outage.RestartAfter + TimeSpan.FromSeconds(1);
            if (Up >= LogEnd) throw new ArgumentException("The outage's restart must come before the end of the logs (MorningEnd).", nameof(scenario));
        }
    }

    public IncidentScenario S { get; }
    /// <summary>The host's fixed offset (with <see cref="Rules"/>, their standard offset).</summary>
    public TimeSpan Zone { get; }
    /// <summary>The host's zone with daylight-saving rules (<see cref="IncidentScenario.HostTimeZone"/>), or null for <see cref="Zone"/>.</summary>
    public TimeZoneInfo? Rules { get; }
    public DateTimeOffset IncidentStart { get; }
    public string HostName { get; }
    public string PrivateAddress { get; }
    public DateTimeOffset LogStart { get; }
    public DateTimeOffset LogEnd { get; }
    /// <summary>Log rotations, oldest first; the file before rotation i is suffixed with its date.</summary>
    public List<DateTimeOffset> Rotations { get; } = new();

    /// <summary>httpd's main process killed (null without an outage).</summary>
    public DateTimeOffset? Down { get; }
    /// <summary>httpd started again.</summary>
    public DateTimeOffset? Up { get; }

    public NumberPool Pids { get; } = new();
    public NumberPool Sessions { get; } = new();

    /// <summary>rsyslog restarts (its start line), in order.</summary>
    public List<DateTimeOffset> RsyslogRestarts { get; } = new();

    /// <summary>Resolved stamp plants: index is <see cref="SyslogRecord.PlantIndex"/>.</summary>
    public List<(StampRunKind Kind, TimeSpan Offset, DateTimeOffset Start, DateTimeOffset End)> StampPlants { get; } = new();

    /// <summary>A random source for one purpose: plants don't shift each other's choices.</summary>
    public Random Rng(int salt) => new(unchecked(S.Seed * 7919 + salt * 104729));

    /// <summary>
    /// A wall-clock time on the host as an instant. With daylight saving, a time in the repeated hour is its first
    /// occurrence and a time in the skipped hour is moved past the gap (cron runs such a job once the clock is there).
    /// </summary>
    public DateTimeOffset Local(DateTime wallClock)
    {
        var wall = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        if (Rules is null) return new(wall, Zone);
        if (Rules.IsInvalidTime(wall))
        {
            var before = Rules.GetUtcOffset(wall.AddHours(-6));
            var after = Rules.GetUtcOffset(wall.AddHours(6));
            return new(wall + (after - before), after);
        }
        if (Rules.IsAmbiguousTime(wall)) return new(wall, Rules.GetAmbiguousTimeOffsets(wall).Max());
        return new(wall, Rules.GetUtcOffset(wall));
    }

    /// <summary>An instant as the host's local time: the offset in force then.</summary>
    public DateTimeOffset ToLocal(DateTimeOffset t) => Rules is null ? t.ToOffset(Zone) : TimeZoneInfo.ConvertTime(t, Rules);

    public DateTimeOffset At(TimeSpan sinceIncident) => IncidentStart + sinceIncident;

    /// <summary>Days (host local dates) the logs touch.</summary>
    public IEnumerable<DateTime> Days()
    {
        for (var d = LogStart.Date; d <= LogEnd.Date; d = d.AddDays(1)) yield return d;
    }

    public bool InLogs(DateTimeOffset t) => t >= LogStart && t < LogEnd;

    /// <summary>When anacron starts cron.daily that day (03:01 plus its random delay, as RANDOM_DELAY gives).</summary>
    public DateTimeOffset DailyJobsStart(DateTime day) =>
        Local(day.Date + new TimeSpan(3, 1, 1)) + TimeSpan.FromMinutes(DailyDelayMinutes(day));

    public int DailyDelayMinutes(DateTime day) => new Random(unchecked(S.Seed * 31 + DateOnly.FromDateTime(day).DayNumber)).Next(6, 46);

    /// <summary>logrotate's moment on a day (two seconds into cron.daily).</summary>
    public DateTimeOffset LogrotateMoment(DateTime day) => DailyJobsStart(day) + TimeSpan.FromSeconds(2);

    /// <summary>The nightly update time on a day.</summary>
    public DateTimeOffset NightlyAt(DateTime day) => Local(day.Date + new TimeSpan(S.Updates.Hour, S.Updates.Minute, 0));

    /// <summary>The first nightly update time at or after an instant.</summary>
    public DateTimeOffset NextNightly(DateTimeOffset t)
    {
        var local = ToLocal(t);
        var candidate = NightlyAt(local.Date);
        return candidate >= t ? candidate : NightlyAt(local.Date.AddDays(1));
    }

    /// <summary>Which rotation segment an instant falls in (0 = oldest file; Rotations.Count = current file).</summary>
    public int Segment(DateTimeOffset t)
    {
        int i = 0;
        while (i < Rotations.Count && t >= Rotations[i]) i++;
        return i;
    }

    /// <summary>The name of a rotated (or current) file for a segment, e.g. <c>messages-20220717</c> or <c>messages-20220710.gz</c>.</summary>
    public string SegmentName(string baseName, int segment, out bool gzip)
    {
        gzip = false;
        if (segment >= Rotations.Count) return baseName;
        gzip = segment < Rotations.Count - 1;
        string name = baseName + "-" + ToLocal(Rotations[segment]).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return gzip ? name + ".gz" : name;
    }

    /// <summary>The plant (index into <see cref="StampPlants"/>) in force at a true instant, or -1.</summary>
    public int PlantAt(DateTimeOffset t)
    {
        for (int i = 0; i < StampPlants.Count; i++)
            if (t >= StampPlants[i].Start && t < StampPlants[i].End) return i;
        return -1;
    }

    private static void Validate(IncidentScenario s)
    {
        if (s.DaysBefore < 1) throw new ArgumentException("DaysBefore must be at least 1.", nameof(s));
        if (s.RotatedFiles < 0 || s.RotatedFiles > 8) throw new ArgumentException("RotatedFiles must be between 0 and 8.", nameof(s));
        if (s.HistoryHours < 0) throw new ArgumentException("HistoryHours must not be negative.", nameof(s));
        if (s.MorningEnd < TimeSpan.Zero || s.MorningEnd >= TimeSpan.FromDays(1)) throw new ArgumentException("MorningEnd must be a time of day.", nameof(s));
        if (s.HostZone.Ticks % TimeSpan.TicksPerMinute != 0 || s.HostZone.Duration() > TimeSpan.FromHours(14))
            throw new ArgumentException("HostZone must be whole minutes within ±14 h.", nameof(s));
        if (s.HostTimeZone is { } id && !TimeZoneInfo.TryFindSystemTimeZoneById(id, out _))
            throw new ArgumentException($"HostTimeZone '{id}' is not a time zone of this system.", nameof(s));
        if (s.Updates.Hour is < 0 or > 23 || s.Updates.Minute is < 0 or > 59) throw new ArgumentException("Updates.Hour/Minute out of range.", nameof(s));
        if (s.Visitors.PageViewsPerHour < 0 || s.SshAttemptsPerHour < 0) throw new ArgumentException("Rates must not be negative.", nameof(s));
        if (s.MissingLines.Enabled && s.MissingLines.File is not ("messages" or "cron" or "secure"))
            throw new ArgumentException("MissingLines.File must be messages, cron or secure.", nameof(s));
        if (s.WordPressProber.MeanInterval <= TimeSpan.Zero || s.WordPressProber.Jitter >= s.WordPressProber.MeanInterval)
            throw new ArgumentException("WordPressProber.MeanInterval must be positive and larger than its Jitter.", nameof(s));
    }
}
