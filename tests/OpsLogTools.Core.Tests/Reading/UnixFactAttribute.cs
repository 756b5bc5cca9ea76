using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

/// <summary>A fact about Linux file-system behaviour (FIFOs, sockets, inodes, locks): skipped elsewhere.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux (FIFOs, inodes and flock as the engine meets them on a server)";
    }
}
