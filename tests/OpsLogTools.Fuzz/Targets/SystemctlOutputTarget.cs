using System.Text;
using OpsLogTools.Core.Analysis.Updates.Timers;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Fuzz.Targets;

/// <summary>
/// Saved systemctl output (<see cref="SystemctlOutput"/>): the text read as <c>systemctl cat</c> (every timer part applied
/// as a unit file) and as <c>systemctl list-timers</c> (with and without a host zone). Rows name a <c>.timer</c> unit with
/// no space in it; cat parts start after their header line; nothing may throw.
/// </summary>
internal static class SystemctlOutputTarget
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    public static void Run(byte[] input)
    {
        string text = Encoding.UTF8.GetString(input);
        int lines = text.Split('\n').Length;
        foreach (var part in SystemctlOutput.ReadCat(text))
        {
            FuzzCheck.That(part.HeaderLine >= 1 && part.HeaderLine <= lines, $"cat part header line {part.HeaderLine} outside 1..{lines}");
            FuzzCheck.That(SystemctlOutput.TimerOf(part).EndsWith(".timer", StringComparison.Ordinal), $"cat part {part.UnitPath} is not a timer's");
            TimerUnitReader.ApplyText(new TimerUnitReader.State(), part.Text, "/fuzz/systemctl-cat.txt", new CollectingDiagnostics(), part.HeaderLine + 1);
        }
        foreach (var zone in new[] { null, Tokyo })
        {
            foreach (var row in SystemctlOutput.ReadListTimers(text, "/fuzz/systemctl-list-timers.txt", zone, new CollectingDiagnostics()))
                FuzzCheck.That(row.Timer.EndsWith(".timer", StringComparison.Ordinal) && !row.Timer.Contains(' ', StringComparison.Ordinal), $"row names '{row.Timer}'");
        }
    }
}
