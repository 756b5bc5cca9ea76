using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// Reads the package names and versions Debian's tools write: apt history.log's lists
/// (<c>tzdata:all (2024a-0+deb12u1, 2024b-0+deb12u1), libc6:amd64 (2.36-9, automatic)</c>) and dpkg.log's action lines
/// (<c>upgrade tzdata:all 2024a-0+deb12u1 2024b-0+deb12u1</c>). A Debian version is <c>[epoch:]upstream[-revision]</c>:
/// <see cref="PackageChange.Version"/> takes the upstream part, <see cref="PackageChange.Release"/> the revision.
/// </summary>
public static class DebPackage
{
    private static readonly System.Buffers.SearchValues<char> Forbidden = System.Buffers.SearchValues.Create(" (),\t");

    /// <summary>
    /// Reads one apt history list (the text after <c>Install: </c>). Items end at <c>)</c>, versions never hold a
    /// comma or a parenthesis. False when an item does not read (the list is then not taken in part).
    /// </summary>
    public static bool TryParseAptList(string list, string verb, [NotNullWhen(true)] out List<PackageChange>? changes)
    {
        changes = null;
        var action = AptAction(verb);
        if (action is null || list is null) return false;
        var result = new List<PackageChange>();
        var rest = list.AsSpan().Trim();
        while (!rest.IsEmpty)
        {
            int close = rest.IndexOf(')');
            if (close < 0) return false;
            var item = rest[..(close + 1)];
            rest = rest[(close + 1)..].TrimStart();
            if (rest.StartsWith(',')) rest = rest[1..].TrimStart();
            int open = item.IndexOf(" (", StringComparison.Ordinal);
            if (open <= 0) return false;
            var name = item[..open].Trim();
            var inside = item[(open + 2)..^1];
            string from = "", to;
            bool automatic = false;
            int comma = inside.IndexOf(", ", StringComparison.Ordinal);
            if (comma < 0) to = inside.Trim().ToString();
            else
            {
                var second = inside[(comma + 2)..].Trim();
                if (second.SequenceEqual("automatic")) { to = inside[..comma].Trim().ToString(); automatic = true; }
                else if (action is PackageAction.Updated or PackageAction.Downgraded) { from = inside[..comma].Trim().ToString(); to = second.ToString(); }
                else return false;
            }
            if (!TryMake(name, to, from, action.Value, verb, item.ToString(), out var change)) return false;
            result.Add(change with { IsDependency = automatic });
        }
        if (result.Count == 0) return false;
        changes = result;
        return true;
    }

    /// <summary>
    /// Reads a dpkg.log body that changes a package: <c>install pkg:arch &lt;none&gt; ver</c>, <c>upgrade pkg:arch old new</c>,
    /// <c>remove pkg:arch ver &lt;none&gt;</c>, <c>purge</c>, <c>disappear</c>. Status, configure, trigproc, startup and conffile lines are not changes.
    /// </summary>
    public static bool TryParseDpkgAction(string body, [NotNullWhen(true)] out PackageChange? change)
    {
        change = null;
        if (string.IsNullOrEmpty(body)) return false;
        var parts = body.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 4) return false;
        PackageAction? action = parts[0] switch
        {
            "install" => PackageAction.Installed,
            "upgrade" => PackageAction.Updated,
            "remove" or "purge" or "disappear" => PackageAction.Erased,
            _ => null,
        };
        if (action is null) return false;
        string from = parts[2] == "<none>" ? "" : parts[2];
        string to = parts[3] == "<none>" ? "" : parts[3];
        // dpkg writes "install" for a reinstall or a downgrade too: the versions tell them apart.
        if (action == PackageAction.Installed && from.Length > 0) action = from == to ? PackageAction.Reinstalled : PackageAction.Updated;
        if (action == PackageAction.Erased) { to = from; from = ""; }
        return TryMake(parts[1], to, action == PackageAction.Erased ? "" : from, action.Value, parts[0], body, out change);
    }

    /// <summary>The package action of an apt history key (<c>Install</c>, <c>Upgrade</c>, ...), else null.</summary>
    public static PackageAction? AptAction(string verb) => verb switch
    {
        "Install" => PackageAction.Installed,
        "Upgrade" => PackageAction.Updated,
        "Downgrade" => PackageAction.Downgraded,
        "Reinstall" => PackageAction.Reinstalled,
        "Remove" or "Purge" => PackageAction.Erased,
        _ => null,
    };

    private static bool TryMake(ReadOnlySpan<char> nameArch, string version, string from, PackageAction action, string verb, string text,
        [NotNullWhen(true)] out PackageChange? change)
    {
        change = null;
        if (nameArch.IsEmpty || nameArch.ContainsAny(Forbidden)) return false;
        string arch = "";
        int colon = nameArch.IndexOf(':');
        if (colon >= 0)
        {
            arch = nameArch[(colon + 1)..].ToString();
            nameArch = nameArch[..colon];
            if (arch.Length == 0 || nameArch.IsEmpty) return false;
        }
        if (version.AsSpan().ContainsAny(Forbidden) || from.AsSpan().ContainsAny(Forbidden)) return false;
        int epoch = 0;
        var v = version.AsSpan();
        int e = v.IndexOf(':');
        if (e >= 0)
        {
            if (!int.TryParse(v[..e], NumberStyles.None, CultureInfo.InvariantCulture, out epoch)) return false;
            v = v[(e + 1)..];
        }
        int dash = v.LastIndexOf('-');
        change = new PackageChange
        {
            Action = action,
            Verb = verb,
            Name = nameArch.ToString(),
            Epoch = epoch,
            Version = (dash > 0 ? v[..dash] : v).ToString(),
            Release = dash > 0 ? v[(dash + 1)..].ToString() : "",
            Arch = arch,
            Package = text,
            FromVersion = from,
        };
        return true;
    }
}
