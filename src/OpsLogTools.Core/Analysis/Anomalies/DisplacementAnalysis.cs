using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Turns displaced runs into findings: groups the runs of several files that share one displacement,
/// measures the offset from every clock available (embedded clocks, shared events, cadence, boundaries),
/// names the cause and judges tampering.
/// </summary>
internal static class DisplacementAnalysis
{
    private const long Second = TimeSpan.TicksPerSecond;
    private const double FourteenHours = 14 * 3600;
    /// <summary>Bounds alone measure an offset only when they hold it within a quarter of its size.</summary>
    private const long LoosestBounds = 4;

    /// <param name="bundle">The bundle's facts.</param>
    /// <param name="runs">The displaced runs found from the stamps; those no measure confirms are removed.</param>
    /// <param name="usedWitnesses">Receives the clock witnesses that became a run's evidence.</param>
    /// <param name="clockRuns">The journals' stretches on a stepped clock (<see cref="MonotonicSteps"/>): a journal is then
    /// the reference clock of the text files that mirror it (<see cref="JournalMirrorMeasure"/>).</param>
    public static List<LogAnomaly> Analyse(BundleFacts bundle, List<DisplacedRun> runs, HashSet<ClockEvent>? usedWitnesses = null, IReadOnlyList<DisplacedRun>? clockRuns = null)
    {
        string? inventory = null;
        var rtcLocal = ClockWitnesses.RtcInLocalTime(bundle);
        var found = new List<LogAnomaly>();
        var lookup = new RunLookup(bundle.Files, runs);
        var groups = Group(runs);
        var unconfirmed = new HashSet<DisplacedRun>();
        int groupId = 0;
        foreach (var members in groups)
        {
            groupId++;
            long low = members.Max(m => m.Low), high = members.Min(m => m.High);
            var notes = new List<string>();
            var sameMoments = new List<string>();
            var cadence = new List<CadenceFinding>();
            var embedded = EmbeddedClockMeasure.Measure(bundle, members, low, high, lookup, notes);
            var shared = SharedEventMeasure.Measure(members, low, high, lookup, sameMoments);
            bool mirrorStepped = false;
            var mirror = clockRuns is null ? null : JournalMirrorMeasure.Measure(members, bundle.Files, clockRuns, out mirrorStepped);
            // The journal's entries that a text file mirrors are stamped by the same clock: shared events against them measure nothing.
            if (mirror is not null) shared = null;
            var grid = CadenceMeasure.Measure(members, low, high, lookup, bundle, cadence);
            var witness = ClockWitnesses.Find(bundle, members, low, high, lookup);
            // A step the daemon printed, where the run starts or ends, is the offset itself (to its microseconds, and a second for the stamps).
            OffsetMeasure? witnessed = witness.Sized is { } ws ? new OffsetMeasure(ws.OffsetTicks, 1, "") : null;

            var basis = OffsetBasis.None;
            long offset;
            double uncertainty;
            if (mirror is { } jm0 && Math.Abs(jm0.Ticks) < Math.Max(1, jm0.UncertaintySeconds) * Second)
            {
                // The journal's true time stamps the lines as they are: they are not displaced.
                foreach (var m in members) unconfirmed.Add(m);
                continue;
            }
            if (mirror is { } jm)
            {
                // The journal's monotonic clock gives its entries' true time, to the microsecond: the most exact measure there is.
                basis = OffsetBasis.Monotonic | OffsetBasis.SharedEvents;
                offset = jm.Ticks;
                uncertainty = jm.UncertaintySeconds;
            }
            else if (embedded is { } e && shared is { } s)
            {
                basis = OffsetBasis.EmbeddedClocks | OffsetBasis.SharedEvents;
                offset = s.Ticks;
                uncertainty = Math.Max(1, Math.Abs(e.Ticks - s.Ticks) / (double)Second);
                if (Math.Abs(e.Ticks - s.Ticks) > 2 * Second)
                    notes.Add($"Embedded clocks and shared events disagree by {Words.Seconds(Math.Abs(e.Ticks - s.Ticks) / (double)Second)}; the shared events are taken.");
            }
            else if (embedded is { } e1) { basis = OffsetBasis.EmbeddedClocks; offset = e1.Ticks; uncertainty = e1.UncertaintySeconds; }
            else if (shared is { } s1) { basis = OffsetBasis.SharedEvents; offset = s1.Ticks; uncertainty = s1.UncertaintySeconds; }
            else if (witnessed is { } w1) { basis = OffsetBasis.ClockWitness; offset = w1.Ticks; uncertainty = w1.UncertaintySeconds; }
            else if (grid is { } g1) { basis = OffsetBasis.Cadence; offset = g1.Ticks; uncertainty = g1.UncertaintySeconds; }
            else if (low != long.MinValue && high != long.MaxValue && (high - low) / 2 <= Math.Abs(low / 2 + high / 2) / LoosestBounds)
            {
                offset = low / 2 + high / 2;
                uncertainty = (high - low) / 2.0 / Second;
            }
            else
            {
                // An open run with no outside clock: a step that never came back is not shown to be a displacement. Nor are
                // lines whose only bounds leave the offset anywhere between minutes and weeks (a file of sample lines pasted
                // together from several hosts steps back and forth; the middle of such bounds is no measurement).
                foreach (var m in members) unconfirmed.Add(m);
                continue;
            }
            if (witnessed is { } w2 && (basis & OffsetBasis.ClockWitness) == 0 && mirror is null)
            {
                if (Math.Abs(w2.Ticks - offset) > Math.Max(2, uncertainty) * Second)
                {
                    notes.Add($"The step the clock witness printed ({Words.Offset(w2.Ticks / (double)Second)}) and the {basis} measure ({Words.Offset(offset / (double)Second)}) disagree; the printed step is taken: the daemon that moved the clock says by how much.");
                    (offset, uncertainty) = (w2.Ticks, w2.UncertaintySeconds);
                }
            }
            if (witness.StepWitnessed) basis |= OffsetBasis.ClockWitness;
            if (grid is { } g2 && Math.Abs(g2.Ticks - offset) <= 3 * Second) basis |= OffsetBasis.Cadence;
            if (low != long.MinValue || high != long.MaxValue) basis |= OffsetBasis.Boundaries;

            var evidence = new List<string>();
            if (mirror is { } jm2) evidence.Add(jm2.Evidence);
            if (embedded is { } e2) evidence.Add(e2.Evidence);
            if (shared is { } s2) evidence.Add(s2.Evidence);
            if (grid is { } g3) evidence.Add(g3.Evidence);
            evidence.Add(BoundaryEvidence(members, low, high));
            evidence.AddRange(ClockWitnesses.Evidence(witness));
            evidence.AddRange(notes);

            double seconds = offset / (double)Second;
            var causeWords = new List<string>();
            var cause = Cause(seconds, uncertainty, causeWords);
            if (witness.StepWitnessed) cause = ClockWitnesses.Cause(witness, rtcLocal, seconds, uncertainty, causeWords);
            if (mirrorStepped)
            {
                // The journal's own two clocks show the step inside one boot: the system clock moved, whatever its size.
                cause = AnomalyCause.Clock;
                causeWords.Clear();
                causeWords.Add($"Cause: the system clock was {Words.Offset(seconds)} off: the journal this file mirrors shows the same step between its realtime and monotonic clocks inside one boot (a wrong clock, not a zone).");
            }
            // A step a daemon witnessed, or the journal's monotonic clock measured, is the host's, not an artefact of a guessed year or zone.
            if (!witness.StepWitnessed && !mirrorStepped && GuessCheck.Explains(bundle, members, offset, uncertainty, cause) is { } guessed)
            {
                // Measured against a year or zone the reader guessed: the time is uncertain, not shown wrong.
                foreach (var m in members)
                {
                    (m.HasOffset, m.OffsetTicks, m.UncertaintySeconds, m.Basis, m.Group) = (true, offset, uncertainty, basis, groupId);
                    found.Add(GuessCheck.Uncertain(m, members, guessed, evidence));
                }
                continue;
            }
            evidence.AddRange(causeWords);
            int heads = members.Count(m => m.IsHead);
            if (heads > 1)
            {
                evidence.Add($"The same displacement covers {heads} files at the same moments ({string.Join(", ", members.Where(m => m.IsHead).Select(m => Words.File(m.File.Path)).Distinct())}): one cause, not {heads}.");
                evidence.AddRange(sameMoments);
            }

            foreach (var m in members)
            {
                m.HasOffset = true;
                m.OffsetTicks = offset;
                m.UncertaintySeconds = uncertainty;
                m.Basis = basis;
                m.Group = groupId;
            }
            // A run across rotations is one finding, written from its first piece.
            var witnessReasons = new List<string>();
            if (witness.AtEdges.Count > 0 || (basis & OffsetBasis.ClockWitness) != 0)
            {
                foreach (var w in witness.Events) usedWitnesses?.Add(w);
                witnessReasons.AddRange(ClockWitnesses.TamperReasons(witness));
            }
            witnessReasons.Add("Tamper check (witnesses): " + (inventory ??= ClockWitnesses.Inventory(bundle)));
            var (access, against) = AccessWitnesses.Reasons(bundle, members, offset);
            witnessReasons.AddRange(access);
            foreach (var m in members.Where(m => m.IsHead))
            {
                found.Add(Build(bundle, m, members, lookup, cadence, cause, evidence, witness.Events, witnessReasons, against));
            }
        }
        runs.RemoveAll(unconfirmed.Contains);
        return found;
    }

    internal static LogAnomaly Build(BundleFacts bundle, DisplacedRun m, List<DisplacedRun> members, RunLookup lookup,
        List<CadenceFinding> cadence, AnomalyCause cause, List<string> shared, IReadOnlyList<ClockEvent>? witnesses = null,
        IReadOnlyList<string>? witnessReasons = null, IReadOnlyList<string>? against = null)
    {
        var f = m.File;
        var tail = m.Chain?.Tail ?? m;
        var g = tail.File;
        int near = m.Before >= 0 ? m.Before : m.After;
        long trueStart = f.Stamp[m.First] - m.OffsetTicks, trueEnd = g.Stamp[tail.Last] - m.OffsetTicks;
        bool whole = m.Chain is null && m.Before < 0 && m.After < 0;
        // The tamper checks weigh a run against the lines around it; a whole file has none around it, and one constant
        // over every line is what a wrong zone or clock does.
        var (verdict, reasons) = whole
            ? (TamperVerdict.Unlikely, ["Tamper check (fits a re-stamp): every line of the file is off by the same constant, as a wrong zone or clock makes it; with no good line around it, nothing is there to compare the lines with."])
            : TamperAssessor.AssessRun(bundle, m, members, lookup, cadence, trueStart, trueEnd);
        if (against is { Count: > 0 })
        {
            // An intruder at the host when the stamps changed: not proof of tampering, but no longer "unlikely".
            if (verdict == TamperVerdict.Unlikely) verdict = TamperVerdict.Possible;
            reasons = [.. against.Select(a => "Tamper check (against): " + a), .. reasons];
        }
        // A whole file may be known from a few of its lines (the timeline keeps only its clocks): count by line numbers.
        long lineCount = whole ? f.Line[m.Last] - f.Line[m.First] + 1 : m.Chain?.LineCount ?? m.LineCount;
        string beforeText = m.Chain is { } c1
            ? c1.Before is { } b ? $", after {b.File.Where(b.Index)} stamped {Words.Time(b.File.StampAt(b.Index))}" : ", from the start of the file"
            : m.Before >= 0 ? $", after {f.Where(m.Before)} stamped {Words.Time(f.StampAt(m.Before))}" : ", from the start of the file";
        string afterText = m.Chain is { } c2
            ? c2.After is { } a ? $", before {a.File.Where(a.Index)} stamped {Words.Time(a.File.StampAt(a.Index))}." : ", to the end of the file."
            : m.After >= 0 ? $", before {f.Where(m.After)} stamped {Words.Time(f.StampAt(m.After))}." : ", to the end of the file.";
        var evidence = new List<string>
        {
            $"{f.Where(m.First)} through {g.Where(tail.Last)}: {lineCount} line(s) stamped {Words.Time(f.StampAt(m.First))} to {Words.Time(g.StampAt(tail.Last))}{beforeText}{afterText}",
        };
        if (m.Chain is { Pieces.Count: > 1 } chain)
            evidence.Add("The run goes on across the rotation: " + string.Join(", then ", chain.Pieces.Select(p => $"{p.File.Where(p.First)}–{p.File.Line[p.Last]} ({p.LineCount} line(s))"))
                + ". The rotated files are one stream cut at each rotation: one run, not one per file.");
        evidence.AddRange(shared);
        evidence.AddRange(reasons);
        if (witnessReasons is not null) evidence.AddRange(witnessReasons);

        double confidence = m.IsClosed ? 0.7 : 0.55;
        if ((m.Basis & (OffsetBasis.EmbeddedClocks | OffsetBasis.SharedEvents)) != 0) confidence += 0.2;
        else if ((m.Basis & OffsetBasis.Cadence) != 0) confidence += 0.12;
        if (members.Count(o => o.IsHead) > 1) confidence += 0.08;
        // Two clocks of the same entries measured it: no estimate is involved.
        if ((m.Basis & OffsetBasis.Monotonic) != 0) confidence = 0.99;
        double seconds = m.OffsetTicks / (double)Second;
        return new LogAnomaly
        {
            Kind = AnomalyKind.DisplacedTimestamps,
            Path = f.Path,
            FirstLine = f.Line[m.First],
            LastLine = f.Line[m.Last],
            EndPath = g.Path,
            EndLine = g.Line[tail.Last],
            LineCount = lineCount,
            StampedStart = f.StampAt(m.First),
            StampedEnd = g.StampAt(tail.Last),
            Start = f.InstantNear(trueStart, near),
            End = f.InstantNear(trueEnd, near),
            OffsetSeconds = seconds,
            OffsetUncertaintySeconds = Math.Round(m.UncertaintySeconds, 1),
            Basis = m.Basis,
            Cause = cause,
            Tampering = verdict,
            Confidence = Math.Round(Math.Min(0.99, confidence), 2),
            RelatedPaths = members.Where(o => !ReferenceEquals(o, m) && (o.Chain is null || !ReferenceEquals(o.Chain, m.Chain)))
                .Select(o => o.File.Path).Distinct().ToList(),
            Summary = $"{lineCount} line(s) stamped {Words.Offset(seconds)} off true time ({cause}); tampering {verdict}",
            ClockEvents = witnesses ?? [],
            Evidence = evidence,
        };
    }

    internal static AnomalyCause Cause(double seconds, double uncertainty, List<string> evidence)
    {
        if (Math.Abs(seconds) > FourteenHours + uncertainty)
        {
            evidence.Add($"Cause: an offset of {Words.Offset(seconds)} is more than any zone (±14 h): a wrong clock.");
            return AnomalyCause.Clock;
        }
        double step = Math.Round(seconds / 900) * 900;
        if (uncertainty <= 60)
        {
            if (step != 0 && Math.Abs(seconds - step) <= Math.Max(2, uncertainty) && Math.Abs(step) <= FourteenHours)
            {
                evidence.Add($"Cause: the offset is a whole zone step ({Words.Offset(step)}): stamps written in the wrong time zone.");
                return AnomalyCause.TimeZone;
            }
            evidence.Add($"Cause: the offset is not a whole zone step (nearest {Words.Offset(step)}): a wrong clock.");
            return AnomalyCause.Clock;
        }
        double lowStep = Math.Ceiling((seconds - uncertainty) / 900) * 900, highStep = Math.Floor((seconds + uncertainty) / 900) * 900;
        if (highStep >= lowStep && !(lowStep == 0 && highStep == 0))
        {
            evidence.Add($"Cause: the bounds (±{Words.Seconds(uncertainty)}) allow a whole zone step ({Words.Offset(lowStep == 0 ? highStep : lowStep)}), so zone or clock cannot be told apart.");
            return AnomalyCause.Unknown;
        }
        evidence.Add("Cause: no whole zone step fits the bounds: a wrong clock.");
        return AnomalyCause.Clock;
    }

    private static string BoundaryEvidence(List<DisplacedRun> members, long low, long high)
    {
        var narrow = members.OrderBy(m => m.IsClosed ? (double)(m.High - m.Low) : double.MaxValue).First();
        var f = narrow.File;
        string lo = low == long.MinValue ? "unbounded" : Words.Offset(low / (double)Second);
        string hi = high == long.MaxValue ? "unbounded" : Words.Offset(high / (double)Second);
        (FileFacts File, int Index)? before = narrow.Chain is { } c ? c.Before : narrow.Before >= 0 ? (f, narrow.Before) : null;
        (FileFacts File, int Index)? after = narrow.Chain is { } d ? d.After : narrow.After >= 0 ? (f, narrow.After) : null;
        string where = (before is { } b ? $"{b.File.Where(b.Index)} before the run" : "the start of the file")
            + " and " + (after is { } a ? $"{a.File.Where(a.Index)} after it" : "the end of the file");
        int runs = members.Count(m => m.IsHead);
        string across = runs > 1 ? $" (narrowest of {runs} files; the bounds of all files intersected)" : "";
        return $"Boundaries: the true time of the run lies between the good lines around it ({where}){across}, so the offset lies between {lo} and {hi}.";
    }

    /// <summary>Runs of different files with compatible offsets at overlapping moments are one displacement.</summary>
    private static List<List<DisplacedRun>> Group(List<DisplacedRun> runs)
    {
        var parent = Enumerable.Range(0, runs.Count).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        long reach = 10 * TimeSpan.TicksPerMinute;
        for (int i = 0; i < runs.Count; i++)
        {
            for (int j = i + 1; j < runs.Count; j++)
            {
                var a = runs[i];
                var b = runs[j];
                if (ReferenceEquals(a.File, b.File)) continue;
                if (Math.Max(a.Low, b.Low) > Math.Min(a.High, b.High)) continue;
                if (a.StampedStart > b.StampedEnd + reach || b.StampedStart > a.StampedEnd + reach) continue;
                int ra = Find(i), rb = Find(j);
                if (ra == rb) continue;
                // One run per file in a group: a file's second run is another event.
                var filesA = runs.Where((_, k) => Find(k) == ra).Select(r => r.File).ToHashSet();
                if (runs.Where((_, k) => Find(k) == rb).Any(r => filesA.Contains(r.File))) continue;
                parent[rb] = ra;
            }
        }
        // The pieces of a run across rotations are one run.
        var index = runs.Select((r, k) => (r, k)).ToDictionary(x => x.r, x => x.k);
        foreach (var r in runs)
        {
            if (r.Chain is not { } chain) continue;
            foreach (var p in chain.Pieces)
            {
                if (index.TryGetValue(p, out int k) && Find(k) != Find(index[chain.Head])) parent[Find(k)] = Find(index[chain.Head]);
            }
        }
        return runs.Select((r, k) => (r, root: Find(k)))
            .GroupBy(x => x.root)
            .Select(g => g.Select(x => x.r).ToList())
            .ToList();
    }
}
