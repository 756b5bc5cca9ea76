namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Finds the host's shutdowns and reboots. A boot is the kernel's banner (<c>Linux version …</c>); the shutdown before it
/// is what the last minutes before the boot show: logind's <c>System is rebooting.</c>, systemd's shutdown targets
/// (<c>Reached target Shutdown.</c>, <c>Reached target shutdown.target - System Shutdown.</c>), <c>systemd-shutdown</c>'s
/// lines, rsyslogd exiting, or a cascade of units stopping. rsyslog is itself stopped early in a shutdown, so its files
/// often end at <c>Stopping System Logging Service...</c>: the cascade is then all there is. A boot that nothing of
/// the kind precedes followed a crash, a power loss or a reset. A shutdown no boot follows is reported when the logs
/// end with it. Everything that stopped in between belongs to the one event.
/// </summary>
internal static class HostShutdownFinder
{
    private const long Second = TimeSpan.TicksPerSecond;
    private const long Minute = TimeSpan.TicksPerMinute;
    /// <summary>Units stop one after another; a unit may take systemd's default 90 s stop timeout: a longer pause ends the cascade.</summary>
    private const long CascadeGap = 2 * Minute;
    /// <summary>The host goes quiet soon after its shutdown lines: a mark followed by more than this of logging was not this boot's shutdown.</summary>
    private const long QuietAfter = 5 * Minute;
    /// <summary>Stops this close together before the last line make a cascade even without a shutdown target in the file.</summary>
    private const int CascadeStops = 3;
    /// <summary>Lines this close to a boot banner are the boot's own (journald and the kernel stamp them a moment apart); no machine reboots faster.</summary>
    private const long BootSettle = 10 * Second;
    /// <summary>Lines before a boot that show the host running (one stray line stamped by an unset clock does not).</summary>
    private const int RunningLines = 3;
    private const int Nearby = 64;

    public static List<HostShutdown> Find(BundleFacts bundle)
    {
        var host = bundle.Files.Where(f => f.IsSyslogLike && f.Count > 0).ToList();
        var events = new List<TimedEvent>();
        foreach (var f in host)
        {
            foreach (var e in f.Events) events.Add(new TimedEvent(f, e, f.True[e.Index]));
        }
        events.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.File.Index != b.File.Index ? a.File.Index.CompareTo(b.File.Index) : a.Event.Index.CompareTo(b.Event.Index));
        var anchors = events.Where(e => IsAnchor(e, events)).ToList();
        var boots = Boots(events);
        var found = new List<HostShutdown>();
        // Lines that belong to a shutdown already found: a journal export interleaves the end of one boot with the start
        // of the next when the clock was restored to the same second (no RTC), and they must not be counted twice.
        var claimed = new HashSet<TimedEvent>();
        long previousBoot = long.MinValue;
        foreach (var boot in boots)
        {
            long since = previousBoot;
            previousBoot = boot.Time;
            // The first lines of a boot may be stamped a moment before its banner; the host ran before it only if lines
            // of an earlier moment show it. A boot the logs begin with shows no shutdown: nothing before it to explain.
            if (!RanBefore(host, boot.Time - BootSettle, since) || LastLineBefore(host, boot.Time - BootSettle, since) is not { } last) continue;
            // The old boot's last lines may carry the new boot's second when the clock was restored at boot (no RTC),
            // so lines a moment after the banner still count; the initrd's own stops a few seconds into the boot do not.
            long reachFrom = last.Time - QuietAfter, reachTo = boot.Time + 2 * Second;
            bool Near(TimedEvent e) => e.Time > since && e.Time >= reachFrom && e.Time <= reachTo && !claimed.Contains(e);
            // Only the events of those minutes are looked at: a long journal holds many boots.
            var window = Between(events, Math.Max(since, reachFrom), reachTo);
            var near = Between(anchors, Math.Max(since, reachFrom), reachTo).Where(Near).ToList();
            var loggerStops = window.Where(e => e.Event.Kind == ServiceEventKind.LoggerStop && Near(e)).ToList();
            var cascade = window.Where(e => IsStop(e.Event.Kind) && Near(e) && e.Time >= last.Time - CascadeGap).ToList();
            bool clean = near.Count > 0 || loggerStops.Count > 0 || cascade.Count >= CascadeStops;
            HostShutdown down;
            if (clean)
            {
                var seeds = near.Concat(loggerStops).ToList();
                if (seeds.Count == 0) seeds = cascade;
                var lines = Cascade(events, seeds, since, reachTo, claimed);
                down = new HostShutdown { First = lines[0], Boot = boot, Clean = true };
                down.Lines.AddRange(lines);
                claimed.UnionWith(lines);
            }
            else
            {
                var at = new TimedEvent(last.File, new ServiceEvent(last.Index, ServiceEventKind.OtherStop, "", false, 0), last.Time);
                down = new HostShutdown { First = at, Boot = boot, Clean = false };
            }
            found.Add(down);
        }

        // Shutdown lines no boot follows: the host went down and the logs end there (or its boot banner is not in them).
        var left = anchors.Where(a => !claimed.Contains(a) && a.Time > (boots.Count > 0 ? boots[^1].Time : long.MinValue)).ToList();
        if (left.Count > 0 && !found.Any(d => d.Covers(left[0].Time)))
        {
            long lastMark = left[^1].Time;
            var after = FirstLineAfter(host, lastMark);
            if (after is null || after.Value.Time - lastMark >= 10 * Second)
            {
                var lines = Cascade(events, left, long.MinValue, lastMark, claimed);
                var down = new HostShutdown { First = lines[0], Clean = true, BackWithoutBanner = after };
                down.Lines.AddRange(lines);
                found.Add(down);
            }
        }
        return found;
    }

    /// <summary>The events (sorted by time) stamped in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    private static List<TimedEvent> Between(List<TimedEvent> sorted, long from, long to)
    {
        int lo = LowerBound(sorted, from), hi = LowerBound(sorted, to == long.MaxValue ? to : to + 1);
        return sorted.GetRange(lo, Math.Max(0, hi - lo));
    }

    private static int LowerBound(List<TimedEvent> sorted, long time)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid].Time < time) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static bool IsStop(ServiceEventKind kind) =>
        kind is ServiceEventKind.Stopping or ServiceEventKind.Stopped or ServiceEventKind.OtherStop;

    /// <summary>Lines that only a host going down writes. A shutdown target reached on lines without a pid is a user manager's when its exit follows.</summary>
    private static bool IsAnchor(TimedEvent e, List<TimedEvent> events)
    {
        if (e.Event.Kind == ServiceEventKind.ShutdownAnnounced) return true;
        if (e.Event.Kind != ServiceEventKind.ShutdownMark) return false;
        if (e.File.Pid[e.Event.Index] == 1 || e.Event.Service is "systemd-shutdown" or "kernel") return true;
        // The file's events are in line order: look at the few after this one.
        var list = e.File.Events;
        int k = list.BinarySearch(e.Event, Comparer<ServiceEvent>.Create((a, b) => a.Index.CompareTo(b.Index)));
        for (int j = Math.Max(0, k) + 1; j < list.Count && e.File.True[list[j].Index] - e.Time <= 10 * Second; j++)
        {
            if (list[j].Kind == ServiceEventKind.SessionExit) return false;
        }
        return true;
    }

    /// <summary>Kernel banners; one boot may be written by several files (messages and a journal export) within a minute or two.</summary>
    private static List<TimedEvent> Boots(List<TimedEvent> events)
    {
        var boots = new List<TimedEvent>();
        foreach (var e in events)
        {
            if (e.Event.Kind != ServiceEventKind.Boot) continue;
            if (boots.Count > 0 && (ReferenceEquals(boots[^1].File, e.File) ? e.Time - boots[^1].Time <= 30 * Second : e.Time - boots[^1].Time <= 2 * Minute)) continue;
            boots.Add(e);
        }
        return boots;
    }

    /// <summary>
    /// The shutdown's lines: from the seeds back through the stops that came one after another (no pause longer than
    /// <see cref="CascadeGap"/>), and forward to the last shutdown line before <paramref name="to"/>.
    /// </summary>
    private static List<TimedEvent> Cascade(List<TimedEvent> events, List<TimedEvent> seeds, long since, long to, HashSet<TimedEvent> claimed)
    {
        var set = new HashSet<TimedEvent>(seeds);
        long first = seeds.Min(s => s.Time), last = seeds.Max(s => s.Time);
        int k = LowerBound(events, first);
        for (int j = k - 1; j >= 0; j--)
        {
            var e = events[j];
            if (e.Time <= since || first - e.Time > CascadeGap || claimed.Contains(e)) break;
            if (!InShutdown(e.Event.Kind)) continue;
            // A unit started again before the shutdown was restarted (journald, a service after an update): the
            // shutdown began after it.
            if (e.Event.Kind is ServiceEventKind.Stopping or ServiceEventKind.Stopped && StartedAgain(events, j, first)) break;
            set.Add(e);
            first = e.Time;
        }
        foreach (var e in Between(events, first, Math.Max(last, to)))
        {
            if (!InShutdown(e.Event.Kind) || claimed.Contains(e)) continue;
            set.Add(e);
        }
        return set.OrderBy(e => e.Time).ThenBy(e => e.File.Index).ThenBy(e => e.Event.Index).ToList();
    }

    private static bool StartedAgain(List<TimedEvent> events, int stop, long before)
    {
        var s = events[stop];
        for (int j = stop + 1; j < events.Count && events[j].Time <= before && j - stop < 10_000; j++)
        {
            var e = events[j];
            if (e.Event.Kind is ServiceEventKind.Starting or ServiceEventKind.Started && string.Equals(e.Event.Service, s.Event.Service, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    /// <summary>True when the host's logs hold <see cref="RunningLines"/> lines stamped after <paramref name="since"/> and before <paramref name="time"/>.</summary>
    private static bool RanBefore(List<FileFacts> files, long time, long since)
    {
        int count = 0;
        foreach (var f in files)
        {
            int to = f.LowerBound(time), from = since == long.MinValue ? 0 : f.LowerBound(since + 1);
            count += Math.Max(0, to - from);
            if (count >= RunningLines) return true;
        }
        return false;
    }

    private static bool InShutdown(ServiceEventKind kind) =>
        kind is ServiceEventKind.Stopping or ServiceEventKind.Stopped or ServiceEventKind.OtherStop or ServiceEventKind.Failed
            or ServiceEventKind.ShutdownAnnounced or ServiceEventKind.ShutdownMark or ServiceEventKind.LoggerStop;

    /// <summary>
    /// The latest line of the host's own logs stamped before <paramref name="time"/> and after <paramref name="since"/>.
    /// True times are only nearly sorted (lines a few seconds out of order, a clock restored at boot), so the lines
    /// around the binary search's answer are looked at too.
    /// </summary>
    private static (FileFacts File, int Index, long Time)? LastLineBefore(List<FileFacts> files, long time, long since)
    {
        (FileFacts, int, long)? best = null;
        foreach (var f in files)
        {
            int at = f.LowerBound(time);
            for (int i = Math.Min(f.Count - 1, at + Nearby); i >= 0 && i >= at - Nearby; i--)
            {
                long t = f.True[i];
                if (t >= time || t <= since) continue;
                if (best is null || t > best.Value.Item3) best = (f, i, t);
            }
        }
        return best;
    }

    private static (FileFacts File, int Index, long Time)? FirstLineAfter(List<FileFacts> files, long time)
    {
        (FileFacts, int, long)? best = null;
        foreach (var f in files)
        {
            int i = f.LowerBound(time + 1);
            if (i >= f.Count) continue;
            if (best is null || f.True[i] < best.Value.Item3) best = (f, i, f.True[i]);
        }
        return best;
    }
}
