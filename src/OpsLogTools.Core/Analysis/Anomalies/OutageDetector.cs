using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Finds services that went down and came back: systemd unit lines (failed, stopped, started), the
/// kernel's OOM kills, Apache's own start and stop lines, and an origin whose access log fell silent while
/// CloudFront kept answering its visitors with errors. Times are true times (displaced runs re-timed).
/// A shutdown or reboot of the host is one finding (<see cref="AnomalyKind.HostShutdown"/>), not one per unit it
/// stopped; a service stopped on purpose and started again while no request failed is a
/// <see cref="AnomalyKind.ServiceRestart"/>; units of login sessions are never outages (see <see cref="SystemdLines"/>).
/// </summary>
internal static class OutageDetector
{
    private const long Minute = TimeSpan.TicksPerMinute;
    private const long Second = TimeSpan.TicksPerSecond;
    /// <summary>systemd's default stop timeout (90 s) with room: a failure this soon after "Stopping" ended a requested stop.</summary>
    private const long StopTimeout = 3 * Minute;

    private readonly record struct Timed(FileFacts File, ServiceEvent Event, long Time, string Key);

    private sealed class Outage
    {
        public required Timed Down { get; init; }
        public Timed? Up { get; set; }
        public List<Timed> Along { get; } = [];
        public bool Failed { get; set; }
        public Timed? Oom { get; set; }
        public int OomKills { get; set; }
        public List<string> Extra { get; } = [];
        public List<string> Related { get; } = [];
    }

    public static List<LogAnomaly> Find(BundleFacts bundle)
    {
        var shutdowns = HostShutdownFinder.Find(bundle);
        var events = Collect(bundle);
        var outages = new List<Outage>();
        foreach (var byService in events.GroupBy(e => e.Key))
        {
            var list = byService.OrderBy(e => e.Time).ThenBy(e => e.Event.Index).ToList();
            Outage? open = null;
            for (int k = 0; k < list.Count; k++)
            {
                var e = list[k];
                switch (e.Event.Kind)
                {
                    case ServiceEventKind.Failed or ServiceEventKind.Stopping or ServiceEventKind.Stopped or ServiceEventKind.ServerDown:
                        // Everything stops when the host goes down: that is the shutdown's finding, not each unit's.
                        if (shutdowns.Any(d => d.Covers(e.Time))) break;
                        open ??= new Outage { Down = e };
                        if (!ReferenceEquals(open.Down.File, e.File) || open.Down.Event.Index != e.Event.Index) open.Along.Add(e);
                        // A process that exits badly while systemd stops it (a Java service's 143 on SIGTERM) was asked to stop.
                        if (e.Event.Kind == ServiceEventKind.Failed && !(open.Down.Event.Kind == ServiceEventKind.Stopping && e.Time - open.Down.Time <= StopTimeout))
                            open.Failed = true;
                        break;
                    case ServiceEventKind.Started or ServiceEventKind.ServerUp:
                        if (open is null) break;
                        // The same moment is often logged twice (systemd and the server itself): prefer the line of
                        // the file that showed the service going down, so the finding's lines are in one file.
                        var up = e;
                        for (int j = k + 1; j < list.Count && list[j].Time - e.Time <= 5 * Second; j++)
                        {
                            if (list[j].Event.Kind is ServiceEventKind.Started or ServiceEventKind.ServerUp
                                && ReferenceEquals(list[j].File, open.Down.File) && !ReferenceEquals(up.File, open.Down.File)) up = list[j];
                        }
                        open.Up = up;
                        outages.Add(open);
                        open = null;
                        break;
                }
            }
            if (open is not null && open.Failed) outages.Add(open);
        }

        // An OOM kill of the service's process shortly before (or during) the outage is its cause.
        foreach (var o in outages)
        {
            long end = o.Up?.Time ?? long.MaxValue;
            var kills = events.Where(e => e.Event.Kind == ServiceEventKind.OomKill && e.Key == o.Down.Key
                && e.Time >= o.Down.Time - 5 * Minute && e.Time <= end).OrderBy(e => e.Time).ToList();
            if (kills.Count == 0) continue;
            // Workers killed first leave the service running; the kill that ends it is the last one before it went down.
            var before = kills.Where(e => e.Time <= o.Down.Time).ToList();
            o.Oom = before.Count > 0 ? before[^1] : kills[0];
            o.OomKills = kills.Count;
        }

        var found = new List<LogAnomaly>();
        var reported = new List<(Outage Outage, LogAnomaly Anomaly)>();
        foreach (var o in outages)
        {
            bool planned = !o.Failed && o.Oom is null;
            long length = (o.Up?.Time ?? o.Down.Time) - o.Down.Time;
            if (planned && length < bundle.Options.MinimumPlannedOutage.Ticks) continue;
            reported.Add((o, null!));
        }
        var origin = OriginSilences(bundle);
        foreach (var s in origin)
        {
            var web = reported.FirstOrDefault(r => KnownServices.IsWebServer(r.Outage.Down.Key)
                && r.Outage.Down.Time - 2 * Minute <= s.End && (r.Outage.Up?.Time ?? long.MaxValue) + 2 * Minute >= s.Start);
            if (web.Outage is not null)
            {
                web.Outage.Extra.AddRange(s.Evidence);
                web.Outage.Related.AddRange(s.Paths);
            }
            else if (!shutdowns.Any(d => d.Start - 2 * Minute <= s.End && d.End + 2 * Minute >= s.Start))
            {
                // An origin that did not answer while the host was rebooting is the reboot's doing.
                found.Add(s.Anomaly);
            }
        }
        long bundleEnd = bundle.Extent().End;
        foreach (var (o, _) in reported)
        {
            // A service stopped on purpose and started again is a restart, unless requests failed while it was down.
            bool planned = !o.Failed && o.Oom is null && o.Up is not null;
            var failures = planned ? RequestFailures.Between(bundle, o.Down.Time, o.Up!.Value.Time) : null;
            if (planned && o.Extra.Count == 0 && failures!.Count < RequestFailures.Fewest)
                found.Add(Build(o, bundleEnd, AnomalyKind.ServiceRestart, RestartCause.Explain(bundle, ServiceName(o.Down.Key), o.Down.Time, o.Up!.Value.Time, failures)));
            else
                found.Add(Build(o, bundleEnd, AnomalyKind.ServiceOutage, failures is { Count: > 0 } ? [failures.Describe()] : []));
        }
        found.AddRange(shutdowns.Select(d => HostShutdownReport.Build(d, bundleEnd)));
        return found;
    }

    private static List<Timed> Collect(BundleFacts bundle)
    {
        // systemd names a unit by its description in Started/Stopped lines and by its name in failure lines;
        // a failure line next to a description line in the same file ties the two together.
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in bundle.Files)
        {
            for (int k = 0; k < f.Events.Count; k++)
            {
                var e = f.Events[k];
                if (e.IsDescription || e.Kind != ServiceEventKind.Failed) continue;
                var near = f.Events.Skip(Math.Max(0, k - 3)).Take(7)
                    .Where(o => o.IsDescription && Math.Abs(o.Index - e.Index) <= 3).Select(o => o.Service).Distinct().ToList();
                if (near.Count == 1) mapping.TryAdd(near[0], e.Service);
            }
        }
        var list = new List<Timed>();
        foreach (var f in bundle.Files)
        {
            var logout = UserManagerStops(f);
            int w = 0;
            foreach (var e in f.Events)
            {
                // Lines without a pid (CentOS 7's rsyslog) do not tell a user manager's units from the system's: whatever
                // stops while a user manager stops (between "Stopping User Manager for UID 1000..." and "Stopped ...") is
                // that user's (gvfs, a D-Bus session bus), stopped by the logout.
                while (w < logout.Count && logout[w].Last < e.Index) w++;
                if (e.Kind is ServiceEventKind.Stopping or ServiceEventKind.Stopped or ServiceEventKind.Failed
                    && w < logout.Count && e.Index >= logout[w].First && f.Pid[e.Index] != 1) continue;
                string key = e.IsDescription ? mapping.GetValueOrDefault(e.Service, "desc:" + e.Service) : e.Service;
                list.Add(new Timed(f, e, f.True[e.Index], key));
            }
        }
        return list;
    }

    /// <summary>The stretches of a file (event line indexes) in which a user manager was stopping, in line order.</summary>
    private static List<(int First, int Last)> UserManagerStops(FileFacts f)
    {
        var stops = new List<(int, int)>();
        var open = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in f.Events)
        {
            if (e.Kind != ServiceEventKind.OtherStop || !(e.Service.StartsWith("User Manager for UID ", StringComparison.Ordinal)
                || e.Service.StartsWith("user@", StringComparison.Ordinal))) continue;
            string uid = e.Service.StartsWith("user@", StringComparison.Ordinal) ? e.Service[5..].Split('.')[0] : e.Service[21..];
            if (open.Remove(uid, out int first) && f.True[e.Index] - f.True[first] <= StopTimeout) stops.Add((first, e.Index));
            else open[uid] = e.Index;
        }
        stops.Sort();
        return stops;
    }

    private static LogAnomaly Build(Outage o, long bundleEnd, AnomalyKind kind, List<string> why)
    {
        var down = o.Down;
        var up = o.Up;
        // Prefer the closing line of the file that showed the service going down, if it logged one at the same moment.
        var f = down.File;
        string service = ServiceName(down.Key);
        var cause = o.Oom is not null ? AnomalyCause.OutOfMemory : o.Failed ? AnomalyCause.Crash : AnomalyCause.Stopped;
        // The service is down from the kill that ended it, if that came just before systemd noticed.
        var start = o.Oom is { } oom && oom.Time < down.Time && down.Time - oom.Time <= 10 * Second ? oom : down;
        var evidence = new List<string>();
        if (o.Oom is { } k)
        {
            evidence.Add($"The kernel's OOM killer killed {service} (pid {k.Event.ProcessId}) at {k.File.Where(k.Event.Index)} ({Words.Time(k.File.TrueAt(k.Event.Index))})"
                + (o.OomKills > 1 ? $", the last of {o.OomKills} OOM kills of its processes around the outage." : "."));
        }
        evidence.Add($"{service} went down at {down.File.Where(down.Event.Index)} ({Words.Time(down.File.TrueAt(down.Event.Index))}): {Describe(down.Event.Kind)}.");
        foreach (var a in o.Along.Take(5))
            evidence.Add($"Also {a.File.Where(a.Event.Index)} ({Words.Time(a.File.TrueAt(a.Event.Index))}): {Describe(a.Event.Kind)}.");
        if (up is { } u)
            evidence.Add($"{service} was back at {u.File.Where(u.Event.Index)} ({Words.Time(u.File.TrueAt(u.Event.Index))}): {Describe(u.Event.Kind)}; down for {Words.Duration(TimeSpan.FromTicks(u.Time - start.Time))}.");
        else
            evidence.Add($"{service} is not seen back up before the logs end.");
        if (down.File.Corrections.Any(c => down.Event.Index >= c.First && down.Event.Index <= c.Last))
            evidence.Add($"{Words.File(down.File.Path)} is displaced there; the times above are true times, the stamps in the file differ.");
        evidence.AddRange(o.Extra);
        evidence.AddRange(why);
        var related = new List<string>();
        foreach (var a in o.Along) if (!ReferenceEquals(a.File, f)) related.Add(a.File.Path);
        if (up is { } u2 && !ReferenceEquals(u2.File, f)) related.Add(u2.File.Path);
        related.AddRange(o.Related);
        long endTime = up?.Time ?? bundleEnd;
        bool sameFile = up is { } u3 && ReferenceEquals(u3.File, f);
        return new LogAnomaly
        {
            Kind = kind,
            Path = f.Path,
            FirstLine = start.File == f ? f.Line[start.Event.Index] : f.Line[down.Event.Index],
            LastLine = up is { } u4 ? u4.File.Line[u4.Event.Index] : f.Line[down.Event.Index],
            LineCount = sameFile ? up!.Value.Event.Index - down.Event.Index + 1 : 1,
            StampedStart = start.File.StampAt(start.Event.Index),
            StampedEnd = up is { } u5 ? u5.File.StampAt(u5.Event.Index) : f.StampAt(down.Event.Index),
            Start = start.File.TrueAt(start.Event.Index),
            End = f.InstantNear(endTime, down.Event.Index),
            Cause = cause,
            Tampering = TamperVerdict.Unlikely,
            Confidence = up is null ? 0.7 : cause == AnomalyCause.Stopped ? 0.8 : 0.9,
            Service = service,
            RelatedPaths = related.Distinct(StringComparer.Ordinal).ToList(),
            Summary = up is null ? $"{service} down ({cause}), not back before the logs end"
                : kind == AnomalyKind.ServiceRestart ? $"{service} stopped for {Words.Duration(TimeSpan.FromTicks(up.Value.Time - start.Time))} and started again; no request failed"
                : $"{service} down for {Words.Duration(TimeSpan.FromTicks(up.Value.Time - start.Time))} ({cause})",
            Evidence = evidence,
        };
    }

    private static string ServiceName(string key) => key.StartsWith("desc:", StringComparison.Ordinal) ? key[5..] : key;

    private static string Describe(ServiceEventKind kind) => kind switch
    {
        ServiceEventKind.Failed => "the unit failed or its main process died",
        ServiceEventKind.Stopping => "systemd began stopping it",
        ServiceEventKind.Stopped => "systemd stopped it",
        ServiceEventKind.ServerDown => "the server said it was shutting down",
        ServiceEventKind.Started => "systemd started it",
        ServiceEventKind.ServerUp => "the server said it was resuming normal operations",
        _ => kind.ToString(),
    };

    private sealed record OriginSilence(long Start, long End, List<string> Evidence, List<string> Paths, LogAnomaly Anomaly);

    /// <summary>Stretches where CloudFront answered with its own 5xx errors while no origin access log logged a request.</summary>
    private static List<OriginSilence> OriginSilences(BundleFacts bundle)
    {
        var result = new List<OriginSilence>();
        var access = bundle.Files.Where(f => f.IsAccessLog && f.Count > 0).ToList();
        var cdn = bundle.Files.Where(f => f.IsCloudFront && f.Count > 0).ToList();
        if (access.Count == 0 || cdn.Count == 0) return result;
        if (!cdn.Any(c => Enumerable.Range(0, c.Count).Any(i => (c.Flags[i] & LineFlags.CdnError) != 0))) return result;
        var errors = cdn.SelectMany(f => Enumerable.Range(0, f.Count).Where(i => (f.Flags[i] & LineFlags.CdnError) != 0).Select(i => (Time: f.True[i], File: f, Index: i)))
            .OrderBy(x => x.Time).ToList();
        // Where each error falls among the origin lines sorted by true time, measured without sorting them (issue 19: that
        // was eight bytes an origin line, 160 MB for a month of a busy origin): OriginRanks (a few counts per error time).
        var ranks = OriginRanks.Measure(access, errors.Select(e => e.Time));
        foreach (var gap in errors.GroupBy(e => ranks.Position(e.Time)))
        {
            int k = gap.Key;
            var list = gap.ToList();
            if (list.Count < 3 || k == 0 && ranks.Lines > 0 && list[0].Time < ranks.Least) continue;
            if (k == 0) continue;
            var last = OriginLine(access, ranks.Before(list[0].Time, k));
            (long Time, FileFacts File, int Index)? back = k < ranks.Lines ? OriginLine(access, ranks.At(list[0].Time, k)) : null;
            // The silence must be real: CloudFront fetched nothing from the origin in it either.
            long from = list[0].Time, to = list[^1].Time;
            int fetched = cdn.Sum(c => Enumerable.Range(c.LowerBound(from), Math.Max(0, c.LowerBound(to + 1) - c.LowerBound(from)))
                .Count(i => (c.Flags[i] & LineFlags.CdnOriginFetch) != 0));
            if (fetched > 0) continue;
            var f = last.File;
            var evidence = new List<string>
            {
                $"{Words.File(f.Path)} logs nothing from {f.Where(last.Index)} ({Words.Time(f.TrueAt(last.Index))})"
                + (back is { } b ? $" to {b.File.Where(b.Index)} ({Words.Time(b.File.TrueAt(b.Index))})" : " to the end of the file")
                + $", while CloudFront answered {list.Count} request(s) with its own errors ({list[0].File.Where(list[0].Index)} first, {list[^1].File.Where(list[^1].Index)} last) and fetched nothing from the origin.",
            };
            var statuses = list.GroupBy(e => e.File.Status[e.Index]).OrderBy(g => g.Key).Select(g => $"{g.Key} ×{g.Count()}");
            evidence.Add("CloudFront statuses: " + string.Join(", ", statuses) + ".");
            long end = back?.Time ?? to;
            var paths = list.Select(e => e.File.Path).Distinct().Append(f.Path).ToList();
            var anomaly = new LogAnomaly
            {
                Kind = AnomalyKind.ServiceOutage,
                Path = f.Path,
                FirstLine = f.Line[last.Index],
                LastLine = back is { } b2 ? b2.File.Line[b2.Index] : f.Line[last.Index],
                LineCount = back is { } b3 && ReferenceEquals(b3.File, f) ? b3.Index - last.Index + 1 : 1,
                StampedStart = list[0].File.StampAt(list[0].Index),
                StampedEnd = back is { } b4 ? b4.File.StampAt(b4.Index) : list[^1].File.StampAt(list[^1].Index),
                Start = f.InstantNear(from, last.Index),
                End = f.InstantNear(end, last.Index),
                Cause = AnomalyCause.OriginUnreachable,
                Tampering = TamperVerdict.Unlikely,
                Confidence = 0.75,
                Service = "origin",
                RelatedPaths = list.Select(e => e.File.Path).Distinct().ToList(),
                Summary = $"origin unreachable behind CloudFront for {Words.Duration(TimeSpan.FromTicks(end - from))}",
                Evidence = evidence,
            };
            result.Add(new OriginSilence(from, end, evidence, paths, anomaly));
        }
        return result;
    }

    /// <summary>
    /// The origin line of true time <paramref name="at"/>.Time and of that rank among the lines of that time in file order
    /// (files in bundle order, lines in line order): where a stable sort of the lines by time puts it.
    /// </summary>
    private static (long Time, FileFacts File, int Index) OriginLine(List<FileFacts> access, (long Time, int Rank) at)
    {
        var (t, rank) = at;
        foreach (var f in access)
        {
            for (int i = 0; i < f.Count; i++)
            {
                if (f.True[i] == t && rank-- == 0) return (t, f, i);
            }
        }
        throw new InvalidOperationException("A sorted origin time has no line.");
    }
}
