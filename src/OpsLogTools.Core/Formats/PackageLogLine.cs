using System.Diagnostics.CodeAnalysis;
using System.Text;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// Reads the package change out of a yum.log / dnf.rpm.log entry (<c>Updated: tzdata-2022a-1.amzn2.noarch</c>,
/// <c>Upgrade: ...</c>), for anything that needs update runs.
/// </summary>
public static class PackageLogLine
{
    // yum's rpmtrans fileaction words and dnf's transaction FILE_ACTIONS words. dnf's "Upgraded" is the old
    // package leaving, yum's "Updated" the new one arriving: they map apart on purpose.
    private static readonly (string Verb, PackageAction Action, bool Dependency)[] Verbs =
    [
        ("Installed", PackageAction.Installed, false),
        ("Dep-Installed", PackageAction.Installed, true),
        ("Updated", PackageAction.Updated, false),
        ("Dep-Updated", PackageAction.Updated, true),
        ("Erased", PackageAction.Erased, false),
        ("Obsoleted", PackageAction.Replaced, false),
        ("Cleanup", PackageAction.Replaced, false),
        ("Install", PackageAction.Installed, false),
        ("Obsolete", PackageAction.Installed, false),
        ("Obsoleting", PackageAction.Installed, false),
        ("Upgrade", PackageAction.Updated, false),
        ("Upgraded", PackageAction.Replaced, false),
        ("Downgrade", PackageAction.Downgraded, false),
        ("Downgraded", PackageAction.Replaced, false),
        ("Reinstall", PackageAction.Reinstalled, false),
        ("Reinstalled", PackageAction.Replaced, false),
        ("Erase", PackageAction.Erased, false),
        ("Remove", PackageAction.Erased, false),
        ("Removed", PackageAction.Erased, false),
    ];

    private static readonly byte[][] VerbBytes = Array.ConvertAll(Verbs, v => Encoding.ASCII.GetBytes(v.Verb));

    /// <summary>
    /// The package change an entry records, when it is a package line of yum.log (<see cref="LogFormat.Yum"/>),
    /// dnf.rpm.log (<see cref="LogFormat.DnfRpm"/>, or a SUBDEBUG line of one read as <see cref="LogFormat.Dnf"/>),
    /// or yum's copy of it in syslog (program <c>yum</c>).
    /// </summary>
    public static bool TryGetChange(LogEntry entry, [NotNullWhen(true)] out PackageChange? change)
    {
        change = null;
        if (entry is null) return false;
        bool packageLog = entry.Format switch
        {
            LogFormat.Yum or LogFormat.DnfRpm => true,
            LogFormat.Dnf => entry.Level == "SUBDEBUG",
            LogFormat.Syslog or LogFormat.SyslogIso or LogFormat.JournalJson or LogFormat.JournalShortIso => entry.Program == "yum",
            _ => false,
        };
        return packageLog && TryParse(entry.Message, out change);
    }

    /// <summary>
    /// Reads <c>Verb: package</c>. Old yum wrote erasures with the name only (<c>Erased: httpd</c>): that gives a
    /// change with an empty version.
    /// </summary>
    public static bool TryParse(string message, [NotNullWhen(true)] out PackageChange? change)
    {
        change = null;
        if (string.IsNullOrEmpty(message)) return false;
        int colon = message.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0) return false;
        var verb = message.AsSpan(0, colon);
        int index = -1;
        for (int i = 0; i < Verbs.Length; i++)
        {
            if (verb.SequenceEqual(Verbs[i].Verb)) { index = i; break; }
        }
        if (index < 0) return false;
        var (verbText, action, dependency) = Verbs[index];
        string package = message[(colon + 2)..].Trim();
        if (PackageChange.TryParseNevra(package, action, out var parsed))
        {
            change = parsed with { Verb = verbText, IsDependency = dependency };
            return true;
        }
        if (action == PackageAction.Erased && package.Length > 0 && !package.AsSpan().ContainsAny(' ', '\t', ':'))
        {
            change = new PackageChange { Action = action, Verb = verbText, Name = package, Package = package };
            return true;
        }
        return false;
    }

    /// <summary>True when the bytes start with a package verb and a colon (<c>Updated:</c>, <c>Upgrade:</c>).</summary>
    /// <summary>True when <paramref name="verb"/> is one of the package verbs yum or dnf write.</summary>
    public static bool IsVerb(ReadOnlySpan<char> verb)
    {
        foreach (var v in Verbs)
        {
            if (verb.SequenceEqual(v.Verb)) return true;
        }
        return false;
    }

    internal static bool StartsWithVerb(ReadOnlySpan<byte> s)
    {
        var token = StampBytes.Token(s);
        if (token.Length < 2 || token[^1] != ':') return false;
        token = token[..^1];
        foreach (var verb in VerbBytes)
        {
            if (token.SequenceEqual(verb)) return true;
        }
        return false;
    }
}
