namespace OpsLogTools.Core.Sample;

/// <summary>What yum did to a package, as yum.log words it.</summary>
public enum PackageAction
{
    /// <summary>A new package (or an install-only one such as kernel).</summary>
    Installed,
    /// <summary>An upgrade.</summary>
    Updated,
    /// <summary>A removal.</summary>
    Erased,
}
