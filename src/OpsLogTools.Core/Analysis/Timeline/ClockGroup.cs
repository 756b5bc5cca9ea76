using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>
/// One displacement, possibly seen in several files at the same moments (rsyslog stamps messages, cron and secure
/// with one clock): one cause, so one "clock went wrong" and one "clock came right" in the story.
/// </summary>
internal sealed class ClockGroup
{
    private readonly List<LogAnomaly> _members;
    private readonly Dictionary<string, long> _lastLine = new(StringComparer.Ordinal);
    private MergedLine? _right;

    private ClockGroup(List<LogAnomaly> members)
    {
        _members = members;
        // A run across a rotation ends in the next file of the set (EndPath): its stamps come right there.
        foreach (var m in members) _lastLine[m.EndPath] = Math.Max(_lastLine.GetValueOrDefault(m.EndPath), m.EndLine);
    }

    /// <summary>Groups displacements that name each other as related and overlap in true time.</summary>
    public static List<ClockGroup> From(IReadOnlyList<LogAnomaly> displacements)
    {
        var groups = new List<List<LogAnomaly>>();
        foreach (var a in displacements.OrderBy(a => a.Start))
        {
            var home = groups.FirstOrDefault(g => g.Any(m => Related(m, a)));
            if (home is null) groups.Add([a]);
            else home.Add(a);
        }
        return groups.Select(g => new ClockGroup(g)).ToList();
    }

    private static bool Related(LogAnomaly x, LogAnomaly y) =>
        ((x.RelatedPaths.Contains(y.Path) || y.RelatedPaths.Contains(x.Path)) && x.Start <= y.End && y.Start <= x.End
            // Whole files off by the same constant are one clock all along, whichever rotation they belong to.
            || (IsWholeFile(x) && IsWholeFile(y)))
        && Math.Abs(x.OffsetSeconds - y.OffsetSeconds) <= Math.Max(2, x.OffsetUncertaintySeconds + y.OffsetUncertaintySeconds);

    private static bool IsWholeFile(LogAnomaly a) =>
        a.Evidence.Any(e => e.StartsWith(Anomalies.WholeFileOffsets.EvidenceMark, StringComparison.Ordinal));

    /// <summary>Watches for the first line after a run in one of its files: where the stamps came right.</summary>
    public void Observe(MergedLine line)
    {
        if (_right is not null) return;
        if (_lastLine.TryGetValue(line.Entry.Path, out long last) && line.Entry.LineNumber > last && line.OffsetTicks == 0)
            _right = line;
    }

    public IEnumerable<StoryDraft> Drafts()
    {
        var first = _members.MinBy(m => m.Start)!;
        string files = string.Join(", ", _members.Select(m => Path.GetFileName(m.Path)).Distinct());
        string offset = TimelineWords.Offset(first.OffsetSeconds);
        // A whole file has no moment where its stamps went wrong: they were wrong from its first line.
        string summary = _members.All(IsWholeFile)
            ? $"Stamps are {offset} off true time in {files} from their first line to their last ({first.Cause}): the first, written {TimelineWords.Time(first.Start)}, is stamped {TimelineWords.Time(first.StampedStart)}."
            : $"Stamps went {offset} off true time in {files} ({first.Cause}): lines written from {TimelineWords.Time(first.Start)} are stamped {TimelineWords.Time(first.StampedStart)}.";
        var wrong = new StoryDraft(StoryEventKind.ClockWrong, first.Start, first.Path, first.FirstLine, first.StampedStart, summary);
        foreach (var m in _members)
        {
            wrong.Evidence.Add($"{TimelineWords.Where(m.Path, m.FirstLine)} through {TimelineWords.Where(m.EndPath, m.EndLine)}: {m.LineCount} line(s) stamped "
                + $"{TimelineWords.Time(m.StampedStart)} to {TimelineWords.Time(m.StampedEnd)}, written {TimelineWords.Time(m.Start)} to {TimelineWords.Time(m.End)} "
                + $"(offset measured from {m.Basis}, confidence {m.Confidence:0.00}; tampering {m.Tampering}).");
        }
        yield return wrong;

        if (_right is { } r)
        {
            var lastRun = _members.MaxBy(m => m.End)!;
            var right = new StoryDraft(StoryEventKind.ClockRight, r,
                $"Stamps in {files} are right again: the first line after the displaced stretch is stamped in true time.");
            right.Evidence.Add($"The last displaced line, {TimelineWords.Where(lastRun.EndPath, lastRun.EndLine)}, was written at {TimelineWords.Time(lastRun.End)} (stamped {TimelineWords.Time(lastRun.StampedEnd)}).");
            yield return right;
        }
    }
}
