using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Clock steps inside one boot of a journal, from the entries' own two clocks: realtime − monotonic is constant within a
/// boot while the system clock runs true (a slew moves it by parts per million), so a change of it between two entries
/// of the same boot is the system clock stepped, and its size is the step to the microsecond. A boot's entries in a file
/// are cut at each step into stretches of one clock. The true stretch is the last one a time daemon begins by
/// synchronising the clock (timesyncd's initial synchronisation, chronyd's or ntpd's step: a Raspberry Pi without an RTC
/// boots on its saved time and is put right there), else the boot's first; every stretch on another clock is displaced
/// by the difference. A new boot id starts a new clock, never a step.
/// </summary>
internal sealed class MonotonicSteps
{
    /// <summary>The smallest change of realtime − monotonic taken as a step: timesyncd steps at 0.4 s, chronyd's makestep at 1 s;
    /// below this the clock is slewed, not stepped.</summary>
    private static readonly long Threshold = TimeSpan.TicksPerSecond / 4;

    private readonly Dictionary<(FileFacts File, string Boot), List<Stretch>> _boots = [];
    /// <summary>Per boot id, from any file of the bundle: realtime − monotonic where a time daemon set the clock right.</summary>
    private readonly Dictionary<string, long> _syncedDelta = new(StringComparer.Ordinal);
    /// <summary>Boot ids whose clock timesyncd restored from a recorded timestamp (no RTC): their first clock is a guess.</summary>
    private readonly HashSet<string> _restored = new(StringComparer.Ordinal);
    private int _groups;

    /// <summary>Entries of one boot in one file on one clock: first and last index, realtime − monotonic at each end (ticks).</summary>
    private sealed class Stretch(FileFacts file, int first, long delta, long monotonic)
    {
        public FileFacts File { get; } = file;
        /// <summary>Monotonic time of the first entry (ticks): orders a boot's stretches across files.</summary>
        public long Monotonic { get; } = monotonic;
        public int First { get; } = first;
        public int Last { get; set; } = first;
        public long FirstDelta { get; } = delta;
        public long LastDelta { get; set; } = delta;
    }

    /// <summary>Takes the entry at <paramref name="index"/> of file <paramref name="f"/>.</summary>
    public void Add(FileFacts f, int index, JournalEntry entry)
    {
        if (entry.BootId is not { Length: > 0 } boot) return;
        long delta = entry.Timestamp.UtcTicks - entry.MonotonicTime.Ticks;
        if (Witnesses.ClockWitness.IsWitnessProgram(entry.Program)
            && Witnesses.ClockWitness.TryRead(entry.Program, entry.Message, out var kind, out _, out _))
        {
            if (IsSync(kind, entry.Program!, entry.Message)) _syncedDelta[boot] = delta;
            else if (kind == ClockEventKind.ClockSet && entry.Program == "systemd-timesyncd") _restored.Add(boot);
        }
        if (!_boots.TryGetValue((f, boot), out var stretches)) _boots[(f, boot)] = stretches = [];
        // Entries of another boot in between (journalctl interleaves a reboot whose restored clock overlaps the last boot's
        // shutdown) cut the stretch: a displaced run is a contiguous range of the file.
        if (stretches.Count > 0 && stretches[^1].Last == index - 1 && Math.Abs(delta - stretches[^1].LastDelta) < Threshold)
        {
            // Same clock (following its slew).
            stretches[^1].Last = index;
            stretches[^1].LastDelta = delta;
        }
        else stretches.Add(new Stretch(f, index, delta, entry.MonotonicTime.Ticks));
    }

    /// <summary>The displaced runs found, each measured (offset, <see cref="OffsetBasis.Monotonic"/>).</summary>
    /// <remarks>A boot's stretches are taken together from every file that holds the boot, in monotonic order: journald
    /// rotates its file when the clock jumps back ("Time jumped backwards, rotating."), so the step often lies between the
    /// archived file and the next one of the same boot. A run is still one file's range: a stretch that goes on into the
    /// next file is one finding per file.</remarks>
    public List<DisplacedRun> Finish()
    {
        var runs = new List<DisplacedRun>();
        foreach (var boot in _boots.GroupBy(b => b.Key.Boot, StringComparer.Ordinal))
        {
            var stretches = boot.SelectMany(b => b.Value).OrderBy(x => x.Monotonic).ThenBy(x => x.File.Index).ThenBy(x => x.First).ToList();
            if (stretches.Count < 2) continue;
            // Pieces cut by another boot's entries, or by the end of a file, are one clock: only a step decides the truth.
            bool Stepped(int k) => Math.Abs(stretches[k].FirstDelta - stretches[k - 1].LastDelta) >= Threshold;
            if (!Enumerable.Range(1, stretches.Count - 1).Any(Stepped)) continue;
            int truth = 0;
            if (_syncedDelta.TryGetValue(boot.Key, out long synced))
            {
                // The clock a daemon set right (in this file or another of the same boot) is true.
                truth = Enumerable.Range(0, stretches.Count).MinBy(k => Math.Min(Math.Abs(stretches[k].FirstDelta - synced), Math.Abs(stretches[k].LastDelta - synced)));
            }
            else if (_restored.Contains(boot.Key))
            {
                // The boot began on a restored clock and stepped with no daemon line kept: the clock it stepped to is the one put right.
                truth = Enumerable.Range(1, stretches.Count - 1).Last(Stepped);
            }
            var t = stretches[truth];
            int emitted = -1;
            for (int k = 0; k < stretches.Count; k++)
            {
                var s = stretches[k];
                long offset = k < truth ? s.LastDelta - t.FirstDelta : s.FirstDelta - t.LastDelta;
                if (k == truth || Math.Abs(offset) < Threshold) continue;
                // Pieces of one clock in one file cut only by another boot's entries are one finding.
                if (k == 0 || Stepped(k) || emitted != k - 1 || !ReferenceEquals(stretches[k - 1].File, s.File)) _groups++;
                emitted = k;
                // The good entries around it in its own file (a neighbour in another file is not a line of this one).
                var before = stretches.Take(k).LastOrDefault(x => ReferenceEquals(x.File, s.File));
                var after = stretches.Skip(k + 1).FirstOrDefault(x => ReferenceEquals(x.File, s.File));
                runs.Add(new DisplacedRun(s.File, s.First, s.Last, before?.Last ?? -1, after?.First ?? -1, offset, offset)
                {
                    HasOffset = true,
                    OffsetTicks = offset,
                    UncertaintySeconds = 0,
                    Basis = OffsetBasis.Monotonic,
                    Group = _groups,
                });
            }
        }
        _boots.Clear();
        return runs;
    }

    /// <summary>A time daemon setting the clock right: timesyncd's initial synchronisation, chronyd's or ntpd's step.</summary>
    private static bool IsSync(ClockEventKind kind, string program, string message) =>
        (kind == ClockEventKind.ClockStepped && program is "chronyd" or "chrony" or "ntpd")
        || (kind == ClockEventKind.ClockSet && program == "systemd-timesyncd" && message.Contains("synchronization to", StringComparison.Ordinal));

    /// <summary>The runs as findings (pieces of one stretch cut by another boot's entries as one), with the clock witnesses at
    /// their edges (journald's "Time jumped backwards", timesyncd, chronyd).</summary>
    public static List<LogAnomaly> Report(BundleFacts bundle, List<DisplacedRun> clockRuns, List<DisplacedRun> allRuns, HashSet<ClockEvent>? usedWitnesses)
    {
        var found = new List<LogAnomaly>();
        if (clockRuns.Count == 0) return found;
        var lookup = new RunLookup(bundle.Files, allRuns);
        foreach (var pieces in clockRuns.GroupBy(r => r.Group).Select(g => g.ToList()))
        {
            var m = pieces[0];
            var z = pieces[^1];
            var f = m.File;
            var edges = pieces.Count == 1 ? m : new DisplacedRun(f, m.First, z.Last, m.Before, z.After, m.Low, m.High);
            var witness = ClockWitnesses.Find(bundle, [edges], m.Low, m.High, lookup);
            foreach (var piece in pieces.Where(_ => witness.AtEdges.Count > 0)) piece.Basis |= OffsetBasis.ClockWitness;
            foreach (var w in witness.Events) usedWitnesses?.Add(w);
            double seconds = m.OffsetTicks / (double)TimeSpan.TicksPerSecond;
            var evidence = new List<string>
            {
                $"Monotonic clock: within one boot, realtime − monotonic of {f.Where(m.First)} through {f.Where(z.Last)} is {Words.Offset(seconds)} ({m.OffsetTicks / 10} µs) off the boot's true clock"
                    + (m.Before >= 0 ? $" (the entry before, {f.Where(m.Before)}, is on another clock)" : " (from the boot's first entry in this file)")
                    + (z.After >= 0 ? $" until {f.Where(z.After)}" : ", to the boot's last entry in this file")
                    + ": the system clock was stepped; monotonic time since boot is not moved by a step.",
            };
            if (pieces.Count > 1)
                evidence.Add($"Entries of another boot are interleaved in the file (journalctl merges boots whose clocks overlap): the stretch is {pieces.Count} pieces, "
                    + string.Join(", ", pieces.Select(p => $"{f.Line[p.First]}–{f.Line[p.Last]}")) + ".");
            evidence.AddRange(ClockWitnesses.Evidence(witness));
            evidence.Add($"Cause: the system clock was {Words.Offset(seconds)} off inside one boot: a wrong clock, not a zone (the journal stamps in UTC).");
            var reasons = ClockWitnesses.TamperReasons(witness);
            var one = DisplacementAnalysis.Build(bundle, m, [m], lookup, [], AnomalyCause.Clock, evidence, witness.Events, reasons);
            found.Add(pieces.Count == 1 ? one : Widen(one, f, pieces));
        }
        return found;
    }

    /// <summary>The finding of a stretch's first piece, reaching to its last piece.</summary>
    private static LogAnomaly Widen(LogAnomaly one, FileFacts f, List<DisplacedRun> pieces)
    {
        var z = pieces[^1];
        long count = pieces.Sum(p => (long)p.LineCount);
        return new LogAnomaly
        {
            Kind = one.Kind,
            Path = one.Path,
            FirstLine = one.FirstLine,
            LastLine = f.Line[z.Last],
            LineCount = count,
            StampedStart = one.StampedStart,
            StampedEnd = f.StampAt(z.Last),
            Start = one.Start,
            End = f.InstantNear(f.Stamp[z.Last] - z.OffsetTicks, z.Last),
            OffsetSeconds = one.OffsetSeconds,
            OffsetUncertaintySeconds = one.OffsetUncertaintySeconds,
            Basis = one.Basis,
            Cause = one.Cause,
            Tampering = one.Tampering,
            Confidence = one.Confidence,
            RelatedPaths = one.RelatedPaths,
            Summary = $"{count} line(s) stamped {Words.Offset(one.OffsetSeconds)} off true time ({one.Cause}); tampering {one.Tampering}",
            ClockEvents = one.ClockEvents,
            Evidence = one.Evidence,
        };
    }
}
