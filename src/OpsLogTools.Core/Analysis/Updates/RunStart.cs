using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>Where a start line came from; the order is the order of trust when several explain one run.</summary>
internal enum RunStartSource
{
    /// <summary><c>CROND[pid]: (root) CMD (yum -y update)</c>.</summary>
    CronCommand,
    /// <summary><c>run-parts(/etc/cron.daily)[pid]: starting 0yum-daily.cron</c>.</summary>
    RunParts,
    /// <summary>yum-cron's or dnf-automatic's own lines, or systemd starting dnf-automatic.</summary>
    UpdaterService,
    /// <summary><c>sudo: alice : ... COMMAND=/bin/yum install httpd</c>.</summary>
    Sudo,
    /// <summary>dnf.log <c>Command: dnf -y upgrade</c>: shows the command, not who ran it.</summary>
    DnfCommandLine,
}

/// <summary>A line that shows yum or dnf being started.</summary>
internal sealed class RunStart
{
    public required DateTimeOffset Time { get; init; }
    public required RunStartSource Source { get; init; }
    public required UpdateJobMatch Match { get; init; }
    public required UpdateTrigger Trigger { get; init; }
    public string? Tool { get; init; }
    public string? Command { get; init; }
    public string? User { get; init; }
    /// <summary>The program that wrote the line (<c>CROND</c>, <c>run-parts(/etc/cron.daily)</c>).</summary>
    public string? Program { get; init; }
    public required string Evidence { get; init; }
    public required string Path { get; init; }
    public long LineNumber { get; init; }

    /// <summary>Set when a run with packages was explained by this start.</summary>
    public bool Used { get; set; }
}
