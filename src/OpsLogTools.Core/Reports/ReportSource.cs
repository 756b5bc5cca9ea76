using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Reports;

/// <summary>One file the report read, with how much of it counted.</summary>
public sealed class ReportSource
{
    /// <summary>Full path.</summary>
    public string Path { get; init; } = "";

    /// <summary>The format it was read as.</summary>
    public LogFormat Format { get; init; }

    /// <summary>Entries read from it (every entry: anomaly detection needs the lines outside the period too).</summary>
    public long Entries { get; init; }

    /// <summary>Entries stamped inside the report's period.</summary>
    public long EntriesInPeriod { get; init; }

    /// <summary>Lines the reader could not parse, when the file was read by the report (else 0).</summary>
    public long Malformed { get; init; }

    /// <summary>Damaged stretches the reader met (NUL runs, binary lines, a cut gzip).</summary>
    public int DamagedStretches { get; init; }

    /// <summary>Stamp of the first entry, or null.</summary>
    public DateTimeOffset? First { get; init; }

    /// <summary>Stamp of the last entry, or null.</summary>
    public DateTimeOffset? Last { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Path} ({Format}): {Entries} entries, {EntriesInPeriod} in period";
}
