using System.Net;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Compares the host's login witnesses (issue 16): sshd's lines in secure/auth.log and the journal, wtmp's sessions and
/// audit.log's USER_LOGIN records. A remote login that two witnesses keep (or that wtmp or audit.log keeps) and that
/// another witness lacks, although that witness was recording around it and is one that writes such logins, is a hole
/// in one witness while the others go on: a log wiper's sign. Times are the true times the engine gives (displaced runs
/// re-timed), so a yearless secure file and wtmp's epoch stamps are compared on one clock.
/// </summary>
/// <remarks>
/// What each witness is expected to hold: a text log that holds sshd's lines holds every login sshd accepted; wtmp only
/// terminal sessions (sshd writes no wtmp record for sftp, scp or a command without a pty), so a login known from text
/// alone is never expected there; audit.log only terminal sessions too, and only when it records USER_LOGIN for other
/// logins (Debian's sshd writes none). A witness is recording around a login when it has lines within an hour before
/// and after it (wtmp, which is sparse: records before and after it); a file that starts later, ends earlier or was
/// rotated away does not cover the login and is never blamed. Logins without a remote address (the console, a local
/// terminal) are not compared.
/// </remarks>
internal static class WitnessHoles
{
    private enum Witness { Text, Journal, Wtmp, Audit }

    private static readonly long Tolerance = TimeSpan.FromMinutes(2).Ticks;
    private static readonly long Recording = TimeSpan.FromHours(1).Ticks;
    private static readonly long Near = TimeSpan.FromMinutes(10).Ticks;

    /// <summary>The holes, in time order; call after <see cref="BundleFacts.ApplyCorrections"/> (true times).</summary>
    public static List<WitnessHole> Find(BundleFacts bundle)
    {
        var witnesses = bundle.Files.Where(f => f.Count > 0 && KindOf(f) is not null).ToList();
        // Text logs alone are not compared (see the end): a bundle without a journal, wtmp or audit.log costs nothing here.
        if (witnesses.Count < 2 || witnesses.All(f => KindOf(f) == Witness.Text)) return [];
        var logins = new List<(FileFacts File, AccessLine Line, long Ticks, string Source)>();
        foreach (var f in witnesses)
        {
            foreach (var a in f.Access)
            {
                if (a.IsLogin && Canonical(a.Source) is { } source) logins.Add((f, a, f.True[a.Index], source));
            }
        }
        if (logins.Count == 0) return [];
        var times = logins.GroupBy(l => (l.File, l.Source)).ToDictionary(g => g.Key, g => g.Select(l => l.Ticks).Order().ToArray());
        var holes = new List<WitnessHole>();
        var last = new Dictionary<(FileFacts, string), WitnessHole>();
        foreach (var o in logins.OrderBy(l => l.Ticks))
        {
            var kind = KindOf(o.File)!.Value;
            foreach (var g in witnesses)
            {
                if (ReferenceEquals(g, o.File) || !Expects(g, kind, o.Line)) continue;
                long tolerance = Tolerance + Uncertainty(bundle, o.File, o.Ticks) + Uncertainty(bundle, g, o.Ticks);
                if (times.TryGetValue((g, o.Source), out var kept) && Holds(kept, o.Ticks, tolerance)) continue;
                if (!Covers(g, o.Ticks, tolerance, out int before, out int after)) continue;
                if (!last.TryGetValue((g, o.Source), out var hole) || Math.Abs(hole.Ticks - o.Ticks) > tolerance)
                {
                    hole = new WitnessHole(g, o.Source, o.Ticks, before, after);
                    holes.Add(hole);
                    last[(g, o.Source)] = hole;
                }
                if (!hole.Holders.Any(h => ReferenceEquals(h.File, o.File))) hole.Holders.Add((o.File, o.Line));
            }
        }
        // Every witness that keeps the login is named, also those not expected to (secure's line beside audit's terminal session).
        var bySource = logins.ToLookup(l => l.Source, StringComparer.Ordinal);
        foreach (var hole in holes)
        {
            foreach (var l in bySource[hole.Source])
            {
                if (ReferenceEquals(l.File, hole.Lacking) || hole.Holders.Any(h => ReferenceEquals(h.File, l.File))) continue;
                if (Math.Abs(l.Ticks - hole.Ticks) <= Tolerance + Uncertainty(bundle, l.File, l.Ticks)) hole.Holders.Add((l.File, l.Line));
            }
        }
        // One rsyslog file against another is one writer's copies (secure and messages): a login one of them alone keeps is
        // not enough. Two holders, or the journal's entry or a binary record of the session, are.
        return holes.Where(h => h.Holders.Count >= 2 || h.Holders.Any(x => KindOf(x.File) != Witness.Text)).ToList();
    }

    /// <summary>One MissingLines finding per hole: the lines around the login in the witness that lacks it.</summary>
    public static LogAnomaly Report(BundleFacts bundle, WitnessHole hole)
    {
        var g = hole.Lacking;
        var when = g.InstantNear(hole.Ticks, hole.Before);
        string holders = string.Join(" and ", hole.Holders.Select(h => Words.File(h.File.Path)).Distinct(StringComparer.Ordinal));
        bool intruder = bundle.IntruderSources.Contains(hole.Source);
        var evidence = hole.Holders.Select(h => $"{h.File.Where(h.Line.Index)} ({Words.Time(h.File.TrueAt(h.Line.Index))}): {h.Line.Text}").ToList();
        evidence.Add($"{Words.File(g.Path)} has no login from {hole.Source} at that time, yet it was recording: {g.Where(hole.Before)} ({Words.Time(g.TrueAt(hole.Before))}) "
            + $"and {g.Where(hole.After)} ({Words.Time(g.TrueAt(hole.After))}) are its lines around it, and {Expectation(g)}.");
        if (intruder) evidence.Add($"{hole.Source} guessed passwords before it logged in (Find-LoginActivity: SuccessAfterFailures).");
        evidence.Add($"A login one witness lacks while the others went on: its lines were removed from {Words.File(g.Path)} (a log wiper's sign) or lost on their way to it. Worth a look.");
        var verdict = hole.Holders.Count >= 2 || intruder ? TamperVerdict.Likely : TamperVerdict.Possible;
        return new LogAnomaly
        {
            Kind = AnomalyKind.MissingLines,
            Path = g.Path,
            FirstLine = g.Line[hole.Before],
            LastLine = g.Line[hole.After],
            LineCount = 0,
            StampedStart = g.StampAt(hole.Before),
            StampedEnd = g.StampAt(hole.After),
            Start = g.TrueAt(hole.Before),
            End = g.TrueAt(hole.After),
            Cause = AnomalyCause.Unknown,
            Tampering = verdict,
            Confidence = hole.Holders.Count >= 2 ? 0.9 : 0.75,
            ExpectedLines = 1,
            RelatedPaths = hole.Holders.Select(h => h.File.Path).Distinct(StringComparer.Ordinal).ToList(),
            Summary = $"login from {hole.Source} at {Words.Time(when)} is in {holders} but not in {Words.File(g.Path)}, which was recording around it",
            Evidence = evidence,
        };
    }

    /// <summary>
    /// The displaced findings with a hole around or inside their run cited against a plain clock fault (and an
    /// Unlikely verdict raised to Possible); the others unchanged.
    /// </summary>
    public static List<LogAnomaly> Cite(List<LogAnomaly> displaced, List<WitnessHole> holes)
    {
        if (holes.Count == 0) return displaced;
        var result = new List<LogAnomaly>(displaced.Count);
        foreach (var a in displaced)
        {
            if (a.Kind != AnomalyKind.DisplacedTimestamps)
            {
                result.Add(a);
                continue;
            }
            // One displacement over several files is judged over its whole span (each file's piece starts with its own first line).
            var group = displaced.Where(o => o.Kind == AnomalyKind.DisplacedTimestamps && o.OffsetSeconds == a.OffsetSeconds
                && (ReferenceEquals(o, a) || a.RelatedPaths.Contains(o.Path, StringComparer.Ordinal))).ToList();
            long start = group.Min(o => o.Start.UtcTicks), end = group.Max(o => o.End.UtcTicks);
            var near = holes.Where(h => h.Ticks >= start - Near && h.Ticks <= end + Near).ToList();
            if (near.Count == 0)
            {
                result.Add(a);
                continue;
            }
            var reasons = near.Select(h =>
                $"Tamper check (against): a login from {h.Source} at {Words.Time(h.Lacking.InstantNear(h.Ticks, h.Before))} is in "
                + $"{string.Join(" and ", h.Holders.Select(x => x.File.Where(x.Line.Index)))} but not in {Words.File(h.Lacking.Path)}, which logged "
                + $"{h.Lacking.Where(h.Before)} and {h.Lacking.Where(h.After)} around it: a hole in one witness while the others go on, a log wiper's sign.").ToList();
            var evidence = a.Evidence.ToList();
            int at = evidence.FindIndex(e => e.StartsWith("Tamper check", StringComparison.Ordinal));
            evidence.InsertRange(at < 0 ? evidence.Count : at, reasons);
            var verdict = a.Tampering == TamperVerdict.Unlikely ? TamperVerdict.Possible : a.Tampering;
            result.Add(With(a, verdict, evidence));
        }
        return result;
    }

    private static LogAnomaly With(LogAnomaly a, TamperVerdict verdict, List<string> evidence) => new()
    {
        Kind = a.Kind,
        Path = a.Path,
        FirstLine = a.FirstLine,
        LastLine = a.LastLine,
        EndPath = a.EndPath,
        EndLine = a.EndLine,
        LineCount = a.LineCount,
        StampedStart = a.StampedStart,
        StampedEnd = a.StampedEnd,
        Start = a.Start,
        End = a.End,
        OffsetSeconds = a.OffsetSeconds,
        OffsetUncertaintySeconds = a.OffsetUncertaintySeconds,
        Basis = a.Basis,
        Cause = a.Cause,
        Tampering = verdict,
        Confidence = a.Confidence,
        Service = a.Service,
        ExpectedLines = a.ExpectedLines,
        RatePerHour = a.RatePerHour,
        Signature = a.Signature,
        RelatedPaths = a.RelatedPaths,
        ClockEvents = a.ClockEvents,
        Summary = a.Summary.Replace($"tampering {a.Tampering}", $"tampering {verdict}", StringComparison.Ordinal),
        Evidence = evidence,
    };

    private static Witness? KindOf(FileFacts f) => f.Format switch
    {
        LogFormat.Audit => Witness.Audit,
        // btmp holds failures and utmp only the sessions open now (its slots are reused): neither witnesses past logins.
        LogFormat.Utmp => System.IO.Path.GetFileName(f.Path).StartsWith("wtmp", StringComparison.Ordinal) ? Witness.Wtmp : null,
        LogFormat.Journal or LogFormat.JournalExport or LogFormat.JournalJson or LogFormat.JournalShortIso => Witness.Journal,
        _ => f.IsSyslogLike ? Witness.Text : null,
    };

    /// <summary>Whether witness <paramref name="g"/> writes the login <paramref name="line"/> of a <paramref name="holder"/> witness.</summary>
    private static bool Expects(FileFacts g, Witness holder, AccessLine line) => KindOf(g) switch
    {
        // sshd's Accepted line: for every login sshd let in (a wtmp or audit terminal session from an address is sshd's).
        Witness.Text or Witness.Journal => g.LogsSshd && (holder != Witness.Wtmp || line.Tty),
        // Terminal sessions only: a login known from secure alone may be an sftp or scp session, which wtmp never sees.
        Witness.Wtmp => line.Tty,
        // Terminal sessions, and only where this audit.log records sshd's USER_LOGIN at all.
        Witness.Audit => line.Tty && g.Access.Any(x => x.IsLogin),
        _ => false,
    };

    private static string Expectation(FileFacts g) => KindOf(g) switch
    {
        Witness.Wtmp => "sshd writes a wtmp record for every terminal session it opens",
        Witness.Audit => "it records sshd's USER_LOGIN for other sessions",
        _ => "it holds sshd's lines, and sshd writes an Accepted line for every login",
    };

    /// <summary>Some line of <paramref name="g"/> within an hour before the login and some within an hour after it (wtmp: any record before and after).</summary>
    private static bool Covers(FileFacts g, long t, long tolerance, out int before, out int after)
    {
        before = after = -1;
        var trueTimes = g.True;
        int at = g.LowerBound(t - tolerance);
        before = at - 1;
        after = g.LowerBound(t + tolerance + 1);
        if (before < 0 || after >= trueTimes.Length) return false;
        if (KindOf(g) == Witness.Wtmp) return true;
        return trueTimes[before] >= t - Recording && trueTimes[after] <= t + Recording;
    }

    private static bool Holds(long[] sorted, long t, long tolerance)
    {
        int i = Array.BinarySearch(sorted, t - tolerance);
        if (i < 0) i = ~i;
        return i < sorted.Length && sorted[i] <= t + tolerance;
    }

    /// <summary>How far a re-timed line near <paramref name="t"/> in <paramref name="f"/> may be off (the run's uncertainty), in ticks.</summary>
    private static long Uncertainty(BundleFacts bundle, FileFacts f, long t)
    {
        if (!bundle.RunsByFile.TryGetValue(f, out var runs)) return 0;
        double worst = 0;
        foreach (var r in runs)
        {
            if (!r.HasOffset || r.Last >= f.True.Length) continue;
            if (f.True[r.First] - Near <= t && t <= f.True[r.Last] + Near) worst = Math.Max(worst, r.UncertaintySeconds);
        }
        return (long)(Math.Min(worst, 3600) * TimeSpan.TicksPerSecond);
    }

    private static string? Canonical(string? source)
    {
        if (source is null || !IPAddress.TryParse(source, out var ip)) return null;
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        return ip.ToString();
    }
}
