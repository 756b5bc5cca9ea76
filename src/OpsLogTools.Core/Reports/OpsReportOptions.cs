using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Reports;

/// <summary>What the report covers and how it judges.</summary>
public sealed class OpsReportOptions
{
    /// <summary>The report's heading; null writes "Operations report for &lt;host&gt;".</summary>
    public string? Title { get; init; }

    /// <summary>Start of the period (inclusive); null from the first entry.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>End of the period (exclusive); null to the last entry.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>The host's zone, for the times shown; null takes the offset most of the host's own (non-CloudFront) stamps carry.</summary>
    public TimeZoneInfo? HostZone { get; init; }

    /// <summary>An update run this close to an outage or a displaced clock is named in the summary. Default 3 hours.</summary>
    public TimeSpan NearWindow { get; init; } = TimeSpan.FromHours(3);

    /// <summary>The syntax of the suggested block rules. Default Apache (the sample host's server).</summary>
    public BlockRuleFormat RuleFormat { get; init; } = BlockRuleFormat.Apache;

    /// <summary>How many bots the summary and the bot chart name. Default 5.</summary>
    public int TopBots { get; init; } = 5;

    /// <summary>Bot detection settings (CloudFront ranges, signatures, trusted proxies).</summary>
    public BotDetectorOptions BotOptions { get; init; } = new();

    /// <summary>Anomaly detection settings.</summary>
    public AnomalyOptions AnomalyOptions { get; init; } = AnomalyOptions.Default;

    /// <summary>Crontab jobs to match update runs against (from <see cref="Analysis.Updates.CrontabReader"/>).</summary>
    public IReadOnlyList<CronJob> CronJobs { get; init; } = [];

    /// <summary>
    /// systemd timer units to match update runs against (from <see cref="Analysis.Updates.Timers.TimerUnitReader"/>): a run of
    /// unattended-upgrades or dnf-automatic is then matched to the timer elapse that fired it, as Test-YumUpdateWindow does.
    /// </summary>
    public IReadOnlyList<Analysis.Updates.Timers.TimerUnit> Timers { get; init; } = [];

    /// <summary>When the report was made (the caller's clock: the engine never reads one).</summary>
    public DateTimeOffset? GeneratedAt { get; init; }
}
