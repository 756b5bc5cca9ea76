using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>Knobs of anomaly detection. The defaults suit rsyslog, Apache and CloudFront logs of one host.</summary>
public sealed class AnomalyOptions
{
    /// <summary>The defaults.</summary>
    public static AnomalyOptions Default { get; } = new();

    /// <summary>Kinds to report; null or empty reports every kind.</summary>
    public IReadOnlyCollection<AnomalyKind>? Kinds { get; init; }

    /// <summary>Lines a few seconds out of order are buffering, not a wrong clock: a backward step must exceed this to start a displaced run.</summary>
    public TimeSpan JitterTolerance { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Fewest lines a displaced run must have.</summary>
    public int MinimumRunLines { get; init; } = 2;

    /// <summary>
    /// A silence is reported when the chance of one that long anywhere in the file, under the file's own rate (or the
    /// grid of its periodic jobs, or, for an origin behind CloudFront, the share of forwarded requests it logs), is at most this.
    /// </summary>
    public double SilenceProbability { get; init; } = 1e-4;

    /// <summary>A minute is part of an error burst when so many errors, under the file's own baseline, have at most this probability.</summary>
    public double BurstProbability { get; init; } = 1e-6;

    /// <summary>Fewest error lines (5xx, error-level lines) an error burst must have in all.</summary>
    public int MinimumBurstErrors { get; init; } = 10;

    /// <summary>A planned stop and start shorter than this is a restart, not an outage. Failures and OOM kills are reported whatever their length.</summary>
    public TimeSpan MinimumPlannedOutage { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Keeps per-line facts packed (stamps as distances in a chunk, few-valued columns a byte a line: <see cref="StampColumn"/>,
    /// <see cref="Column{T}"/>). False keeps them as plain eight-, four- and two-byte values, the engine the packed one is
    /// checked against (equivalence tests): the findings must be the same.
    /// </summary>
    internal bool PackFacts { get; init; } = true;

    /// <summary>
    /// Bytes of per-line facts the scan keeps in memory: past this, packed chunks that take no more lines are written to a
    /// temporary file and read back on demand (<see cref="FactSpill"/>), so memory stays flat however many lines come
    /// (issue 19). Findings are the same either way (equivalence tests run with a budget of a few bytes).
    /// </summary>
    internal long FactBudgetBytes { get; init; } = 64L << 20;

    /// <summary>How often, in lines taken, the facts held are weighed against <see cref="FactBudgetBytes"/> (and at detection).</summary>
    internal int WeighEveryLines { get; init; } = 1 << 14;

    /// <summary>Bytes of spilled chunks read back that are kept at once (the read cache of <see cref="FactSpill"/>).</summary>
    internal long SpillCacheBytes { get; init; } = 16L << 20;

    /// <summary>Folder of the spill file; null for the system's temp folder (never the inputs' folder).</summary>
    internal string? SpillFolder { get; init; }

    /// <summary>True when <paramref name="kind"/> is to be reported.</summary>
    public bool Wants(AnomalyKind kind) => Kinds is null || Kinds.Count == 0 || Kinds.Contains(kind);
}
