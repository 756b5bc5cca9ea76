namespace OpsLogTools.Core.Formats;

/// <summary>The formats of the syslog family (rsyslog files, yum and dnf logs, journalctl exports), for the format registry.</summary>
public static class SyslogFamilyFormats
{
    /// <summary>One instance of each format; formats are stateless, parsers are made per file.</summary>
    public static IReadOnlyList<ILogFormat> All { get; } =
    [
        new SyslogFormat(),
        new SyslogIsoFormat(),
        new YumFormat(),
        new DnfFormat(),
        new DnfRpmFormat(),
        new JournalJsonFormat(),
        new JournalShortIsoFormat(),
    ];
}
