using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Fuzz.Targets;

/// <summary>
/// The embedded clock parser (<see cref="EmbeddedClockParser.TryFind"/>: a time a program printed inside its own
/// message), on the input as one message and on each of its lines: a clock found must be a valid instant.
/// </summary>
internal static class EmbeddedClockTarget
{
    public static void Run(byte[] input)
    {
        string text = Utf8Text.Decode(input);
        Find(text);
        foreach (string line in text.Split('\n')) Find(line);
    }

    private static void Find(string message)
    {
        if (!EmbeddedClockParser.TryFind(message, out long ticks, out _)) return;
        FuzzCheck.That(ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks, $"clock ticks {ticks} are not a time");
    }
}
