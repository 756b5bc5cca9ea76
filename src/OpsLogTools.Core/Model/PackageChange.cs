using System.Diagnostics.CodeAnalysis;

namespace OpsLogTools.Core.Model;

/// <summary>
/// One package a yum or dnf transaction touched, split into name, epoch, version, release and architecture.
/// </summary>
public sealed class PackageChange
{
    // rpm's own architecture names; the text after the last dot is taken as the arch only when it is one of these,
    // because a release such as "1.amzn2" also has dots.
    private static readonly HashSet<string> KnownArchitectures = new(StringComparer.Ordinal)
    {
        "noarch", "x86_64", "i386", "i486", "i586", "i686", "athlon", "aarch64", "armv7hl", "armv7l", "armhfp",
        "ppc", "ppc64", "ppc64le", "ppc64p7", "s390", "s390x", "riscv64", "src", "nosrc", "ia64", "amd64",
    };

    /// <summary>What happened to the package.</summary>
    public PackageAction Action { get; init; }

    /// <summary>Package name, e.g. <c>httpd-tools</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary>rpm epoch when the line carries one (<c>1:openssl-libs-...</c>), else null.</summary>
    public int? Epoch { get; init; }

    /// <summary>Upstream version, e.g. <c>2.4.54</c>; empty when the line names the package only.</summary>
    public string Version { get; init; } = "";

    /// <summary>Distribution release, e.g. <c>1.amzn2</c>; empty when the line names the package only.</summary>
    public string Release { get; init; } = "";

    /// <summary>Architecture, e.g. <c>x86_64</c> or <c>noarch</c>; empty when not written.</summary>
    public string Arch { get; init; } = "";

    /// <summary>
    /// Parses <c>name-version-release.arch</c> with an optional epoch written either first (<c>1:openssl-libs-1.0.2k-24.amzn2.0.4.x86_64</c>,
    /// as yum.log does) or before the version (<c>openssl-libs-1:1.0.2k-24.amzn2.0.4.x86_64</c>, as dnf does).
    /// A bare name (yum writes some erasures so) gives a change with only <see cref="Name"/>.
    /// </summary>
    public static bool TryParseNevra(ReadOnlySpan<char> text, PackageAction action, [NotNullWhen(true)] out PackageChange? change)
    {
        change = null;
        text = text.Trim();
        if (text.IsEmpty || text.ContainsAny(' ', '\t', '/')) return false;

        int? epoch = null;
        int colon = text.IndexOf(':');
        int dash0 = text.IndexOf('-');
        if (colon > 0 && (dash0 < 0 || colon < dash0))
        {
            if (!int.TryParse(text[..colon], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int e)) return false;
            epoch = e;
            text = text[(colon + 1)..];
        }

        string arch = "";
        int dot = text.LastIndexOf('.');
        if (dot > 0 && KnownArchitectures.Contains(text[(dot + 1)..].ToString()))
        {
            arch = text[(dot + 1)..].ToString();
            text = text[..dot];
        }

        int relDash = text.LastIndexOf('-');
        int verDash = relDash > 0 ? text[..relDash].LastIndexOf('-') : -1;
        bool split = verDash > 0 && relDash > verDash + 1 && relDash < text.Length - 1;
        if (split && arch.Length == 0)
        {
            // Without an arch the split is a guess: "perl-Time-HiRes" is a name, "gpg-pubkey-f4a80eb5-53a7ff4b" is not.
            split = text[(verDash + 1)..relDash].IndexOfAnyInRange('0', '9') >= 0
                 && text[(relDash + 1)..].IndexOfAnyInRange('0', '9') >= 0;
        }

        if (!split)
        {
            if (arch.Length != 0 || text.Contains(':')) return false;
            change = new PackageChange { Action = action, Name = text.ToString(), Epoch = epoch };
            return true;
        }

        var version = text[(verDash + 1)..relDash];
        int vColon = version.IndexOf(':');
        if (vColon >= 0)
        {
            if (epoch is not null || !int.TryParse(version[..vColon], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int e)) return false;
            epoch = e;
            version = version[(vColon + 1)..];
        }
        if (version.IsEmpty) return false;

        change = new PackageChange
        {
            Action = action,
            Name = text[..verDash].ToString(),
            Epoch = epoch,
            Version = version.ToString(),
            Release = text[(relDash + 1)..].ToString(),
            Arch = arch,
        };
        return true;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        if (Version.Length == 0) return Name;
        string e = Epoch is int n ? $"{n}:" : "";
        string a = Arch.Length == 0 ? "" : "." + Arch;
        return $"{Name}-{e}{Version}-{Release}{a}";
    }
}
