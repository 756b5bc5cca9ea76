using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Fuzz.Targets;

/// <summary>
/// Format detection (<see cref="BundleScanner.Detect"/>, which every file of a bundle goes through before it is read):
/// the first non-blank lines sampled and scored by every registered format's probe.
/// </summary>
internal static class DetectionTarget
{
    private static readonly BundleScanner Scanner = new(FormatRegistry.All);

    public static void Run(byte[] input)
    {
        var chosen = Scanner.Detect(new MemoryStream(input, writable: false), null, out string reason);
        FuzzCheck.That(reason is not null, "detection gave no reason");
        FuzzCheck.That(chosen is null || FormatRegistry.All.Contains(chosen), "detection chose a format that is not registered");
    }
}
