namespace OpsLogTools.Core.Formats;

/// <summary>Every format the readers recognise, in one list for detection.</summary>
public static class FormatRegistry
{
    /// <summary>The syslog family (syslog, ISO syslog, yum, dnf, journal), the web formats (Apache, nginx, CloudFront) and the Debian package logs (dpkg, apt, unattended-upgrades).</summary>
    public static IReadOnlyList<ILogFormat> All { get; } = [.. SyslogFamilyFormats.All, .. WebFormats.All, .. PackageFormats.All];
}
