using System.Text;
using OpsLogTools.Core.Analysis.Updates.Timers;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Fuzz.Targets;

/// <summary>
/// systemd timer units (<see cref="TimerUnitReader"/>) and calendar events (<see cref="CalendarSpec"/>): every line read as
/// a unit file, and each line alone as an OnCalendar= value, whose next elapses must come strictly later each time.
/// Bad lines are warnings; nothing may throw.
/// </summary>
internal static class TimerUnitTarget
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static void Run(byte[] input)
    {
        string text = Encoding.UTF8.GetString(input);
        var state = new TimerUnitReader.State();
        TimerUnitReader.ApplyText(state, text, "/etc/systemd/system/fuzz.timer", new CollectingDiagnostics());
        foreach (string line in text.Split('\n').Take(64))
        {
            if (!CalendarSpec.TryParse(line.StartsWith("OnCalendar=", StringComparison.Ordinal) ? line["OnCalendar=".Length..] : line, out var spec)) continue;
            var t = new DateTimeOffset(2024, 3, 30, 23, 0, 0, TimeSpan.Zero);
            for (int i = 0; i < 3 && spec.NextAfter(t, Berlin) is { } next; i++)
            {
                FuzzCheck.That(next > t, $"'{spec.Text}': next elapse {next:O} is not after {t:O}");
                t = next;
            }
        }
    }
}
