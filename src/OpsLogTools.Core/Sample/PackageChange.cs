using System.Globalization;
using System.Text.Json.Serialization;

namespace OpsLogTools.Core.Sample;

/// <summary>One package line of a yum transaction: <c>Updated: 1:openssl-libs-1.0.2k-24.amzn2.0.4.x86_64</c>.</summary>
public sealed record PackageChange
{
    /// <summary>Installed, Updated or Erased.</summary>
    public PackageAction Action { get; init; } = PackageAction.Updated;
    /// <summary>Package name, e.g. <c>glibc-common</c>.</summary>
    public string Name { get; init; } = "";
    /// <summary>Epoch, or null when the package has none (yum.log then omits it).</summary>
    public int? Epoch { get; init; }
    /// <summary>Upstream version.</summary>
    public string Version { get; init; } = "";
    /// <summary>Release, e.g. <c>1.amzn2</c>.</summary>
    public string Release { get; init; } = "";
    /// <summary>Architecture, e.g. <c>x86_64</c> or <c>noarch</c>.</summary>
    public string Arch { get; init; } = "x86_64";

    /// <summary>The version before an upgrade, as apt and dpkg write it (<c>2.36-9+deb12u7</c>); null where the log does not say (yum.log).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FromVersion { get; init; }

    /// <summary>The version as Debian writes it: <c>upstream-revision</c> (<c>2.36-9+deb12u8</c>), or the upstream version alone.</summary>
    [JsonIgnore]
    public string DebianVersion => Release.Length == 0 ? Version : $"{Version}-{Release}";

    /// <summary>The package as yum.log writes it: <c>[epoch:]name-version-release.arch</c>.</summary>
    public string YumText => Epoch is { } e
        ? string.Create(CultureInfo.InvariantCulture, $"{e}:{Name}-{Version}-{Release}.{Arch}")
        : $"{Name}-{Version}-{Release}.{Arch}";

    /// <summary>Shorthand for an update.</summary>
    public static PackageChange Updated(string name, string version, string release, string arch = "x86_64", int? epoch = null) =>
        new() { Action = PackageAction.Updated, Name = name, Version = version, Release = release, Arch = arch, Epoch = epoch };

    /// <summary>A Debian upgrade from <paramref name="from"/> to <paramref name="to"/> (full Debian versions, split at the last hyphen).</summary>
    public static PackageChange DebUpgraded(string name, string arch, string from, string to) => Deb(PackageAction.Updated, name, arch, to) with { FromVersion = from };

    /// <summary>A Debian install of <paramref name="version"/>.</summary>
    public static PackageChange DebInstalled(string name, string arch, string version) => Deb(PackageAction.Installed, name, arch, version);

    private static PackageChange Deb(PackageAction action, string name, string arch, string version)
    {
        int dash = version.LastIndexOf('-');
        return new()
        {
            Action = action, Name = name, Arch = arch,
            Version = dash < 0 ? version : version[..dash],
            Release = dash < 0 ? "" : version[(dash + 1)..],
        };
    }

    /// <summary>Shorthand for an install.</summary>
    public static PackageChange Installed(string name, string version, string release, string arch = "x86_64", int? epoch = null) =>
        new() { Action = PackageAction.Installed, Name = name, Version = version, Release = release, Arch = arch, Epoch = epoch };
}
