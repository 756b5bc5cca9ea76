using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// The files of a bundle as the logger wrote them: a rotated set (<c>messages-20220719.gz</c>, <c>messages-20220720</c>,
/// <c>messages</c>) is one stream cut at each rotation, oldest first. A displaced run does not stop at a rotation, so
/// runs are looked for along the whole stream. CloudFront's files are not one stream (each edge server writes its own
/// file for the same hour), so each stays on its own; so does a file whose set has other formats.
/// </summary>
internal static class RotationChains
{
    public static List<List<FileFacts>> Of(IReadOnlyList<FileFacts> files)
    {
        var byPath = new Dictionary<string, FileFacts>(StringComparer.Ordinal);
        foreach (var f in files) byPath.TryAdd(f.Path, f);
        var chains = new List<List<FileFacts>>();
        var chained = new HashSet<FileFacts>();
        foreach (var set in RotatedSet.Group(files.Where(f => !f.IsCloudFront).Select(f => f.Path)))
        {
            var members = set.Files.Select(p => byPath[p]).ToList();
            if (members.Count < 2 || members.Any(m => m.Format != members[0].Format)) continue;
            chains.Add(members);
            chained.UnionWith(members);
        }
        foreach (var f in files)
        {
            if (!chained.Contains(f)) chains.Add([f]);
        }
        return chains;
    }
}
