using OpsLogTools.Core.Analysis.Updates;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Fuzz.Targets;

/// <summary>
/// The crontab reader (<see cref="CrontabReader.Parse(ReadOnlySpan{byte}, string, bool?, string?, IReadDiagnostics)"/>):
/// a system crontab (user field), a user crontab (none), and one whose kind is guessed from its lines. Bad lines are
/// warnings; nothing may throw.
/// </summary>
internal static class CrontabTarget
{
    public static void Run(byte[] input)
    {
        foreach (bool? userField in (ReadOnlySpan<bool?>)[null, true, false])
        {
            var diagnostics = new CollectingDiagnostics();
            var jobs = CrontabReader.Parse(input, "/etc/cron.d/fuzz", userField, userField == false ? "admin" : null, diagnostics);
            foreach (var job in jobs) _ = job.ToString();
        }
    }
}
