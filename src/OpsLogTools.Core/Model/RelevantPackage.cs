namespace OpsLogTools.Core.Model;

/// <summary>An updated package that could bear on an incident, with why.</summary>
public sealed class RelevantPackage
{
    /// <summary>The package change.</summary>
    public PackageChange Package { get; init; } = new();

    /// <summary>Why it matters, in plain words.</summary>
    public string Reason { get; init; } = "";

    /// <summary>Which part of the host it bears on.</summary>
    public UpdateArea Area { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Package.Name}: {Reason}";
}
