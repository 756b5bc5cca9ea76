namespace OpsLogTools.Core.Model;

/// <summary>
/// One event of the story of the night (<c>Get-LogTimeline -Summary</c>): what an admin would write in an incident
/// note, at its true time, with the line that shows it and the facts behind it.
/// </summary>
public sealed class StoryEvent
{
    /// <summary>When it happened (true time, after correcting displaced stamps).</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>What happened.</summary>
    public StoryEventKind Event { get; init; }

    /// <summary>One sentence in plain words.</summary>
    public string Summary { get; init; } = "";

    /// <summary>The file of the line that shows it.</summary>
    public string Path { get; init; } = "";

    /// <summary>That line's number.</summary>
    public long LineNumber { get; init; }

    /// <summary>The stamp written on that line (differs from <see cref="Time"/> when the line was displaced).</summary>
    public DateTimeOffset StampedTime { get; init; }

    /// <summary>Facts an admin can check by hand, each naming a file and line.</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() => $"{Time:yyyy-MM-dd HH:mm:ss zzz} {Event} {Summary}";
}
