using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>Reads the package lines of yum.log and dnf.rpm.log. The action words are a table, one row per word each tool writes.</summary>
internal static class PackageLines
{
    /// <summary>What a line means for a run.</summary>
    internal enum LineKind
    {
        /// <summary>Not a package line.</summary>
        None,
        /// <summary>A package installed, updated or erased.</summary>
        Change,
        /// <summary>Part of the transaction but no change of its own (the old version of an upgrade, a cleanup, a verify).</summary>
        Companion,
        /// <summary>dnf started anew (<c>--- logging initialized ---</c>): a new run begins after it.</summary>
        Boundary,
    }

    private static readonly Dictionary<string, PackageAction?> YumWords = new(StringComparer.Ordinal)
    {
        ["Installed"] = PackageAction.Installed,
        ["Dep-Installed"] = PackageAction.Installed,
        ["Updated"] = PackageAction.Updated,
        ["Erased"] = PackageAction.Erased,
        ["Obsoleted"] = PackageAction.Erased,
        ["Reinstalled"] = PackageAction.Installed,
        ["Downgraded"] = PackageAction.Updated,
    };

    private static readonly Dictionary<string, PackageAction?> DnfWords = new(StringComparer.Ordinal)
    {
        ["Upgrade"] = PackageAction.Updated,
        ["Downgrade"] = PackageAction.Updated,
        ["Install"] = PackageAction.Installed,
        ["Installed"] = PackageAction.Installed,
        ["Reinstall"] = PackageAction.Installed,
        ["Obsolete"] = PackageAction.Installed,
        ["Erase"] = PackageAction.Erased,
        ["Erased"] = PackageAction.Erased,
        ["Remove"] = PackageAction.Erased,
        ["Removed"] = PackageAction.Erased,
        ["Obsoleted"] = PackageAction.Erased,
        // The outgoing side of an upgrade, downgrade or reinstall, and the after-work: they belong to the run's time span only.
        ["Upgraded"] = null,
        ["Downgraded"] = null,
        ["Reinstalled"] = null,
        ["Cleanup"] = null,
        ["Verified"] = null,
        ["Verify"] = null,
    };

    /// <summary>Classifies one entry; <paramref name="change"/> is set for <see cref="LineKind.Change"/>.</summary>
    public static LineKind Read(LogEntry entry, out PackageChange? change, out bool malformed)
    {
        change = null;
        malformed = false;
        Dictionary<string, PackageAction?> words;
        if (entry.Format == LogFormat.Yum) words = YumWords;
        else if (entry.Format == LogFormat.DnfRpm)
        {
            if (entry.Message.Contains("logging initialized", StringComparison.Ordinal)) return LineKind.Boundary;
            words = DnfWords;
        }
        else return LineKind.None;

        var message = entry.Message.AsSpan().Trim();
        int colon = message.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0) return LineKind.None;
        string word = message[..colon].ToString();
        if (!words.TryGetValue(word, out var action)) return LineKind.None;
        if (action is null) return LineKind.Companion;
        if (!PackageChange.TryParseNevra(message[(colon + 2)..], action.Value, out change))
        {
            malformed = true;
            return LineKind.None;
        }
        return LineKind.Change;
    }
}
