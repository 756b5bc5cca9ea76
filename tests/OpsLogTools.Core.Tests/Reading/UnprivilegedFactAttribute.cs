using System.Globalization;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

/// <summary>
/// A Linux fact that needs mode bits to bind: skipped, with the reason, in a process that reads through them (root,
/// or anything holding CAP_DAC_OVERRIDE or CAP_DAC_READ_SEARCH). Run as root without those two capabilities
/// (<c>setpriv --inh-caps=-dac_override,-dac_read_search --bounding-set=-dac_override,-dac_read_search -- dotnet test ...</c>) it runs.
/// </summary>
public sealed class UnprivilegedFactAttribute : FactAttribute
{
    public UnprivilegedFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux mode bits";
        else if (OverridesModeBits()) Skip = "this process reads through mode bits (root's CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH); tests/pester/Reading.Tests.ps1 checks the same through setpriv with them dropped";
    }

    private static bool OverridesModeBits()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith("CapEff:", StringComparison.Ordinal)) continue;
            ulong caps = ulong.Parse(line.AsSpan(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return (caps & 0b110) != 0; // CAP_DAC_OVERRIDE (1), CAP_DAC_READ_SEARCH (2)
        }
        return Environment.IsPrivilegedProcess;
    }
}
