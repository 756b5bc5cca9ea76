namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>A service line at its true time (UTC ticks), with its file.</summary>
internal readonly record struct TimedEvent(FileFacts File, ServiceEvent Event, long Time);

/// <summary>
/// One shutdown or reboot of the host, as <see cref="HostShutdownFinder"/> pieced it together: where it began (the
/// first unit stopping, or the last line before a boot that no shutdown preceded), the lines that show it, and the
/// kernel's boot banner when the host came back.
/// </summary>
internal sealed class HostShutdown
{
    /// <summary>The first line of the shutdown (clean), or the last line before the boot (unclean).</summary>
    public required TimedEvent First { get; init; }

    /// <summary>The boot banner, null when the host is not seen back before the logs end.</summary>
    public TimedEvent? Boot { get; init; }

    /// <summary>When the host was back without a banner in the logs: the first line after the shutdown.</summary>
    public (FileFacts File, int Index, long Time)? BackWithoutBanner { get; init; }

    /// <summary>True when the logs show the host going down (units stopping, shutdown targets, logind, rsyslogd exiting).</summary>
    public bool Clean { get; init; }

    /// <summary>The lines of the shutdown itself (stops, marks, announcements, failures while stopping), in time order.</summary>
    public List<TimedEvent> Lines { get; } = [];

    public long Start => First.Time;

    /// <summary>When the host was up again: the boot banner, the first line after the shutdown, or long.MaxValue.</summary>
    public long End => Boot?.Time ?? BackWithoutBanner?.Time ?? long.MaxValue;

    /// <summary>True when a service event at <paramref name="time"/> belongs to this shutdown.</summary>
    public bool Covers(long time) => time >= Start && time <= End;
}
