namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>A path pattern from the signature file (CMS probe, sensitive file or login path).</summary>
public sealed class PathSignature
{
    /// <summary>Creates a signature.</summary>
    public PathSignature(string name, SignatureMatch match, string pattern, bool whenMissingOnly = false)
    {
        Name = name;
        Match = match;
        Pattern = pattern;
        WhenMissingOnly = whenMissingOnly;
    }

    /// <summary>What it stands for, e.g. <c>WordPress</c>, <c>.env</c>.</summary>
    public string Name { get; }

    /// <summary>How <see cref="Pattern"/> is compared.</summary>
    public SignatureMatch Match { get; }

    /// <summary>The text compared with the request path (case-insensitive).</summary>
    public string Pattern { get; }

    /// <summary>Counts only when the path never answered 2xx/304 to anyone else on this site.</summary>
    public bool WhenMissingOnly { get; }

    /// <summary>True when the path (without query) matches.</summary>
    public bool IsMatch(string path) => Match switch
    {
        SignatureMatch.Exact => path.Equals(Pattern, StringComparison.OrdinalIgnoreCase),
        SignatureMatch.Prefix => path.StartsWith(Pattern, StringComparison.OrdinalIgnoreCase),
        SignatureMatch.Suffix => path.EndsWith(Pattern, StringComparison.OrdinalIgnoreCase),
        _ => path.Contains(Pattern, StringComparison.OrdinalIgnoreCase),
    };

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Match} {Pattern}";
}
