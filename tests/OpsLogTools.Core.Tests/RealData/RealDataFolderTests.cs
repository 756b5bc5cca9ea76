using Xunit;

namespace OpsLogTools.Core.Tests.RealData;

public sealed class RealDataFolderTests
{
    // The folder is found the way every conformance test finds it; its SOURCES.md names each file's origin.
    [RealDataFact]
    public void RealDataHoldsItsSourcesList()
    {
        Assert.True(File.Exists(RealDataFolder.Combine("SOURCES.md")));
    }
}
