using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// The per-entry way through <see cref="WebLogSets"/> (for -AsRequest, which hands entries on): each set's files read
/// in order as <see cref="LogReader"/> reads them, and with both CloudFront and origin logs present the sets merged
/// by time, entry by entry, exactly as <see cref="FactPipeline"/> merges the facts, so the detector sees the same
/// requests in the same order either way. The same paths give the same sequence every time it is enumerated.
/// </summary>
internal static class WebRequestReader
{
    public static IEnumerable<AccessLogEntry> Read(WebLogSets sets, LogReadOptions options, IReadDiagnostics diagnostics, CancellationToken cancellationToken)
    {
        var progress = new MergedProgress(sets.Files, options.Progress);
        if (!sets.MergeByTime)
        {
            for (int s = 0; s < sets.Sets.Count; s++)
            {
                if (sets.SetLines[s] is { } line) diagnostics.Verbose(line);
                foreach (var entry in ReadSet(sets.Sets[s], options, diagnostics, progress, cancellationToken)) yield return entry;
            }
            progress.Complete();
            yield break;
        }

        foreach (var line in sets.SetLines)
        {
            if (line is not null) diagnostics.Verbose(line);
        }
        var lanes = new List<IEnumerator<AccessLogEntry>>();
        try
        {
            foreach (var set in sets.Sets)
            {
                var lane = ReadSet(set, options, diagnostics, progress, cancellationToken).GetEnumerator();
                lanes.Add(lane);
            }
            var live = new bool[lanes.Count];
            for (int i = 0; i < lanes.Count; i++) live[i] = lanes[i].MoveNext();
            while (true)
            {
                // The oldest head goes first; on a tie, the earlier set.
                int pick = -1;
                long best = long.MaxValue;
                for (int i = 0; i < lanes.Count; i++)
                {
                    if (!live[i]) continue;
                    long ticks = lanes[i].Current.Timestamp.UtcTicks;
                    if (pick < 0 || ticks < best) { pick = i; best = ticks; }
                }
                if (pick < 0) break;
                yield return lanes[pick].Current;
                live[pick] = lanes[pick].MoveNext();
            }
        }
        finally
        {
            foreach (var lane in lanes) lane.Dispose();
        }
        progress.Complete();
    }

    private static IEnumerable<AccessLogEntry> ReadSet(IReadOnlyList<LogFile> files, LogReadOptions options, IReadDiagnostics diagnostics,
        MergedProgress progress, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress.Started(file);
            // Web logs carry their offset: the reference only matters for formats that do not.
            var reference = TimeReference.AtInstant(file.LastWriteTime, options.TimeZone ?? options.LocalZone, "mtime of " + file.DisplayName, "stamps");
            using (var session = new FileReadSession(file, reference, options, diagnostics, cancellationToken))
            {
                if (session.Open())
                {
                    while (session.TryNext(out var entry))
                    {
                        if (entry is AccessLogEntry access) yield return access;
                    }
                }
            }
            progress.Finished(file);
        }
    }
}
