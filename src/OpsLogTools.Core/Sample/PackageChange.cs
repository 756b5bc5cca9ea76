using System.Globalization;

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

    /// <summary>The package as yum.log writes it: <c>[epoch:]name-version-release.arch</c>.</summary>
    public string YumText => Epoch is { } e
        ? string.Create(CultureInfo.InvariantCulture, $"{e}:{Name}-{Version}-{Release}.{Arch}")
        : $"{Name}-{Version}-{Release}.{Arch}";

    /// <summary>Shorthand for an update.</summary>
    public static PackageChange Updated(string name, string version, string release, string arch = "x86_64", int? epoch = null) =>
        new() { Action = PackageAction.Updated, Name = name, Version = version, Release = release, Arch = arch, Epoch = epoch };

    /// <summary>Shorthand for an install.</summary>
    public static PackageChange Installed(string name, string version, string release, string arch = "x86_64", int? epoch = null) =>
        new() { Action = PackageAction.Installed, Name = name, Version = version, Release = release, Arch = arch, Epoch = epoch };
}
