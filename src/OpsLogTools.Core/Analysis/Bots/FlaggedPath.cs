namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>Counts for one path that matched a CMS or sensitive-file signature.</summary>
internal sealed class FlaggedPath(PathSignature? cms, PathSignature? sensitive)
{
    public PathSignature? Cms { get; } = cms;
    public PathSignature? Sensitive { get; } = sensitive;
    public long Count;
    public long Ok;
    public long NotFound;
    public long Other;
}
