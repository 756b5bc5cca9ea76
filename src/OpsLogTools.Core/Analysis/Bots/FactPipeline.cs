using System.Runtime.CompilerServices;
using System.Collections.Concurrent;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Worker threads read web log files (decompress, split lines, parse into <see cref="RequestFacts"/>), each file into
/// its own bounded queue of batches; the calling thread drains the queues in file order into the detector and replays
/// each file's diagnostics there. A big plain file is cut into chunks (<see cref="FileChunks"/>) that several workers
/// parse at once, each into its own queue, drained in order (<see cref="ChunkedFile"/> judges their lines in file order,
/// so the diagnostics are those of the file read whole). Workers take the earliest part waiting (a chunk of a file
/// begun, else the next file), and only while few enough parts are waiting to be drained, so memory is a handful of
/// batches per part times a handful of parts, whatever the input size.
/// </summary>
internal sealed partial class FactPipeline : IDisposable
{
    private const int BatchSize = 512;          // RequestFacts are ~100 bytes: a batch stays off the large-object heap
    private const int BatchesPerFile = 32;
    private const long ProgressStep = 1 << 20;

    private readonly IReadOnlyList<LogFile> _files;
    private readonly LogReadOptions _options;
    private readonly BatchQueue[] _queues;
    private readonly ChunkedFile?[] _chunked;
    private readonly SemaphoreSlim _window;
    private readonly CancellationTokenSource _stop;
    private readonly ConcurrentBag<RequestFacts[]> _spare = new();
    private readonly Task[] _workers;
    private readonly bool _twinFields;
    private readonly long _chunkBytes;
    private readonly object _gate = new();
    private readonly SortedSet<long> _pendingChunks = new();
    private int _next;
    private int _planning;
    private int _pulled;
    private int _part;
    private bool _pullStarted;
    private ChunkReader? _again;
    private FieldStringPools? _ownPools;
    private RequestFacts[]? _lent;

    /// <param name="files">The files, in the order their facts are fed.</param>
    /// <param name="options">Reading options.</param>
    /// <param name="workers">Worker threads.</param>
    /// <param name="twinFields">Whether twin matching's fields are read.</param>
    /// <param name="chunkBytes">Chunk size for cutting big plain files (<see cref="FileChunks"/>); 0: files are read whole.</param>
    /// <param name="cancellationToken">Stops the workers.</param>
    public FactPipeline(IReadOnlyList<LogFile> files, LogReadOptions options, int workers, bool twinFields, long chunkBytes, CancellationToken cancellationToken)
    {
        _twinFields = twinFields;
        _chunkBytes = chunkBytes;
        _files = files;
        _options = options;
        _queues = new BatchQueue[files.Count];
        _chunked = new ChunkedFile?[files.Count];
        for (int i = 0; i < _queues.Length; i++) _queues[i] = NewQueue();
        _window = new SemaphoreSlim(2 * workers + 1);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _workers = new Task[workers];
        for (int w = 0; w < workers; w++)
            _workers[w] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>
    /// Workers worth starting for <paramref name="files"/>: at most <paramref name="workers"/>, and no more than there are
    /// parts to read (a file, or each chunk of a file to be cut).
    /// </summary>
    public static int WorkersFor(IReadOnlyList<LogFile> files, LogReadOptions options, int workers, long chunkBytes)
    {
        long parts = files.Sum(f => FileChunks.Worth(f, options, chunkBytes) ? f.Length / chunkBytes : 1);
        return (int)Math.Clamp(parts, 1, Math.Max(1, workers));
    }

    /// <summary>Feeds every file's facts to the detector in file order, on the calling thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(BotDetector detector, IReadDiagnostics diagnostics, IReadOnlyDictionary<int, string> setStarts, IProgress<ReadProgress>? progress)
    {
        long total = _files.Sum(f => f.Length);
        long done = 0;
        long lastReported = 0;
        while (Pull(diagnostics, out var batch,
            started: i =>
            {
                if (setStarts.TryGetValue(i, out var setLine)) diagnostics.Verbose(setLine);
                lastReported = 0;
                progress?.Report(new ReadProgress(done, total, _files[i].Path, i + 1, _files.Count));
            },
            finished: i => done += _files[i].Length))
        {
            var facts = batch.Facts;
            for (int k = 0; k < batch.Count; k++) detector.Add(in facts[k]);
            // Not cleared: the worker that takes it next overwrites what it uses, and the strings it still names are
            // the pools' own (clearing cost the detector thread a memset of every batch).
            _spare.Add(facts);
            if (progress is not null && batch.DiskPosition - lastReported >= ProgressStep)
            {
                lastReported = batch.DiskPosition;
                var file = _files[_pulled];
                progress.Report(new ReadProgress(done + Math.Min(batch.DiskPosition, file.Length), total, file.Path, _pulled + 1, _files.Count));
            }
        }
        progress?.Report(new ReadProgress(total, total, "", _files.Count, _files.Count, completed: true));
    }

    /// <summary>
    /// The pull form of <see cref="Run"/>, for reading several pipelines side by side: the next batch of facts in file
    /// order (its diagnostics replayed first), valid until the next call; false at the end.
    /// </summary>
    public bool TryNextBatch(IReadDiagnostics diagnostics, MergedProgress progress, out RequestFacts[] facts, out int count)
    {
        if (_lent is not null)
        {
            _spare.Add(_lent);
            _lent = null;
        }
        if (Pull(diagnostics, out var batch, i => progress.Started(_files[i]), i => progress.Finished(_files[i])))
        {
            _lent = facts = batch.Facts;
            count = batch.Count;
            return true;
        }
        facts = [];
        count = 0;
        return false;
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            Task.WaitAll(_workers);
        }
        catch (AggregateException)
        {
            // Workers stop by cancellation once the caller is done or gone; their failures reached it through the queues.
        }
        _again?.Dispose();
        foreach (var chunked in _chunked) chunked?.Dispose();
        _stop.Dispose();
        _window.Dispose();
    }

    /// <summary>
    /// The next batch holding facts, in file order, its diagnostics replayed (and a chunk's lines judged) first; false at
    /// the end. <paramref name="started"/> and <paramref name="finished"/> are told of each file.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Pull(IReadDiagnostics diagnostics, out FactBatch batch, Action<int> started, Action<int> finished)
    {
        var token = _stop.Token;
        while (_pulled < _files.Count)
        {
            token.ThrowIfCancellationRequested();
            if (!_pullStarted)
            {
                _pullStarted = true;
                _part = 0;
                started(_pulled);
            }
            var chunked = Volatile.Read(ref _chunked[_pulled]);
            bool got;
            if (_again is not null)
            {
                got = _again.TryNext(out batch);
                if (!got)
                {
                    _again.Dispose();
                    _again = null;
                }
            }
            else
            {
                var queue = _part == 0 ? _queues[_pulled] : chunked!.Parts[_part];
                got = queue.TryRead(out batch!);
                // A file's plan is published before its first batch: looked at again once a batch is in hand.
                if (got)
                {
                    chunked ??= Volatile.Read(ref _chunked[_pulled]);
                }
                else
                {
                    if (queue.WaitToRead(token)) continue;
                    _window.Release();
                    // The part's queue is complete (a chunked file's plan is set before its first part's first batch).
                    chunked = Volatile.Read(ref _chunked[_pulled]);
                }
            }
            if (got)
            {
                batch.Replay(diagnostics);
                int count = chunked is null ? batch.Count : chunked.Judge(batch, diagnostics);
                if (count == 0)
                {
                    if (batch.Facts.Length > 0) _spare.Add(batch.Facts);
                    continue;
                }
                if (count != batch.Count) batch = batch with { Count = count };
                return true;
            }
            if (chunked is not null && ++_part < chunked.Parts.Length)
            {
                if (chunked.ReadWithOtherColumns(_part, out var fields)) ReadAgain(chunked, fields, token);
                continue;
            }
            chunked?.Finish(diagnostics);
            finished(_pulled);
            _pulled++;
            _pullStarted = false;
        }
        batch = null!;
        return false;
    }

    /// <summary>
    /// A CloudFront chunk read with the wrong columns (its file's header changed before it): what its worker read is
    /// dropped, and it is read again here, after the chunks before it, with the columns they end in.
    /// </summary>
    private void ReadAgain(ChunkedFile chunked, byte[]? fields, CancellationToken token)
    {
        var stale = chunked.Parts[_part];
        while (stale.WaitToRead(token))
        {
            while (stale.TryRead(out var dropped))
            {
                if (dropped.Facts.Length > 0) _spare.Add(dropped.Facts);
            }
        }
        _window.Release();
        _again = new ChunkReader(chunked.Handle, chunked.Starts[_part], chunked.End(_part), fields, chunked.File.Format.Format,
            _ownPools ??= new FieldStringPools(), _twinFields, _options.MaxLineLength, Rent, token);
    }

    private static BatchQueue NewQueue() => new(BatchesPerFile);

    private RequestFacts[] Rent() => _spare.TryTake(out var array) ? array : new RequestFacts[BatchSize];
}
