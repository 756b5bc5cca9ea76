namespace OpsLogTools.Core.Reports;

/// <summary>A stretch of time the timeline shades, with what it was and where it is written.</summary>
public sealed class ReportBand
{
    /// <summary>Outage, displaced clock or update run.</summary>
    public ReportBandKind Kind { get; init; }

    /// <summary>Start (true time).</summary>
    public DateTimeOffset Start { get; init; }

    /// <summary>End (true time).</summary>
    public DateTimeOffset End { get; init; }

    /// <summary>What it was, in a few words (may quote log text: escape it when writing).</summary>
    public string Label { get; init; } = "";

    /// <summary>The file and lines that show it, <c>path:first-last</c>.</summary>
    public string Source { get; init; } = "";

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Start:yyyy-MM-dd HH:mm} – {End:yyyy-MM-dd HH:mm} {Label}";
}
