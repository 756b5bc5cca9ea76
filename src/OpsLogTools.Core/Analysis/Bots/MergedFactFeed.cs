using System.Runtime.CompilerServices;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Feeds the detector from several <see cref="FactPipeline"/>s, one per web log set, read side by side and merged by
/// time fact by fact: the oldest head goes first, on a tie the earlier set, as <see cref="WebRequestReader"/> merges
/// entries. Each set has its own workers and its own window of files, so no set waits on a worker held by another; big
/// plain files are cut into chunks of <c>chunkBytes</c> (see <see cref="FileChunks"/>).
/// </summary>
internal static class MergedFactFeed
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(WebLogSets sets, LogReadOptions readOptions, int workers, BotDetector detector, IReadDiagnostics diagnostics,
        CancellationToken cancellationToken, long chunkBytes = FileChunks.DefaultChunkBytes)
    {
        foreach (var line in sets.SetLines)
        {
            if (line is not null) diagnostics.Verbose(line);
        }
        var progress = new MergedProgress(sets.Files, readOptions.Progress);
        var pipelines = new List<FactPipeline>();
        try
        {
            foreach (var set in sets.Sets)
                pipelines.Add(new FactPipeline(set, readOptions, FactPipeline.WorkersFor(set, readOptions, workers, chunkBytes), twinFields: true, chunkBytes, cancellationToken));
            int n = pipelines.Count;
            var batches = new RequestFacts[n][];
            var counts = new int[n];
            var at = new int[n];
            for (int i = 0; i < n; i++)
            {
                if (!pipelines[i].TryNextBatch(diagnostics, progress, out batches[i], out counts[i])) counts[i] = 0;
            }
            while (true)
            {
                int pick = -1;
                long best = long.MaxValue;
                for (int i = 0; i < n; i++)
                {
                    if (at[i] >= counts[i]) continue;
                    long ticks = batches[i][at[i]].Timestamp.UtcTicks;
                    if (pick < 0 || ticks < best) { pick = i; best = ticks; }
                }
                if (pick < 0) break;
                detector.Add(in batches[pick][at[pick]]);
                if (++at[pick] < counts[pick]) continue;
                at[pick] = 0;
                if (!pipelines[pick].TryNextBatch(diagnostics, progress, out batches[pick], out counts[pick])) counts[pick] = 0;
            }
        }
        finally
        {
            foreach (var p in pipelines) p.Dispose();
        }
        progress.Complete();
    }
}
