using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>A story event being written: evidence and counts can still be added until the merge ends.</summary>
internal sealed class StoryDraft
{
    public StoryDraft(StoryEventKind kind, MergedLine line, string summary)
    {
        Kind = kind;
        Time = line.Time;
        Path = line.Entry.Path;
        Line = line.Entry.LineNumber;
        Stamped = line.Stamped;
        Summary = summary;
        Evidence.Add(StoryLines.Quote(line));
    }

    public StoryDraft(StoryEventKind kind, DateTimeOffset time, string path, long line, DateTimeOffset stamped, string summary)
    {
        Kind = kind;
        Time = time;
        Path = path;
        Line = line;
        Stamped = stamped;
        Summary = summary;
    }

    public StoryEventKind Kind { get; }
    public DateTimeOffset Time { get; }
    public string Path { get; }
    public long Line { get; }
    public DateTimeOffset Stamped { get; }
    public string Summary { get; set; }
    public List<string> Evidence { get; } = [];
    /// <summary>Lines of the same kind that followed (5xx after the first, failure lines after the first).</summary>
    public long Followers { get; set; }
    public DateTimeOffset LastFollower { get; set; }

    public StoryEvent Build() => new()
    {
        Time = Time,
        Event = Kind,
        Summary = Summary,
        Path = Path,
        LineNumber = Line,
        StampedTime = Stamped,
        Evidence = Evidence,
    };
}
