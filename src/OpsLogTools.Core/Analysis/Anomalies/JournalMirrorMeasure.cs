using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Measures a text syslog file's displaced run against the host's journal: rsyslog writes the journal's entries again
/// (the same program, process id and message) stamped by the same system clock at the same moment, so a line of the run
/// and the journal entry it mirrors carry the same wrong stamp, and the journal knows its entry's true time (its
/// monotonic clock measured the step: <see cref="MonotonicSteps"/>). The run's offset is the line's stamp less that true
/// time, over every mirrored line.
/// </summary>
internal static class JournalMirrorMeasure
{
    private const long Second = TimeSpan.TicksPerSecond;
    /// <summary>How far apart a line and its journal entry may be stamped: rsyslog reads the journal (or the syslog socket)
    /// within moments, and a traditional stamp drops the fraction.</summary>
    private const long Window = 2 * Second;
    /// <summary>Lines of one message kept per run (a message repeated more often than this proves nothing more).</summary>
    private const int PerHash = 4;
    private const int MinimumPairs = 3;

    /// <summary>The measure, or null when fewer than three lines of the run mirror journal entries.</summary>
    /// <param name="members">The run (its pieces across rotations).</param>
    /// <param name="files">The bundle's files.</param>
    /// <param name="clockRuns">The journals' stretches on a stepped clock, each with its exact offset.</param>
    /// <param name="stepped">True when the mirrored entries lie in a stretch the journal's monotonic clock shows stepped.</param>
    public static OffsetMeasure? Measure(IReadOnlyList<DisplacedRun> members, IReadOnlyList<FileFacts> files, IReadOnlyList<DisplacedRun> clockRuns, out bool stepped)
    {
        stepped = false;
        var journals = files.Where(IsJournal).ToList();
        if (journals.Count == 0 || members.All(m => IsJournal(m.File) || !m.File.IsSyslogLike)) return null;
        var clocks = new RunLookup(files, clockRuns);

        // The run's lines by their hash of program, pid and message.
        var lines = new Dictionary<int, List<(DisplacedRun Run, int Index)>>();
        long from = long.MaxValue, to = long.MinValue;
        foreach (var r in members.Where(m => !IsJournal(m.File) && m.File.IsSyslogLike))
        {
            var a = r.File;
            for (int i = r.First; i <= r.Last; i++)
            {
                int h = a.Full[i];
                if (h == 0 || a.Pid[i] <= 1) continue;
                if (!lines.TryGetValue(h, out var list)) lines[h] = list = [];
                if (list.Count < PerHash) list.Add((r, i));
                from = Math.Min(from, a.Stamp[i]);
                to = Math.Max(to, a.Stamp[i]);
            }
        }
        if (lines.Count == 0) return null;

        var votes = new List<long>();
        bool wholeSeconds = true;
        int inSteps = 0;
        string? example = null;
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var j in journals)
        {
            for (int k = 0; k < j.Count; k++)
            {
                long stamp = j.Stamp[k];
                if (stamp < from - Window || stamp > to + Window) continue;
                if (!lines.TryGetValue(j.Full[k], out var mirrors)) continue;
                foreach (var (r, i) in mirrors)
                {
                    long line = r.File.Stamp[i];
                    if (Math.Abs(line - stamp) > Window) continue;
                    // Same clock, same moment: the entry's true time is its stamp less its stretch's step (none in a true stretch).
                    var clock = clocks.RunAt(j, k);
                    long trueTime = stamp - (clock is { HasOffset: true } c ? c.OffsetTicks : 0);
                    if (clock is not null) inSteps++;
                    votes.Add(line - trueTime);
                    wholeSeconds &= line % Second == 0;
                    sources.Add(Words.File(j.Path));
                    example ??= $"{r.File.Where(i)} is {j.Where(k)}";
                    break;
                }
            }
        }
        if (votes.Count < MinimumPairs) return null;
        votes.Sort();
        long offset;
        double uncertainty;
        if (wholeSeconds)
        {
            // The line's stamp drops the fraction its entry has: each vote is the offset less up to a second, so the offset
            // lies between the largest vote and the smallest vote plus a second.
            long low = votes[^1], high = votes[0] + Second;
            if (high < low) (low, high) = (votes[votes.Count / 2], votes[votes.Count / 2] + Second);
            offset = low / 2 + high / 2;
            uncertainty = Math.Max(1e-6, (high - low) / 2.0 / Second);
        }
        else
        {
            offset = votes[votes.Count / 2];
            uncertainty = Math.Max(1e-6, Math.Max(offset - votes[votes.Count / 10], votes[votes.Count * 9 / 10] - offset) / (double)Second);
        }
        stepped = inSteps * 2 > votes.Count;
        string journalsNamed = string.Join(", ", sources);
        string evidence = $"Journal as reference clock: {votes.Count} line(s) of the run mirror entries of {journalsNamed} (same program, process id and message, "
            + $"stamped by the same clock within {Window / Second} s; e.g. {example}); "
            + (stepped ? "the journal's monotonic clock shows those entries on a stepped clock and gives their true time" : "those entries are in true time by the journal's monotonic clock")
            + $": the run is {Words.Offset(offset / (double)Second)} off true time"
            + (wholeSeconds ? " (its stamps drop the fraction of a second)." : ".");
        return new OffsetMeasure(offset, uncertainty, evidence, votes.Count);
    }

    private static bool IsJournal(FileFacts f) => f.Format is LogFormat.Journal or LogFormat.JournalExport or LogFormat.JournalJson;
}
