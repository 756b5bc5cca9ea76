using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>
/// Picks out the lines that show a package manager starting: cron CMD lines, run-parts, yum-cron, dnf-automatic,
/// unattended-upgrades (its own log, systemd starting apt-daily-upgrade.service), sudo, dnf.log.
/// </summary>
internal sealed class RunStartCollector
{
    // yum-cron and dnf-automatic write several lines per run; one start per run.
    private static readonly TimeSpan ServiceDedup = TimeSpan.FromMinutes(10);

    public List<RunStart> Starts { get; } = [];

    public void Add(LogEntry entry)
    {
        if (entry.Format == LogFormat.Dnf)
        {
            if (entry.Message.StartsWith("Command: ", StringComparison.Ordinal))
            {
                string command = entry.Message["Command: ".Length..].Trim();
                var c = UpdateCommand.Classify(command);
                if (c.ChangesPackages)
                    Add(entry, RunStartSource.DnfCommandLine, c.Match, c.Trigger == UpdateTrigger.DnfAutomatic ? UpdateTrigger.DnfAutomatic : UpdateTrigger.Manual, c.Tool ?? "dnf", command, null);
            }
            // dnf-automatic runs dnf as a library: dnf.log has no Command: line for it, only its own "Started dnf-automatic."
            // (dnf/automatic/main.py), written once the configuration is read.
            else if (entry.Message.StartsWith("Started dnf-automatic.", StringComparison.Ordinal))
            {
                AddService(entry, UpdateTrigger.DnfAutomatic, "dnf", "dnf-automatic");
            }
            return;
        }

        if (entry.Format == LogFormat.UnattendedUpgrades)
        {
            // unattended-upgrades.log: its first line of each run (Debian starts it from apt-daily-upgrade.timer).
            if (entry.Message.StartsWith("Starting unattended upgrades script", StringComparison.Ordinal))
                AddService(entry, UpdateTrigger.SystemdTimer, "apt", "unattended-upgrade");
            return;
        }

        string? program = entry.Program;
        if (program is null) return;
        var message = entry.Message;

        if (program is "CROND" or "crond" or "CRON" or "cron")
        {
            if (!TryCronCommand(message, out string? user, out string? command)) return;
            var c = UpdateCommand.Classify(command);
            if (c.Match == UpdateJobMatch.None) return;
            Add(entry, RunStartSource.CronCommand, c.Match, c.Trigger ?? UpdateTrigger.Cron, c.Tool, command, user);
            return;
        }

        if (program.StartsWith("run-parts", StringComparison.Ordinal))
        {
            if (!message.StartsWith("starting ", StringComparison.Ordinal)) return;
            string script = message["starting ".Length..].Trim();
            var c = UpdateCommand.Classify(script);
            if (c.Match != UpdateJobMatch.Certain) return;
            Add(entry, RunStartSource.RunParts, c.Match, c.Trigger ?? UpdateTrigger.Cron, c.Tool, script, null);
            return;
        }

        if (program is "yum-cron" or "dnf-automatic")
        {
            AddService(entry, program == "yum-cron" ? UpdateTrigger.YumCron : UpdateTrigger.DnfAutomatic, program == "yum-cron" ? "yum" : "dnf", program);
            return;
        }

        if (program == "systemd")
        {
            // "Starting dnf automatic install updates..." is a run; "Started dnf-automatic-install.timer" is only the timer being armed at boot.
            if ((message.StartsWith("Starting ", StringComparison.Ordinal) || message.StartsWith("Started ", StringComparison.Ordinal))
                && (message.Contains("dnf automatic", StringComparison.OrdinalIgnoreCase) || message.Contains("dnf-automatic", StringComparison.OrdinalIgnoreCase))
                && !message.Contains("timer", StringComparison.OrdinalIgnoreCase))
                AddService(entry, UpdateTrigger.DnfAutomatic, "dnf", "dnf-automatic");
            // "Starting apt-daily-upgrade.service - Daily apt upgrade and clean activities..." (systemd 249 and later) or
            // "Starting Daily apt upgrade and clean activities..." (before): the timer fired unattended-upgrades.
            else if (message.StartsWith("Starting ", StringComparison.Ordinal)
                && (message.Contains("apt-daily-upgrade.service", StringComparison.Ordinal) || message.Contains("Daily apt upgrade and clean activities", StringComparison.Ordinal)))
                AddService(entry, UpdateTrigger.SystemdTimer, "apt", "apt-daily-upgrade.service");
            return;
        }

        if (program == "sudo")
        {
            int at = message.IndexOf("COMMAND=", StringComparison.Ordinal);
            if (at < 0) return;
            string command = message[(at + "COMMAND=".Length)..].Trim();
            var c = UpdateCommand.Classify(command);
            if (!c.ChangesPackages || c.Match != UpdateJobMatch.Certain) return;
            int colon = message.IndexOf(" : ", StringComparison.Ordinal);
            string? user = colon > 0 ? message[..colon].Trim() : null;
            Add(entry, RunStartSource.Sudo, c.Match, UpdateTrigger.Manual, c.Tool, command, user);
        }
    }

    /// <summary>Reads <c>(user) CMD (command)</c>; cronie 1.6's <c>CMDEND</c>/<c>CMDOUT</c> lines are not starts.</summary>
    internal static bool TryCronCommand(string message, out string? user, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? command)
    {
        user = null;
        command = null;
        var m = message.AsSpan().Trim();
        if (m.StartsWith("(", StringComparison.Ordinal))
        {
            int close = m.IndexOf(')');
            if (close < 0) return false;
            user = m[1..close].ToString();
            m = m[(close + 1)..].TrimStart();
        }
        if (!m.StartsWith("CMD (", StringComparison.Ordinal) || m[^1] != ')') return false;
        command = m["CMD (".Length..^1].Trim().ToString();
        return command.Length != 0;
    }

    private void AddService(LogEntry entry, UpdateTrigger trigger, string tool, string name)
    {
        for (int i = Starts.Count - 1; i >= 0 && i >= Starts.Count - 4; i--)
        {
            var s = Starts[i];
            if (s.Source == RunStartSource.UpdaterService && s.Trigger == trigger && (entry.Timestamp - s.Time).Duration() <= ServiceDedup) return;
        }
        Add(entry, RunStartSource.UpdaterService, UpdateJobMatch.Certain, trigger, tool, name, null);
    }

    private void Add(LogEntry entry, RunStartSource source, UpdateJobMatch match, UpdateTrigger trigger, string? tool, string? command, string? user) =>
        Starts.Add(new RunStart
        {
            Time = entry.Timestamp,
            Source = source,
            Match = match,
            Trigger = trigger,
            Tool = tool,
            Command = command,
            User = user,
            Program = entry.Program,
            Evidence = Evidence.Line(entry),
            Path = entry.Path,
            LineNumber = entry.LineNumber,
        });
}
