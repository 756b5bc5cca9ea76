using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// The web logs under some paths, found and recognised as <see cref="LogReader"/> does and grouped into its rotated
/// sets (each oldest file first; a CloudFront distribution's hourly files are one set). Each set is one stream in
/// time order. With both CloudFront and origin logs present the sets are read side by side, merged by time
/// (<see cref="MergeByTime"/>), so a request's two lines reach the detector close together and the twin records it
/// holds cover a bounded time span; otherwise they are read one set after the other, as before.
/// </summary>
internal sealed class WebLogSets
{
    private WebLogSets(IReadOnlyList<IReadOnlyList<LogFile>> sets, IReadOnlyList<string?> setLines)
    {
        Sets = sets;
        SetLines = setLines;
        Files = sets.SelectMany(s => s).ToArray();
        AnyOrigin = Files.Any(f => f.Format.Format != LogFormat.CloudFront);
        AnyCloudFront = Files.Any(f => f.Format.Format == LogFormat.CloudFront);
    }

    /// <summary>The web files of each set, oldest first; sets by directory and name.</summary>
    public IReadOnlyList<IReadOnlyList<LogFile>> Sets { get; }

    /// <summary>Per set, the verbose line that names a rotated set's files, or null for a set of one file.</summary>
    public IReadOnlyList<string?> SetLines { get; }

    /// <summary>Every web file, set after set.</summary>
    public IReadOnlyList<LogFile> Files { get; }

    public bool AnyOrigin { get; }

    public bool AnyCloudFront { get; }

    /// <summary>True when CloudFront and origin lines must be read side by side, merged by time.</summary>
    public bool MergeByTime => AnyOrigin && AnyCloudFront;

    public static WebLogSets Find(IReadOnlyList<string> paths, LogReadOptions readOptions, IReadDiagnostics diagnostics, CancellationToken cancellationToken)
    {
        var scanner = new BundleScanner(FormatRegistry.All);
        var found = scanner.Scan(paths, readOptions.Format, readOptions.Encoding, diagnostics, cancellationToken);
        var byPath = found.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var sets = new List<IReadOnlyList<LogFile>>();
        var lines = new List<string?>();
        foreach (var set in RotatedSet.Group(found.Select(f => f.Path)))
        {
            var web = set.Files.Select(p => byPath[p]).Where(f => RequestFactParser.Handles(f.Format.Format)).ToList();
            foreach (var f in set.Files.Select(p => byPath[p]).Where(f => !RequestFactParser.Handles(f.Format.Format)))
                diagnostics.Verbose($"{f.DisplayName} ({f.Format.Format}) holds no web requests: not read for bot detection");
            if (web.Count == 0) continue;
            sets.Add(web);
            lines.Add(set.Files.Count > 1 ? $"rotated set {set.BaseName}: {string.Join(", ", set.Files.Select(p => byPath[p].DisplayName))} (oldest first)" : null);
        }
        return new WebLogSets(sets, lines);
    }

    /// <summary>A detector set up for these files: told which kinds of line will come and whether they come merged by time.</summary>
    public BotDetector CreateDetector(BotDetectorOptions? options, IReadDiagnostics diagnostics, bool keepTwinOrdinals) =>
        new(options, diagnostics)
        {
            OriginLinesExpected = AnyOrigin,
            CloudFrontLinesExpected = AnyCloudFront,
            SettleTwinsAsFed = MergeByTime,
            KeepTwinOrdinals = keepTwinOrdinals,
        };
}
