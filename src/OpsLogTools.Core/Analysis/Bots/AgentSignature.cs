namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>A user-agent pattern from the signature file (scanner or crawler): a case-insensitive substring.</summary>
public sealed class AgentSignature
{
    /// <summary>Creates a signature.</summary>
    public AgentSignature(string name, string pattern, bool weak = false, IReadOnlyList<string>? verifyDomains = null)
    {
        Name = name;
        Pattern = pattern;
        Weak = weak;
        VerifyDomains = verifyDomains ?? [];
    }

    /// <summary>The tool or crawler, e.g. <c>zgrab</c>, <c>Googlebot</c>.</summary>
    public string Name { get; }

    /// <summary>Substring of the User-Agent.</summary>
    public string Pattern { get; }

    /// <summary>For scanners: a generic HTTP library that honest scripts use too; only supporting evidence.</summary>
    public bool Weak { get; }

    /// <summary>For crawlers: domains a reverse DNS lookup of the genuine crawler ends in.</summary>
    public IReadOnlyList<string> VerifyDomains { get; }

    /// <summary>True when the user agent contains the pattern.</summary>
    public bool IsMatch(string userAgent) => userAgent.Contains(Pattern, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Pattern}";
}
