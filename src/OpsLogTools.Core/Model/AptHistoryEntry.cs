namespace OpsLogTools.Core.Model;

/// <summary>
/// One record of apt's history.log: one apt run, from its <c>Start-Date</c> line (<see cref="LogEntry.Timestamp"/>,
/// <see cref="LogEntry.LineNumber"/>) to its <c>End-Date</c> line (<see cref="End"/>, <see cref="EndLine"/>), with the
/// command line, who asked for it, and every package it installed, upgraded, downgraded, reinstalled, removed or purged.
/// <see cref="LogEntry.Message"/> holds the record's package lines as written, joined by <c>"; "</c>.
/// </summary>
public sealed class AptHistoryEntry : LogEntry
{
    /// <summary>The <c>End-Date</c> stamp; null when the record has none (apt still running, or stopped: the next record or the end of the file came first).</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>Line number of the <c>End-Date</c> line, or of the record's last line when it has none.</summary>
    public long EndLine { get; init; }

    /// <summary>The <c>Commandline:</c> as written (<c>apt-get install nginx</c>, <c>/usr/bin/unattended-upgrade</c>), else null.</summary>
    public string? CommandLine { get; init; }

    /// <summary>The <c>Requested-By:</c> as written (<c>alice (1000)</c>: the user who ran apt through sudo), else null.</summary>
    public string? RequestedBy { get; init; }

    /// <summary>The user name of <see cref="RequestedBy"/> (<c>alice</c>), else null.</summary>
    public string? User { get; init; }

    /// <summary>The <c>Error:</c> line as written (<c>Sub-process /usr/bin/dpkg returned an error code (1)</c>), else null.</summary>
    public string? Error { get; init; }

    /// <summary>Every package the record names, in the order written, with from → to versions for upgrades and downgrades.</summary>
    public IReadOnlyList<PackageChange> Packages { get; init; } = [];
}
