using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OpsLogTools.Core.Model;

/// <summary>
/// One package line of yum.log or dnf.rpm.log: the action and the package's name, epoch, version, release and
/// arch (NEVRA). Get one from a log entry with <see cref="Formats.PackageLogLine.TryGetChange"/>.
/// </summary>
public sealed record class PackageChange
{
    /// <summary>What happened to the package.</summary>
    public PackageAction Action { get; init; }

    /// <summary>The verb as written (<c>Updated</c>, <c>Dep-Installed</c>, <c>Upgrade</c>, <c>Cleanup</c>).</summary>
    public string Verb { get; init; } = "";

    /// <summary>True when it was installed as a dependency (yum <c>Dep-Installed</c>, apt <c>automatic</c>).</summary>
    public bool IsDependency { get; init; }

    /// <summary>Package name, e.g. <c>httpd-tools</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary>Epoch; 0 when not written (rpm compares a missing epoch as 0).</summary>
    public int Epoch { get; init; }

    /// <summary>Version, e.g. <c>2.4.54</c>; empty when the log gave only a name (old yum's <c>Erased: name</c>).</summary>
    public string Version { get; init; } = "";

    /// <summary>Release, e.g. <c>1.amzn2</c>; empty when not written.</summary>
    public string Release { get; init; } = "";

    /// <summary>Architecture, e.g. <c>x86_64</c>, <c>noarch</c>; empty when not written.</summary>
    public string Arch { get; init; } = "";

    /// <summary>The package text exactly as written in the log.</summary>
    public string Package { get; init; } = "";

    /// <summary>
    /// The version the package had before, as written, where the log says (apt's <c>Upgrade: tzdata:all (2024a-0, 2024b-0)</c>,
    /// dpkg.log's <c>upgrade tzdata:all 2024a-0 2024b-0</c>); empty when the log does not (yum.log, dnf.rpm.log, installs).
    /// </summary>
    public string FromVersion { get; init; } = "";

    /// <summary>
    /// Reads <c>name-version-release.arch</c> with an optional epoch in either place writers put it: yum's
    /// <c>1:openssl-libs-1.0.2k-24.amzn2.0.4.x86_64</c> or dnf's <c>openssl-libs-1:1.0.2k-24.amzn2.0.4.x86_64</c>.
    /// The name may contain dashes; version and release may not (rpm forbids it), so both are taken from the right.
    /// The arch is taken only when it is a known rpm arch, so <c>httpd-2.4.54-1.amzn2</c> has release <c>1.amzn2</c>.
    /// </summary>
    public static bool TryParseNevra(string text, PackageAction action, [NotNullWhen(true)] out PackageChange? change)
    {
        change = null;
        var s = (text ?? "").AsSpan().Trim();
        if (s.IsEmpty || s.ContainsAny(' ', '\t', '/')) return false;

        string arch = "";
        int dot = s.LastIndexOf('.');
        if (dot > 0 && IsKnownArch(s[(dot + 1)..]))
        {
            arch = s[(dot + 1)..].ToString();
            s = s[..dot];
        }
        int dash = s.LastIndexOf('-');
        if (dash <= 0) return false;
        var release = s[(dash + 1)..];
        var nameVersion = s[..dash];
        int dash2 = nameVersion.LastIndexOf('-');
        if (dash2 <= 0) return false;
        var version = nameVersion[(dash2 + 1)..];
        var name = nameVersion[..dash2];

        int epoch = 0;
        int colon = version.IndexOf(':');
        if (colon >= 0)
        {
            if (!TryEpoch(version[..colon], out epoch)) return false;
            version = version[(colon + 1)..];
        }
        else
        {
            colon = name.IndexOf(':');
            if (colon >= 0)
            {
                if (!TryEpoch(name[..colon], out epoch)) return false;
                name = name[(colon + 1)..];
            }
        }
        if (name.IsEmpty || name.Contains(':') || release.IsEmpty || release.Contains(':') || !StartsVersion(version)) return false;

        change = new PackageChange
        {
            Action = action,
            Name = name.ToString(),
            Epoch = epoch,
            Version = version.ToString(),
            Release = release.ToString(),
            Arch = arch,
            Package = text!.Trim(),
        };
        return true;
    }

    /// <summary><c>name-[epoch:]version-release.arch</c>, the way dnf prints a package.</summary>
    public override string ToString()
    {
        if (Version.Length == 0) return Name;
        var evr = Epoch != 0 ? $"{Epoch.ToString(CultureInfo.InvariantCulture)}:{Version}-{Release}" : $"{Version}-{Release}";
        return Arch.Length > 0 ? $"{Name}-{evr}.{Arch}" : $"{Name}-{evr}";
    }

    private static bool TryEpoch(ReadOnlySpan<char> s, out int epoch) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out epoch);

    // rpm versions start with a digit in practice; requiring it keeps "foo-bar-baz" from reading as a package.
    private static bool StartsVersion(ReadOnlySpan<char> v) => !v.IsEmpty && char.IsAsciiDigit(v[0]);

    private static bool IsKnownArch(ReadOnlySpan<char> a) =>
        a is "noarch" or "x86_64" or "i386" or "i486" or "i586" or "i686" or "athlon" or "geode" or "aarch64"
            or "s390" or "s390x" or "src" or "nosrc" or "ia64" or "riscv64" or "loongarch64" or "amd64"
        || a.StartsWith("x86_64_v") || a.StartsWith("arm") || a.StartsWith("ppc") || a.StartsWith("sparc")
        || a.StartsWith("mips") || a.StartsWith("alpha");
}
