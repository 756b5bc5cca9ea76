using Xunit;
using OpsLogTools.Core.Sample;

namespace OpsLogTools.Core.Tests.Sample;

/// <summary>A temporary directory for generated bundles, removed afterwards.</summary>
public sealed class TempBundles : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "opslogtools-sample-" + Guid.NewGuid().ToString("N"));

    public string NewDirectory(string name)
    {
        string dir = Path.Combine(_root, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}

/// <summary>The default (seed) bundle, written once for the tests that only read it.</summary>
public sealed class SampleBundleFixture : IDisposable
{
    private readonly TempBundles _temp = new();

    public SampleBundleFixture()
    {
        Directory = _temp.NewDirectory("default");
        Truth = IncidentGenerator.Write(Directory, IncidentScenario.Default);
    }

    public string Directory { get; }
    public GroundTruth Truth { get; }

    public void Dispose() => _temp.Dispose();
}
