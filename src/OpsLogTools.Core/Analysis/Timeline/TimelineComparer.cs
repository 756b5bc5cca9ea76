using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>
/// Lines difference logs up against reference logs trusted to be in true time (the engine behind
/// <c>Compare-LogTimeline</c>). The displaced stretches and their offsets come from the anomaly engine run over
/// reference and difference files together; the stretches between them follow the reference (offset 0).
/// </summary>
public static class TimelineComparer
{
    /// <summary>
    /// Compares <paramref name="differencePaths"/> with <paramref name="referencePaths"/>. With no reference paths,
    /// the files whose stamps carry full dates and zones are the reference. A reference file that shows a
    /// displacement itself is warned about. Segments come file by file, in line order.
    /// </summary>
    public static IEnumerable<TimelineSegment> Compare(IReadOnlyList<string> referencePaths, IReadOnlyList<string> differencePaths,
        TimelineCompareOptions options, LogReadOptions readOptions, IReadDiagnostics diagnostics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(referencePaths);
        ArgumentNullException.ThrowIfNull(differencePaths);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(readOptions);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var references = referencePaths.Count > 0 ? HostTimeline.Scan(referencePaths, readOptions, diagnostics, cancellationToken) : [];
        var differences = HostTimeline.Scan(differencePaths, readOptions, diagnostics, cancellationToken);
        var timeline = HostTimeline.Read([.. references, .. differences], readOptions, diagnostics, cancellationToken);
        return Compare(timeline, referencePaths.Count > 0 ? references.Select(f => f.Path).ToList() : null,
            differences.Select(f => f.Path).ToList(), options, diagnostics, cancellationToken);
    }

    /// <summary>
    /// Compares the files of a timeline already read. <paramref name="referencePaths"/> null takes the files with
    /// full dates and zones; <paramref name="differencePaths"/> null takes every other file.
    /// </summary>
    public static IEnumerable<TimelineSegment> Compare(HostTimeline timeline, IReadOnlyCollection<string>? referencePaths,
        IReadOnlyCollection<string>? differencePaths, TimelineCompareOptions options, IReadDiagnostics diagnostics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var reference = new HashSet<string>(referencePaths ?? timeline.Files.Where(f => f.StampsAreAbsolute).Select(f => f.Path), StringComparer.Ordinal);
        var referenceList = timeline.Files.Where(f => reference.Contains(f.Path)).Select(f => f.Path).ToList();
        var wanted = differencePaths is null ? null : new HashSet<string>(differencePaths, StringComparer.Ordinal);
        var files = timeline.Files.Where(f => !reference.Contains(f.Path) && (wanted is null || wanted.Contains(f.Path))).ToList();

        if (referenceList.Count == 0)
        {
            diagnostics.Warning("", 0, "No reference: no file given with -Reference, and none of the files carries full dates and zones. "
                + "Offsets are measured against each file's own lines around a stretch and against the other files.");
        }
        foreach (var f in timeline.Files.Where(f => reference.Contains(f.Path)))
        {
            foreach (var s in f.Stretches)
            {
                var a = s.Anomaly;
                diagnostics.Warning(f.Path, a.FirstLine,
                    $"{f.Path}:{a.FirstLine}-{a.LastLine}: the reference itself shows displaced stamps ({a.LineCount} line(s), {TimelineWords.Offset(a.OffsetSeconds)} off true time): "
                    + "it is not a trusted clock there, and offsets measured against it may be off.");
            }
        }
        return Segments(timeline, files, referenceList, options, cancellationToken);
    }

    private static IEnumerable<TimelineSegment> Segments(HostTimeline timeline, List<TimelineFile> files, List<string> references,
        TimelineCompareOptions options, CancellationToken cancellationToken)
    {
        double tolerance = Math.Abs(options.Tolerance.TotalSeconds);
        foreach (var f in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!options.IncludeEqual)
            {
                foreach (var s in f.Stretches)
                {
                    if (Math.Abs(s.Anomaly.OffsetSeconds) > tolerance) yield return SegmentBuilder.Displaced(s, references);
                }
                continue;
            }
            foreach (var segment in SegmentBuilder.Cover(f, timeline.Entries(f, cancellationToken), references)) yield return segment;
        }
    }
}
