using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Reports;

/// <summary>One bot client in the report: the finding, its requests over time, and the block rule suggested for it (or why none).</summary>
public sealed class ReportBot
{
    /// <summary>The finding, as Find-BotRequest writes it.</summary>
    public BotActivity Activity { get; init; } = new();

    /// <summary>The suggested rule, or null when one was refused (see <see cref="Refusal"/>) or the finding came without one.</summary>
    public BlockRule? Rule { get; init; }

    /// <summary>Why no rule is suggested (a CDN edge, private space, a benign crawler), or null.</summary>
    public BlockRuleRefusal? Refusal { get; init; }

    /// <summary>Its requests per minute in the period (minutes without requests left out). Empty for findings given from the pipeline.</summary>
    public IReadOnlyList<BotMinute> Minutes { get; init; } = [];

    /// <summary>The first line the client appears on, <c>path:line</c>, when the report read it.</summary>
    public string? FirstLine { get; init; }

    /// <summary>The last line the client appears on, <c>path:line</c>, when the report read it.</summary>
    public string? LastLine { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Activity} → {Rule?.Rule ?? Refusal?.ErrorId ?? "no rule"}";
}
