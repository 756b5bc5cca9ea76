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

    /// <summary>True when <paramref name="kind"/> is to be reported.</summary>
    public bool Wants(AnomalyKind kind) => Kinds is null || Kinds.Count == 0 || Kinds.Contains(kind);
}
