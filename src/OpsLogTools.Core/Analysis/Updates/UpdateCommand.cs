using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>
/// Reads a shell command (a crontab command, a cron <c>CMD (...)</c>, a sudo <c>COMMAND=</c>) and says whether it runs
/// a package update. Shell is not parsed properly on purpose: words are enough to recognise yum, dnf, apt, dpkg and their
/// wrappers (yum-cron, dnf-automatic, unattended-upgrades).
/// </summary>
internal static class UpdateCommand
{
    /// <summary>What a command does to packages.</summary>
    internal readonly record struct Classification(UpdateJobMatch Match, UpdateTrigger? Trigger, string? Tool, bool ChangesPackages)
    {
        public static readonly Classification Nothing = new(UpdateJobMatch.None, null, null, false);
    }

    private static readonly HashSet<string> PackageTools = new(StringComparer.Ordinal)
    {
        "yum", "dnf", "dnf-3", "dnf4", "dnf5", "microdnf", "tdnf", "apt", "apt-get", "aptitude", "dpkg",
    };

    private static readonly HashSet<string> UpdateVerbs = new(StringComparer.Ordinal)
    {
        "update", "upgrade", "update-minimal", "upgrade-minimal", "distro-sync", "distribution-synchronization", "up",
        "dist-upgrade", "full-upgrade", "safe-upgrade",
    };

    private static readonly HashSet<string> OtherChangeVerbs = new(StringComparer.Ordinal)
    {
        "install", "localinstall", "localupdate", "reinstall", "remove", "erase", "autoremove", "downgrade", "groupinstall",
        "groupupdate", "groupremove", "swap", "in", "rm", "purge", "-i", "--install", "-r", "--remove", "-P", "--purge",
    };

    private static readonly HashSet<string> QueryVerbs = new(StringComparer.Ordinal)
    {
        "check-update", "makecache", "clean", "list", "info", "search", "history", "repolist", "check", "provides",
        "whatprovides", "deplist", "updateinfo", "repoquery", "help", "version", "--version",
    };

    private static readonly string[] ScriptHints = ["update", "upgrade", "patch", "yum", "dnf"];

    private static readonly char[] Separators = [';', '&', '|', '(', ')', '`', '\n', '%', '{', '}'];

    public static Classification Classify(string command)
    {
        var best = Classification.Nothing;
        foreach (var simple in command.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var c = ClassifySimple(simple);
            if (Rank(c) > Rank(best)) best = c;
        }
        return best;
    }

    private static int Rank(Classification c) => (int)c.Match * 2 + (c.ChangesPackages ? 1 : 0);

    private static Classification ClassifySimple(string simple)
    {
        var words = simple.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var result = Classification.Nothing;
        for (int i = 0; i < words.Length; i++)
        {
            string word = words[i].Trim('\'', '"', '$');
            string name = BaseName(word);
            if (name.Length == 0) continue;

            if (name == "yum-cron" || name.StartsWith("0yum-", StringComparison.Ordinal) && name.EndsWith(".cron", StringComparison.Ordinal))
                return new(UpdateJobMatch.Certain, UpdateTrigger.YumCron, "yum", true);
            if (name.StartsWith("dnf-automatic", StringComparison.Ordinal))
                return new(UpdateJobMatch.Certain, UpdateTrigger.DnfAutomatic, "dnf", true);
            // unattended-upgrades from cron (Debian before systemd, or an admin's own line): a cron run of apt.
            if (name is "unattended-upgrade" or "unattended-upgrades")
                return new(UpdateJobMatch.Certain, UpdateTrigger.Cron, "apt", true);

            if (PackageTools.Contains(name))
            {
                string tool = name.StartsWith("apt", StringComparison.Ordinal) ? "apt" : name == "dpkg" ? "dpkg"
                    : name.StartsWith("dnf", StringComparison.Ordinal) || name.EndsWith("dnf", StringComparison.Ordinal) ? "dnf" : "yum";
                for (int j = i + 1; j < words.Length; j++)
                {
                    string arg = words[j].Trim('\'', '"');
                    // dpkg's actions are options (-i, --install, -r, --purge); other tools' options are skipped.
                    if (tool == "dpkg" && OtherChangeVerbs.Contains(arg)) return new(UpdateJobMatch.Certain, UpdateTrigger.Cron, tool, true);
                    if (arg.StartsWith('-')) continue;
                    // apt's "update" refreshes the package lists and changes no package.
                    if (tool == "apt" && arg is "update" or "list" or "show" or "search" or "policy" or "changelog" or "download") break;
                    if (UpdateVerbs.Contains(arg)) return new(UpdateJobMatch.Certain, UpdateTrigger.Cron, tool, true);
                    if (OtherChangeVerbs.Contains(arg)) return new(UpdateJobMatch.Certain, UpdateTrigger.Cron, tool, true);
                    // Option values (-d 0, -c /etc/yum.conf) come before the command word; a query verb ends the search.
                    if (QueryVerbs.Contains(arg)) break;
                }
                continue;
            }

            bool redirect = word.StartsWith('>') || word.StartsWith('<') || i > 0 && words[i - 1] is ">" or ">>" or "<" or "2>" or "1>";
            bool scriptLike = !redirect && (i == 0 || word.Contains('/')) && LooksExecutable(name);
            if (scriptLike && result.Match == UpdateJobMatch.None)
            {
                foreach (var hint in ScriptHints)
                {
                    if (name.Contains(hint, StringComparison.OrdinalIgnoreCase))
                    {
                        result = new(UpdateJobMatch.Possible, UpdateTrigger.Cron, null, false);
                        break;
                    }
                }
            }
        }
        return result;
    }

    // A script is named bare or with a script extension; /tmp/updates.txt or yum.lock is data, not something cron runs.
    private static bool LooksExecutable(string name)
    {
        int dot = name.LastIndexOf('.');
        if (dot <= 0) return true;
        return name[dot..] is ".sh" or ".bash" or ".py" or ".pl" or ".rb" or ".cron";
    }

    private static string BaseName(string word)
    {
        int slash = word.LastIndexOf('/');
        return slash >= 0 ? word[(slash + 1)..] : word;
    }
}
