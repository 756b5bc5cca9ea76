namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>How a path signature's pattern is compared with a request path (always case-insensitive, never a regex).</summary>
public enum SignatureMatch
{
    /// <summary>The whole path equals the pattern.</summary>
    Exact = 0,
    /// <summary>The path starts with the pattern.</summary>
    Prefix,
    /// <summary>The path ends with the pattern.</summary>
    Suffix,
    /// <summary>The pattern occurs anywhere in the path.</summary>
    Contains,
}
