using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Formats;

/// <summary>The Debian package tools' logs (dpkg, apt, unattended-upgrades, update-alternatives), for the format registry.</summary>
public static class PackageFormats
{
    /// <summary>One instance of each format; formats are stateless, parsers are made per file.</summary>
    public static IReadOnlyList<ILogFormat> All { get; } =
    [
        new DpkgFormat(),
        new AptHistoryFormat(),
        new AptTermFormat(),
        new UnattendedUpgradesFormat(),
        new AlternativesFormat(),
    ];

    /// <summary>
    /// True for the logs package managers write (yum.log, dnf's logs, dpkg.log, apt's, unattended-upgrades'): written
    /// only when a package tool runs, so a silence in them is no outage.
    /// </summary>
    public static bool IsPackageLog(LogFormat format) => format is LogFormat.Yum or LogFormat.Dnf or LogFormat.DnfRpm or LogFormat.Dpkg
        or LogFormat.AptHistory or LogFormat.AptTerm or LogFormat.UnattendedUpgrades or LogFormat.Alternatives;
}
