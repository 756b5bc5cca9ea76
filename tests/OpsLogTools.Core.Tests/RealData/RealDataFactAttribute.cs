using Xunit;

namespace OpsLogTools.Core.Tests.RealData;

/// <summary>
/// Where the real logs of <c>../shared/realdata</c> (logs written by real servers or by other projects' test
/// suites, see its SOURCES.md) are found: next to the repository root. They are never copied into the
/// repository; a clone without them reports the tests that need them as skipped.
/// </summary>
public static class RealDataFolder
{
    private static readonly Lazy<string?> Root = new(Locate);

    /// <summary>The realdata folder, or null when this clone has none beside it.</summary>
    public static string? Path => Root.Value;

    /// <summary>A file or folder inside realdata (the caller's test is skipped when realdata is absent).</summary>
    public static string Combine(params string[] parts) =>
        System.IO.Path.Combine([Path ?? throw new InvalidOperationException("realdata is absent"), .. parts]);

    private static string? Locate()
    {
        var env = Environment.GetEnvironmentVariable("OPSLOGTOOLS_REALDATA");
        if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? env : null;
        // Walk up from the test assembly to the repository root (the folder holding OpsLogTools.sln).
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "OpsLogTools.sln"))) dir = dir.Parent;
        if (dir?.Parent is null) return null;
        var candidate = System.IO.Path.Combine(dir.Parent.FullName, "shared", "realdata");
        return Directory.Exists(candidate) ? candidate : null;
    }
}

/// <summary>A fact that reads <c>../shared/realdata</c>: skipped (with the reason) where that folder is absent.</summary>
public sealed class RealDataFactAttribute : FactAttribute
{
    public RealDataFactAttribute()
    {
        if (RealDataFolder.Path is null) Skip = "../shared/realdata is absent in this clone (see SOURCES.md there)";
    }
}

/// <summary>A theory that reads <c>../shared/realdata</c>: skipped where that folder is absent.</summary>
public sealed class RealDataTheoryAttribute : TheoryAttribute
{
    public RealDataTheoryAttribute()
    {
        if (RealDataFolder.Path is null) Skip = "../shared/realdata is absent in this clone (see SOURCES.md there)";
    }
}
