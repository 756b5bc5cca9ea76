using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>Writes one <see cref="AnomalyKind.HostShutdown"/> finding for a shutdown or reboot, with the lines that show it.</summary>
internal static class HostShutdownReport
{
    private const int NamedServices = 8;

    public static LogAnomaly Build(HostShutdown d, long bundleEnd)
    {
        var first = d.First;
        var f = first.File;
        int i = first.Event.Index;
        var evidence = new List<string>();
        var related = new List<string>();
        if (d.Clean)
        {
            if (d.Lines.FirstOrDefault(l => l.Event.Kind == ServiceEventKind.ShutdownAnnounced) is { File: not null } announced)
                evidence.Add($"systemd-logind announced it at {Where(announced)}.");
            var stops = d.Lines.Where(l => l.Event.Kind is ServiceEventKind.Stopping or ServiceEventKind.Stopped or ServiceEventKind.OtherStop).ToList();
            if (stops.Count > 0)
            {
                var services = stops.Where(l => l.Event.Kind != ServiceEventKind.OtherStop).Select(l => l.Event.Service).Distinct(StringComparer.Ordinal).ToList();
                string named = services.Count == 0 ? "" : $"; among them: {string.Join(", ", services.Take(NamedServices))}{(services.Count > NamedServices ? $" and {services.Count - NamedServices} more" : "")}";
                evidence.Add($"{stops.Count} stop line(s) of systemd from {Where(stops[0])} to {Where(stops[^1])}{named}. Every unit stops when the host goes down: none of them is an outage of its own.");
            }
            foreach (var failed in d.Lines.Where(l => l.Event.Kind == ServiceEventKind.Failed).GroupBy(l => l.Event.Service).Select(g => g.First()).Take(NamedServices))
                evidence.Add($"{failed.Event.Service} failed while the host was going down ({Where(failed)}).");
            var marks = d.Lines.Where(l => l.Event.Kind == ServiceEventKind.ShutdownMark).ToList();
            if (marks.Count > 0)
                evidence.Add($"Lines only written when the host goes down: {Where(marks[0])}" + (marks.Count > 1 ? $" through {Where(marks[^1])} ({marks.Count} lines)." : "."));
            if (d.Lines.FirstOrDefault(l => l.Event.Kind == ServiceEventKind.LoggerStop) is { File: not null } logger)
                evidence.Add($"rsyslogd exited at {Where(logger)}: the system logger's files end there until the boot.");
            related.AddRange(d.Lines.Select(l => l.File.Path));
        }
        else
        {
            evidence.Add($"No shutdown was logged: the host's logs stop at {f.Where(i)} ({Words.Time(f.TrueAt(i))}) and the next thing they show is the boot: a crash, a power loss or a hard reset (or a shutdown whose last lines were never written).");
        }
        long end = d.End == long.MaxValue ? bundleEnd : d.End;
        string summary;
        long lastLine;
        if (d.Boot is { } boot)
        {
            evidence.Add($"The kernel's boot banner (Linux version …) at {Where(boot)}: the host was back {Words.Duration(TimeSpan.FromTicks(Math.Max(0, boot.Time - d.Start)))} after the first line of this finding.");
            related.Add(boot.File.Path);
            summary = d.Clean
                ? $"host rebooted: shut down at {Words.Time(f.TrueAt(i))}, booted at {Words.Time(boot.File.TrueAt(boot.Event.Index))}"
                : $"host booted at {Words.Time(boot.File.TrueAt(boot.Event.Index))} with no shutdown logged before it (last line at {Words.Time(f.TrueAt(i))})";
            lastLine = ReferenceEquals(boot.File, f) ? f.Line[boot.Event.Index] : LastLineIn(d, f);
        }
        else if (d.BackWithoutBanner is { } back)
        {
            evidence.Add($"The host's logs go on at {back.File.Where(back.Index)} ({Words.Time(back.File.TrueAt(back.Index))}); no boot banner is in the input.");
            related.Add(back.File.Path);
            summary = $"host shut down at {Words.Time(f.TrueAt(i))}, logging again at {Words.Time(back.File.TrueAt(back.Index))}";
            lastLine = ReferenceEquals(back.File, f) ? f.Line[back.Index] : LastLineIn(d, f);
        }
        else
        {
            evidence.Add("No boot follows before the logs end.");
            summary = $"host shut down at {Words.Time(f.TrueAt(i))}, not back before the logs end";
            lastLine = LastLineIn(d, f);
        }
        long firstLine = f.Line[i];
        return new LogAnomaly
        {
            Kind = AnomalyKind.HostShutdown,
            Path = f.Path,
            FirstLine = firstLine,
            LastLine = Math.Max(firstLine, lastLine),
            LineCount = Math.Max(firstLine, lastLine) - firstLine + 1,
            StampedStart = f.StampAt(i),
            StampedEnd = d.Boot is { } b2 ? b2.File.StampAt(b2.Event.Index) : f.StampAt(i),
            Start = f.TrueAt(i),
            End = f.InstantNear(end, i),
            Cause = d.Clean ? AnomalyCause.Stopped : AnomalyCause.UncleanShutdown,
            Tampering = TamperVerdict.Unlikely,
            Confidence = d.Clean && d.Boot is not null ? 0.95 : 0.8,
            Service = "host",
            RelatedPaths = related.Where(p => !string.Equals(p, f.Path, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList(),
            Summary = summary,
            Evidence = evidence,
        };
    }

    private static long LastLineIn(HostShutdown d, FileFacts f)
    {
        var mine = d.Lines.Where(l => ReferenceEquals(l.File, f)).ToList();
        return mine.Count == 0 ? f.Line[d.First.Event.Index] : mine.Max(l => f.Line[l.Event.Index]);
    }

    private static string Where(TimedEvent e) => $"{e.File.Where(e.Event.Index)} ({Words.Time(e.File.TrueAt(e.Event.Index))})";
}
