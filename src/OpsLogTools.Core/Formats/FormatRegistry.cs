namespace OpsLogTools.Core.Formats;

/// <summary>Every format the readers recognise, in one list for detection.</summary>
public static class FormatRegistry
{
    /// <summary>The formats read through the record door (<see cref="IRecordFormat"/>): binary files and framed streams,
    /// recognised by their first bytes. (Declared first: <see cref="All"/> is built from it.)</summary>
    public static IReadOnlyList<IRecordFormat> RecordFormats { get; } = [new JournalFormat(), new JournalExportFormat(), new UtmpFormat(), new LastlogFormat()];

    /// <summary>The syslog family (syslog, ISO syslog, yum, dnf, journal) and the web formats (Apache, nginx, CloudFront), auditd, the Debian package logs (dpkg, apt, unattended-upgrades) and the record formats (journal, utmp).</summary>
    public static IReadOnlyList<ILogFormat> All { get; } = [.. SyslogFamilyFormats.All, .. WebFormats.All, new AuditFormat(), .. PackageFormats.All, .. RecordFormats];
}
