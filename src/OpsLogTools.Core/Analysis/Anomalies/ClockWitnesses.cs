using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Finds the clock witnesses (<see cref="WitnessLine"/>) at a displaced run's start and end, reads the offset a printed
/// step gives, and puts them into words. A run "starts at" a witness when the witness line lies between the last good
/// line before the run and the run's first lines (a few minutes either side); it "ends at" one between its last lines
/// and the first good line after it. chronyd writes "wrong by" with the wrong clock (the run's last line) and "stepped
/// by" with the right one (the first line after): both sit at the end.
/// </summary>
internal static class ClockWitnesses
{
    private const long Second = TimeSpan.TicksPerSecond;
    private static readonly long Reach = 5 * TimeSpan.TicksPerMinute;
    /// <summary>How many lines either side of an edge a witness may be, in its own file.</summary>
    private const int LinesAround = 40;

    /// <summary>Kinds that say the clock itself moved (stepped, set, jumped) or was found wrong.</summary>
    public static bool IsStep(ClockEventKind kind) => kind is ClockEventKind.ClockStepped or ClockEventKind.ClockWrong or ClockEventKind.ClockSet
        or ClockEventKind.TimeJump or ClockEventKind.RtcLocalTime;

    /// <summary>Kinds that print how far the clock moved (<see cref="ClockEvent.StepSeconds"/>).</summary>
    public static bool IsSized(ClockEvent e) => e.StepSeconds is not null && e.Kind is ClockEventKind.ClockStepped or ClockEventKind.ClockWrong or ClockEventKind.RtcLocalTime;

    /// <summary>The kernel's clocksource trouble, which on virtual machines comes before clock jumps: context at a run's start.</summary>
    private static bool IsClocksourceTrouble(ClockEvent e) => e.Source == "kernel"
        && e.Kind is ClockEventKind.SourceLost or ClockEventKind.ClocksourceSwitched or ClockEventKind.TimerStall;

    public static WitnessMatch Find(BundleFacts bundle, IReadOnlyList<DisplacedRun> members, long low, long high, RunLookup lookup)
    {
        var match = new WitnessMatch();
        var memberFiles = members.Select(m => m.File).ToHashSet();
        foreach (var m in members)
        {
            var f = m.File;
            if (f.Witnesses.Count == 0) continue;
            // Start edge: from the good line before the run to the run's first lines.
            int s0 = m.Before >= 0 ? Math.Max(0, m.Before - LinesAround) : m.First, s1 = Math.Min(m.Last, m.First + LinesAround);
            foreach (var w in Between(f, s0, s1))
            {
                bool near = w.Index <= m.Before ? f.Stamp[w.Index] >= f.Stamp[m.Before] - Reach : f.Stamp[w.Index] <= f.Stamp[m.First] + Reach;
                if (near && (IsStep(w.Event.Kind) || w.Event.Kind == ClockEventKind.TimeZoneChanged || IsClocksourceTrouble(w.Event)))
                    Add(match, f, w, atStart: true);
            }
            // End edge: from the run's last lines to the good line after it.
            int e0 = Math.Max(m.First, m.Last - LinesAround), e1 = m.After >= 0 ? Math.Min(f.Count - 1, m.After + LinesAround) : m.Last;
            foreach (var w in Between(f, e0, e1))
            {
                bool near = w.Index >= m.After && m.After >= 0 ? f.Stamp[w.Index] <= f.Stamp[m.After] + Reach : f.Stamp[w.Index] >= f.Stamp[m.Last] - Reach;
                if (near && (IsStep(w.Event.Kind) || w.Event.Kind == ClockEventKind.TimeZoneChanged)) Add(match, f, w, atStart: false);
            }
        }
        // Other files (a journal export beside rsyslog's files): by true time, where the run's bounds place its edges.
        long? before = members.Select(m => m.StampBefore).Where(s => s is not null).Max();
        long? after = members.Select(m => m.StampAfter).Where(s => s is not null).Min();
        long startTo = low == long.MinValue ? long.MinValue : members.Min(m => m.StampedStart) - low;
        long endFrom = high == long.MaxValue ? long.MaxValue : members.Max(m => m.StampedEnd) - high;
        long lastStamped = members.Max(m => m.StampedEnd);
        foreach (var g in bundle.Files)
        {
            if (memberFiles.Contains(g) || g.Witnesses.Count == 0) continue;
            foreach (var w in g.Witnesses)
            {
                long t = lookup.TrueEstimate(g, w.Index);
                bool step = IsStep(w.Event.Kind) || w.Event.Kind == ClockEventKind.TimeZoneChanged;
                if (before is { } b && startTo != long.MinValue && t >= b - Reach && t <= startTo + Reach && (step || IsClocksourceTrouble(w.Event)))
                    Add(match, g, w, atStart: true);
                else if (after is { } a && endFrom != long.MaxValue && t >= endFrom - Reach && t <= a + Reach && step)
                    Add(match, g, w, atStart: false);
                // The step that ends the run, stamped by the wrong clock it corrects (auditd stamps a settimeofday at the call's
                // entry; chronyd's "wrong by" before its step): its stamp lies after the run's last stamp and, less the offset,
                // before the good line after the run.
                else if (step && IsSized(w.Event) && after is { } a2 && high != long.MaxValue
                         && g.Stamp[w.Index] >= lastStamped - Reach && g.Stamp[w.Index] <= a2 + high + Reach)
                    Add(match, g, w, atStart: false);
            }
        }

        // A printed step that fits the bounds gives the offset: stepped by s at the start puts the stamps s ahead; at the end,
        // stepped by s takes them back (offset -s); "wrong by" is what the clock had to move while it was wrong (offset -s).
        foreach (var (file, line, atStart) in match.AtEdges.OrderByDescending(w => w.Line.Event.Kind == ClockEventKind.ClockStepped))
        {
            if (!IsSized(line.Event)) continue;
            double step = line.Event.StepSeconds!.Value;
            long offset = (long)Math.Round((line.Event.Kind == ClockEventKind.ClockStepped && atStart ? step : -step) * Second);
            long tolerance = Math.Max(2 * Second, Math.Abs(offset) / 100);
            bool fits = (low == long.MinValue || offset >= low - tolerance) && (high == long.MaxValue || offset <= high + tolerance);
            if (!fits) continue;
            match.Sized = (file, line, atStart, offset);
            break;
        }
        return match;
    }

    /// <summary>Whether the bundle holds a witness that the RTC is read as local time (systemd at boot).</summary>
    public static ClockEvent? RtcInLocalTime(BundleFacts bundle) =>
        bundle.Files.SelectMany(f => f.Witnesses).Select(w => w.Event).FirstOrDefault(e => e.Kind == ClockEventKind.RtcLocalTime);

    /// <summary>One witness line as evidence: where, when, who, what.</summary>
    public static string Quote(FileFacts f, WitnessLine w)
    {
        var e = w.Event;
        string text = e.Line.Length > 200 ? e.Line[..200] + "…" : e.Line;
        return $"{f.Where(w.Index)} stamped {Words.Time(f.StampAt(w.Index))}: {e.Source}: {text}";
    }

    /// <summary>The witness lines at a run's edges as evidence, and what a printed step gives.</summary>
    public static List<string> Evidence(WitnessMatch match)
    {
        var lines = new List<string>();
        foreach (var (f, w, atStart) in match.AtEdges.OrderBy(x => x.Line.Event.Time))
            lines.Add($"Clock witness at the run's {(atStart ? "start" : "end")}: {Quote(f, w)}");
        if (match.Sized is { } s)
        {
            var e = s.Line.Event;
            string said = e.Kind == ClockEventKind.ClockWrong ? "found the clock wrong by" : "moved the clock by";
            lines.Add($"Clock witness: {e.Source} {said} {Words.Seconds(e.StepSeconds!.Value)} at the run's {(s.AtStart ? "start" : "end")}: "
                + $"the stamps of the run were off by {Words.Offset(s.OffsetTicks / (double)Second)}, within the bounds the good lines around it allow.");
        }
        return lines;
    }

    /// <summary>The cause when a witness saw the clock move at the run's edge: a zone change, the RTC read as local time, or the clock.</summary>
    public static AnomalyCause Cause(WitnessMatch match, ClockEvent? rtcLocal, double seconds, double uncertainty, List<string> words)
    {
        words.Clear();
        if (match.AtEdges.FirstOrDefault(w => w.Line.Event.Kind == ClockEventKind.TimeZoneChanged) is { File: not null } zone)
        {
            words.Add($"Cause: {zone.Line.Event.Source} changed the time zone{(zone.Line.Event.Detail is { } d ? $" to {d}" : "")} at the run's {(zone.AtStart ? "start" : "end")} ({zone.File.Where(zone.Line.Index)}): stamps written in another zone.");
            return AnomalyCause.TimeZone;
        }
        double step = Math.Round(seconds / 900) * 900;
        bool wholeZone = step != 0 && Math.Abs(step) <= 14 * 3600 && Math.Abs(seconds - step) <= Math.Max(2, uncertainty);
        if (rtcLocal is not null && wholeZone)
        {
            words.Add($"Cause: the offset is a whole zone step ({Words.Offset(step)}) and systemd reads the real-time clock as local time ({Words.File(rtcLocal.Path)}:{rtcLocal.LineNumber}: {rtcLocal.Line}): "
                + "the clock was set from an RTC holding another zone's time, a zone fault.");
            return AnomalyCause.TimeZone;
        }
        var first = match.AtEdges.Where(w => IsStep(w.Line.Event.Kind)).OrderBy(w => w.Line.Event.Time).First();
        words.Add($"Cause: {first.Line.Event.Source} saw the clock {Verb(first.Line.Event.Kind)} at the run's {(first.AtStart ? "start" : "end")} ({first.File.Where(first.Line.Index)})"
            + (wholeZone ? $"; the offset is a whole zone step ({Words.Offset(step)}), but no zone change and no RTC kept in local time is witnessed" : "")
            + ": a wrong clock, not a zone.");
        return AnomalyCause.Clock;
    }

    /// <summary>The witnessed steps as tamper-check reasons: a boundary at a step a daemon logged fits a mechanism, not an edit.</summary>
    public static List<string> TamperReasons(WitnessMatch match)
    {
        var reasons = new List<string>();
        foreach (var (f, w, atStart) in match.AtEdges.Where(x => IsStep(x.Line.Event.Kind) || x.Line.Event.Kind == ClockEventKind.TimeZoneChanged).OrderBy(x => x.Line.Event.Time))
        {
            var e = w.Event;
            string size = e.StepSeconds is { } s ? $" by {Words.Seconds(s)}" : e.Detail is { } d ? $" ({d})" : "";
            reasons.Add($"Tamper check (fits a re-stamp): the run {(atStart ? "begins" : "ends")} where {e.Source} saw the clock {Verb(e.Kind)}{size} ({f.Where(w.Index)}): a witnessed clock step.");
        }
        foreach (var (f, w, _) in match.AtEdges.Where(x => IsClocksourceTrouble(x.Line.Event)))
            reasons.Add($"Tamper check (fits a re-stamp): the kernel's clocksource changed just before the run ({f.Where(w.Index)}: {w.Event.Line}); on virtual machines this comes before clock jumps.");
        return reasons;
    }

    private static string Verb(ClockEventKind kind) => kind switch
    {
        ClockEventKind.ClockStepped => "stepped",
        ClockEventKind.ClockWrong => "wrong",
        ClockEventKind.ClockSet => "set",
        ClockEventKind.TimeJump => "jump",
        ClockEventKind.RtcLocalTime => "set from an RTC in local time",
        ClockEventKind.ClockAdjusted => "adjusted",
        ClockEventKind.TimeZoneChanged => "change zone",
        _ => "change",
    };

    /// <summary>Which witnesses the bundle had and which it lacked, named: the verdict says what it could and could not consult.</summary>
    public static string Inventory(BundleFacts bundle)
    {
        var present = new List<string>();
        var absent = new List<string>();
        string[] daemons = ["chronyd", "ntpd", "systemd-timesyncd"];
        var daemonFiles = bundle.Files.Where(f => daemons.Any(f.WitnessPrograms.Contains)).Select(f => Words.File(f.Path)).Distinct().ToList();
        var seen = daemons.Where(d => bundle.ProgramId(d) >= 0).ToList();
        if (seen.Count > 0) present.Add($"time daemon lines ({string.Join(", ", seen)}{(daemonFiles.Count > 0 ? " in " + string.Join(", ", daemonFiles) : "")})");
        else absent.Add("time daemon lines (no chronyd, ntpd or systemd-timesyncd line in any file)");
        if (bundle.ProgramId("systemd-timedated") >= 0) present.Add("timedated lines");
        else absent.Add("timedated lines (no time or zone set through timedatectl)");
        if (bundle.ProgramId("kernel") >= 0) present.Add("kernel lines (clocksource, RTC)");
        else absent.Add("kernel lines");
        var audit = bundle.Files.Where(f => f.Format == LogFormat.Audit).ToList();
        if (audit.Count > 0)
            present.Add($"auditd's {string.Join(", ", audit.Select(f => Words.File(f.Path)).Distinct())} ({audit.Sum(f => f.Witnesses.Count)} clock or zone event(s))");
        else absent.Add("auditd's audit.log (the kernel's own record of settimeofday, clock_settime, adjtimex and /etc/localtime writes)");
        int steps = bundle.Files.Sum(f => f.Witnesses.Count(w => IsStep(w.Event.Kind) || w.Event.Kind == ClockEventKind.TimeZoneChanged));
        return $"Witnesses consulted: {(present.Count > 0 ? string.Join("; ", present) : "none")}, with {steps} clock step or set line(s) in all. "
            + $"Absent: {(absent.Count > 0 ? string.Join("; ", absent) : "none of these")}.";
    }

    private static IEnumerable<WitnessLine> Between(FileFacts f, int from, int to)
    {
        var list = f.Witnesses;
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (list[mid].Index < from) lo = mid + 1; else hi = mid;
        }
        for (int k = lo; k < list.Count && list[k].Index <= to; k++) yield return list[k];
    }

    private static void Add(WitnessMatch match, FileFacts f, WitnessLine w, bool atStart)
    {
        if (match.AtEdges.Any(x => ReferenceEquals(x.Line.Event, w.Event))) return;
        match.AtEdges.Add((f, w, atStart));
    }
}
