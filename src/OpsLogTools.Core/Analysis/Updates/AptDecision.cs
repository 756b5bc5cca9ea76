using System.Globalization;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>
/// What an apt history record itself says about what started it, weighed against the start lines around it: apt writes
/// <c>Requested-By</c> only when it runs under sudo (or pkexec) for a user, so a record with one is that user's, by hand;
/// <c>Commandline: /usr/bin/unattended-upgrade</c> is unattended-upgrades, which Debian and Ubuntu start from
/// <c>apt-daily-upgrade.timer</c>; any other command line without Requested-By was run by root itself (a root shell, or a
/// cron job when a cron line shows one).
/// </summary>
internal static class AptDecision
{
    /// <summary>The schedule named for unattended-upgrades when no timer unit of the bundle says more.</summary>
    internal const string UnattendedTimer = "apt-daily-upgrade.timer";

    internal readonly record struct Result(UpdateTrigger Trigger, string Schedule, string? Command, List<string> Evidence, string? Note, string? User);

    public static Result Refine(AptHistoryEntry apt, UpdateTrigger trigger, string schedule, string? command, List<string> evidence, string? note, string? user,
        string? timerSchedule = null)
    {
        var lines = new List<string>(evidence) { Line(apt) };
        string? commandLine = apt.CommandLine;
        if (apt.User is { } requester)
        {
            // Requested-By is sudo's SUDO_UID: the user, by hand (a sudo line, when there is one, says the same).
            return new(UpdateTrigger.Manual, "Manual", commandLine ?? command, lines,
                $"{requester} ran `{commandLine ?? "apt"}` through sudo (apt's Requested-By: {apt.RequestedBy})", requester);
        }
        if (commandLine is not null && commandLine.Contains("unattended-upgrade", StringComparison.Ordinal))
        {
            if (trigger is UpdateTrigger.Cron or UpdateTrigger.SystemdTimer)
                return new(trigger, trigger == UpdateTrigger.SystemdTimer ? timerSchedule ?? schedule : schedule, commandLine, lines, note, user);
            return new(UpdateTrigger.SystemdTimer, timerSchedule ?? UnattendedTimer, commandLine, lines,
                timerSchedule is null
                    ? "unattended-upgrades: Debian and Ubuntu start it from apt-daily-upgrade.timer (its unit is not in the input to check the schedule)"
                    : note, user);
        }
        if (trigger != UpdateTrigger.Manual) return new(trigger, schedule, command ?? commandLine, lines, note, user);
        return new(UpdateTrigger.Manual, "Manual", commandLine ?? command, lines,
            commandLine is null ? note : $"root ran `{commandLine}` (apt wrote no Requested-By: not through sudo)", "root");
    }

    /// <summary><c>path:line: Commandline: ...; Requested-By: ...</c> for the evidence list.</summary>
    private static string Line(AptHistoryEntry apt)
    {
        string text = "Commandline: " + (apt.CommandLine ?? "(none)") + (apt.RequestedBy is null ? "" : "; Requested-By: " + apt.RequestedBy);
        return $"{apt.Path}:{apt.LineNumber.ToString(CultureInfo.InvariantCulture)}: {text}";
    }
}
