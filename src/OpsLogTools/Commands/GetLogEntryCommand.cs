using System.Management.Automation;
using OpsLogTools.Core.Model;
using OpsLogTools.Infrastructure;

namespace OpsLogTools.Commands;

/// <summary>
/// <para type="synopsis">Reads log files into typed entries: syslog, Apache/nginx, CloudFront, yum/dnf, dpkg/apt, journal exports.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "LogEntry", DefaultParameterSetName = PathSet)]
[OutputType(typeof(LogEntry), typeof(AccessLogEntry), typeof(JournalEntry), typeof(AuditEntry), typeof(AptHistoryEntry), typeof(LoginRecordEntry))]
public sealed class GetLogEntryCommand : LogInputCommand
{
    /// <summary>Read every file as this format instead of detecting it from content.</summary>
    [Parameter]
    public LogFormat? Format { get; set; }

    /// <summary>Only entries stamped at or after this moment.</summary>
    [Parameter]
    public DateTimeOffset? Since { get; set; }

    /// <summary>Only entries stamped before this moment.</summary>
    [Parameter]
    public DateTimeOffset? Until { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (RunOnFleet()) return;
        foreach (var entry in ReadEntries(Format))
        {
            if (Since is { } since && entry.Timestamp < since) continue;
            if (Until is { } until && entry.Timestamp >= until) continue;
            WriteObject(entry);
        }
        base.EndProcessing();
    }
}
