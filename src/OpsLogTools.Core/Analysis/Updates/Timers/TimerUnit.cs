using System.Globalization;

namespace OpsLogTools.Core.Analysis.Updates.Timers;

/// <summary>
/// A systemd timer unit of the bundle, with its drop-ins applied: its calendar events (<c>OnCalendar=</c>), the random
/// delay systemd adds to each elapse (<c>RandomizedDelaySec=</c>), how late it may fire to coalesce (<c>AccuracySec=</c>,
/// default one minute), whether a missed elapse fires at the next boot (<c>Persistent=</c>), and the service it starts.
/// </summary>
public sealed class TimerUnit
{
    /// <summary>The unit name, e.g. <c>apt-daily-upgrade.timer</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary>The unit file read (the one that wins by precedence: /etc over /run over /usr/lib and /lib).</summary>
    public string Path { get; init; } = "";

    /// <summary>The service it starts (<c>Unit=</c>, else the timer's name with <c>.service</c>).</summary>
    public string Unit { get; init; } = "";

    /// <summary>The calendar events in force after the drop-ins (an empty <c>OnCalendar=</c> clears the ones before it).</summary>
    public IReadOnlyList<CalendarSpec> Calendars { get; init; } = [];

    /// <summary>For each of <see cref="Calendars"/>, where it was written: <c>path:line: OnCalendar=...</c>.</summary>
    public IReadOnlyList<string> CalendarEvidence { get; init; } = [];

    /// <summary><c>RandomizedDelaySec=</c>: each elapse is delayed by a random time up to this.</summary>
    public TimeSpan RandomizedDelay { get; init; }

    /// <summary><c>AccuracySec=</c>: systemd may fire this much later than the elapse, to coalesce wake-ups (default one minute).</summary>
    public TimeSpan Accuracy { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary><c>Persistent=true</c>: an elapse missed while the host was down fires at the next boot.</summary>
    public bool Persistent { get; init; }

    // How long after a trigger its service may still show its first line (dnf-automatic fetches metadata first).
    private static readonly TimeSpan ServiceRunUp = TimeSpan.FromMinutes(10);

    /// <summary>Its row of saved <c>systemctl list-timers</c> output (when it last triggered), or null.</summary>
    public TimerListing? Listing { get; init; }

    /// <summary>Words for a schedule: <c>apt-daily-upgrade.timer (OnCalendar=*-*-* 6:00, RandomizedDelaySec=1h, Persistent)</c>.</summary>
    public string Describe()
    {
        var parts = Calendars.Select(c => "OnCalendar=" + c.Text).ToList();
        if (RandomizedDelay > TimeSpan.Zero) parts.Add("RandomizedDelaySec=" + Span(RandomizedDelay));
        if (Persistent) parts.Add("Persistent");
        if (parts.Count == 0 && Listing is not null) parts.Add("from systemctl list-timers");
        return $"{Name} ({string.Join(", ", parts)})";
    }

    /// <summary>
    /// The elapse that explains a start at <paramref name="start"/>: the last one at or before it, when the start lies within
    /// the random delay and accuracy after it (plus <paramref name="slack"/> for clocks and logging); else null.
    /// </summary>
    public DateTimeOffset? ElapseBefore(DateTimeOffset start, TimeZoneInfo hostZone, TimeSpan slack)
    {
        var window = RandomizedDelay + Accuracy + slack;
        DateTimeOffset? best = null;
        foreach (var c in Calendars)
        {
            if (c.LastAtOrBefore(start + slack, hostZone, window) is { } e && (best is null || e > best)) best = e;
        }
        // list-timers' LAST is the real trigger, random delay included: the service starts right then, and its first package
        // line may come some minutes later (metadata to fetch).
        if (Listing?.Last is { } last && start >= last - slack && start - last <= ServiceRunUp + slack && (best is null || last > best)) best = last;
        return best;
    }

    /// <inheritdoc />
    public override string ToString() => Describe();

    internal static string Span(TimeSpan t) =>
        t.TotalHours >= 1 && t.TotalHours == Math.Floor(t.TotalHours) ? t.TotalHours.ToString(CultureInfo.InvariantCulture) + "h"
        : t.TotalMinutes >= 1 && t.TotalMinutes == Math.Floor(t.TotalMinutes) ? t.TotalMinutes.ToString(CultureInfo.InvariantCulture) + "min"
        : t.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s";
}
