namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>What the signatures say about a path (cached per distinct path).</summary>
internal readonly record struct PathTraits(PathSignature? Cms, PathSignature? Sensitive, PathSignature? Login, bool IsAsset);
