using System.Text.Json;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// The bot signatures: CMS probe paths, sensitive files, scanner and crawler user agents, login paths. They live in
/// a data file (the shipped <c>Data/bot-signatures.json</c>, see its <c>description</c>), never in code, so a user can
/// extend or replace them. Immutable; matching is plain string comparison.
/// </summary>
public sealed class BotSignatureSet
{
    private const string ResourceSuffix = "bot-signatures.json";
    private static readonly Lazy<BotSignatureSet> LazyDefault = new(LoadEmbedded);

    /// <summary>Creates a set from lists.</summary>
    public BotSignatureSet(IReadOnlyList<PathSignature> cmsProbes, IReadOnlyList<PathSignature> sensitiveFiles,
        IReadOnlyList<AgentSignature> scannerAgents, IReadOnlyList<AgentSignature> crawlers,
        IReadOnlyList<PathSignature> loginPaths, string source)
    {
        CmsProbes = cmsProbes;
        SensitiveFiles = sensitiveFiles;
        ScannerAgents = scannerAgents;
        Crawlers = crawlers;
        LoginPaths = loginPaths;
        Source = source;
    }

    /// <summary>The shipped signatures.</summary>
    public static BotSignatureSet Default => LazyDefault.Value;

    /// <summary>Paths of CMS and admin tools.</summary>
    public IReadOnlyList<PathSignature> CmsProbes { get; }
    /// <summary>Files that must never be public.</summary>
    public IReadOnlyList<PathSignature> SensitiveFiles { get; }
    /// <summary>Scanner and HTTP-library user agents.</summary>
    public IReadOnlyList<AgentSignature> ScannerAgents { get; }
    /// <summary>Search-engine and SEO crawlers.</summary>
    public IReadOnlyList<AgentSignature> Crawlers { get; }
    /// <summary>Login endpoints (for brute force).</summary>
    public IReadOnlyList<PathSignature> LoginPaths { get; }
    /// <summary>Where the set came from.</summary>
    public string Source { get; }

    /// <summary>The first CMS signature matching the path, or null.</summary>
    public PathSignature? MatchCms(string path) => First(CmsProbes, path);
    /// <summary>The first sensitive-file signature matching the path, or null.</summary>
    public PathSignature? MatchSensitive(string path) => First(SensitiveFiles, path);
    /// <summary>The first login-path signature matching the path, or null.</summary>
    public PathSignature? MatchLogin(string path) => First(LoginPaths, path);

    /// <summary>The scanner signature for a user agent; a strong one wins over a weak one.</summary>
    public AgentSignature? MatchScanner(string userAgent)
    {
        AgentSignature? weak = null;
        foreach (var s in ScannerAgents)
        {
            if (!s.IsMatch(userAgent)) continue;
            if (!s.Weak) return s;
            weak ??= s;
        }
        return weak;
    }

    /// <summary>The crawler a user agent claims to be, or null.</summary>
    public AgentSignature? MatchCrawler(string userAgent)
    {
        foreach (var s in Crawlers) if (s.IsMatch(userAgent)) return s;
        return null;
    }

    private static PathSignature? First(IReadOnlyList<PathSignature> list, string path)
    {
        foreach (var s in list) if (s.IsMatch(path)) return s;
        return null;
    }

    /// <summary>
    /// Loads a user signature file. <see cref="SignatureLoadMode.Merge"/> adds it to <paramref name="baseSet"/> (the
    /// shipped set by default); <see cref="SignatureLoadMode.Replace"/> uses it alone. Bad entries are warned about and
    /// skipped; an unreadable or non-JSON file is reported as an error and the base set is returned unchanged.
    /// </summary>
    public static BotSignatureSet Load(string path, SignatureLoadMode mode, IReadDiagnostics? diagnostics = null, BotSignatureSet? baseSet = null)
    {
        diagnostics ??= NullDiagnostics.Instance;
        baseSet ??= Default;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
            var (user, disabled) = Read(stream, path, diagnostics);
            return mode == SignatureLoadMode.Replace ? user : baseSet.Merge(user, disabled);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            diagnostics.Error(path, BotErrorIds.SignatureFileUnreadable, $"signature file not used: {ex.Message}", ex);
            return baseSet;
        }
    }

    /// <summary>Parses a signature document (the shipped format) on its own.</summary>
    public static BotSignatureSet Parse(string json, string source, IReadDiagnostics? diagnostics = null)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return Read(stream, source, diagnostics ?? NullDiagnostics.Instance).Set;
    }

    /// <summary>
    /// This set plus <paramref name="extra"/>'s entries (duplicates dropped), minus entries whose name or pattern is in
    /// <paramref name="disabled"/>.
    /// </summary>
    public BotSignatureSet Merge(BotSignatureSet extra, IEnumerable<string>? disabled = null)
    {
        var off = new HashSet<string>(disabled ?? [], StringComparer.OrdinalIgnoreCase);
        return new BotSignatureSet(
            MergePaths(CmsProbes, extra.CmsProbes, off), MergePaths(SensitiveFiles, extra.SensitiveFiles, off),
            MergeAgents(ScannerAgents, extra.ScannerAgents, off), MergeAgents(Crawlers, extra.Crawlers, off),
            MergePaths(LoginPaths, extra.LoginPaths, off), $"{Source} + {extra.Source}");
    }

    private static List<PathSignature> MergePaths(IReadOnlyList<PathSignature> a, IReadOnlyList<PathSignature> b, HashSet<string> off)
    {
        var seen = new HashSet<(SignatureMatch, string)>();
        var list = new List<PathSignature>();
        foreach (var s in a.Concat(b))
        {
            if (off.Contains(s.Name) || off.Contains(s.Pattern)) continue;
            if (seen.Add((s.Match, s.Pattern.ToLowerInvariant()))) list.Add(s);
        }
        return list;
    }

    private static List<AgentSignature> MergeAgents(IReadOnlyList<AgentSignature> a, IReadOnlyList<AgentSignature> b, HashSet<string> off)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var list = new List<AgentSignature>();
        foreach (var s in a.Concat(b))
        {
            if (off.Contains(s.Name) || off.Contains(s.Pattern)) continue;
            if (seen.Add(s.Pattern)) list.Add(s);
        }
        return list;
    }

    private static (BotSignatureSet Set, List<string> Disabled) Read(Stream stream, string source, IReadDiagnostics diagnostics)
    {
        using var doc = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new JsonException("the signature file must hold one JSON object");
        var disabled = new List<string>();
        if (root.TryGetProperty("disable", out var d) && d.ValueKind == JsonValueKind.Array)
            disabled.AddRange(d.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
        var set = new BotSignatureSet(
            ReadPaths(root, "cmsProbes", source, diagnostics), ReadPaths(root, "sensitiveFiles", source, diagnostics),
            ReadAgents(root, "scannerAgents", source, diagnostics), ReadAgents(root, "crawlers", source, diagnostics),
            ReadPaths(root, "loginPaths", source, diagnostics), source);
        return (set, disabled);
    }

    private static List<PathSignature> ReadPaths(JsonElement root, string list, string source, IReadDiagnostics diagnostics)
    {
        var result = new List<PathSignature>();
        if (!root.TryGetProperty(list, out var arr) || arr.ValueKind != JsonValueKind.Array) return result;
        int i = 0;
        foreach (var e in arr.EnumerateArray())
        {
            i++;
            string? pattern = Str(e, "pattern");
            string matchText = Str(e, "match") ?? "prefix";
            if (string.IsNullOrEmpty(pattern) || !Enum.TryParse<SignatureMatch>(matchText, ignoreCase: true, out var match) || !Enum.IsDefined(match))
            {
                diagnostics.Warning(source, 0, $"{list}[{i}]: needs a non-empty 'pattern' and 'match' of exact, prefix, suffix or contains; skipped");
                continue;
            }
            bool missingOnly = e.TryGetProperty("whenMissingOnly", out var w) && w.ValueKind == JsonValueKind.True;
            result.Add(new PathSignature(Str(e, "name") ?? pattern, match, pattern, missingOnly));
        }
        return result;
    }

    private static List<AgentSignature> ReadAgents(JsonElement root, string list, string source, IReadDiagnostics diagnostics)
    {
        var result = new List<AgentSignature>();
        if (!root.TryGetProperty(list, out var arr) || arr.ValueKind != JsonValueKind.Array) return result;
        int i = 0;
        foreach (var e in arr.EnumerateArray())
        {
            i++;
            string? pattern = Str(e, "pattern");
            if (string.IsNullOrEmpty(pattern))
            {
                diagnostics.Warning(source, 0, $"{list}[{i}]: needs a non-empty 'pattern'; skipped");
                continue;
            }
            bool weak = e.TryGetProperty("weak", out var w) && w.ValueKind == JsonValueKind.True;
            var domains = e.TryGetProperty("verifyDomains", out var v) && v.ValueKind == JsonValueKind.Array
                ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToArray()
                : [];
            result.Add(new AgentSignature(Str(e, "name") ?? pattern, pattern, weak, domains));
        }
        return result;
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static BotSignatureSet LoadEmbedded()
    {
        var asm = typeof(BotSignatureSet).Assembly;
        string name = asm.GetManifestResourceNames().First(n => n.EndsWith(ResourceSuffix, StringComparison.Ordinal));
        using var stream = asm.GetManifestResourceStream(name)!;
        return Read(stream, "shipped " + ResourceSuffix, NullDiagnostics.Instance).Set;
    }
}
