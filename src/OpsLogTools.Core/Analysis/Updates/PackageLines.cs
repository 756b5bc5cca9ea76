using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>
/// Reads the package lines of yum.log, dnf.rpm.log and dpkg.log. The action words are a table, one row per word each tool
/// writes. apt's history records carry their changes themselves (<see cref="AptHistoryEntry.Packages"/>).
/// </summary>
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

    /// <summary>
    /// Classifies one entry; <paramref name="change"/> is set for <see cref="LineKind.Change"/>, and for the outgoing side of an
    /// upgrade, downgrade or reinstall (a <see cref="LineKind.Companion"/> with <see cref="PackageAction.Replaced"/>).
    /// </summary>
    public static LineKind Read(LogEntry entry, out PackageChange? change, out bool malformed)
    {
        change = null;
        malformed = false;
        if (entry.Format == LogFormat.Dpkg)
        {
            // dpkg.log: install/upgrade/remove/purge lines are changes; status, configure, trigproc, startup, conffile are the same run's work.
            if (DebPackage.TryParseDpkgAction(entry.Message, out var deb))
            {
                change = deb;
                return LineKind.Change;
            }
            return LineKind.Companion;
        }
        if (entry.Format is not (LogFormat.Yum or LogFormat.DnfRpm)) return LineKind.None;
        if (entry.Format == LogFormat.DnfRpm && entry.Message.Contains("logging initialized", StringComparison.Ordinal)) return LineKind.Boundary;

        // One reading of the verbs for the whole engine: Formats/PackageLogLine.
        if (!PackageLogLine.TryParse(entry.Message, out var parsed))
        {
            int colon = entry.Message.IndexOf(": ", StringComparison.Ordinal);
            malformed = colon > 0 && PackageLogLine.IsVerb(entry.Message.AsSpan(0, colon).Trim());
            return LineKind.None;
        }
        // The outgoing side of an upgrade, downgrade or reinstall, and the after-work, belong to the run's time span only.
        // The parsed change still rides along: dnf's "Upgraded:" line is the version before (from → to).
        if (parsed.Action == PackageAction.Replaced)
        {
            change = parsed;
            return LineKind.Companion;
        }
        change = parsed;
        return LineKind.Change;
    }
}
