using System.Runtime.CompilerServices;
using System.Collections.Concurrent;
using System.Threading.Channels;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Worker threads read web log files (decompress, split lines, parse into <see cref="RequestFacts"/>), each file into
/// its own bounded queue of batches; the calling thread drains the queues in file order into the detector and replays
/// each file's diagnostics there. Workers start a file only while few enough files are waiting to be drained, so
/// memory is a handful of batches per file times a handful of files, whatever the input size.
/// </summary>
internal sealed class FactPipeline : IDisposable
{
    private const int BatchSize = 512;          // RequestFacts are ~100 bytes: a batch stays off the large-object heap
    private const int BatchesPerFile = 32;
    private const long ProgressStep = 1 << 20;

    private readonly IReadOnlyList<LogFile> _files;
    private readonly LogReadOptions _options;
    private readonly Channel<Batch>[] _queues;
    private readonly SemaphoreSlim _window;
    private readonly CancellationTokenSource _stop;
    private readonly ConcurrentBag<RequestFacts[]> _spare = new();
    private readonly Task[] _workers;
    private readonly bool _twinFields;
    private int _next;
    private int _pulled;
    private bool _pullStarted;
    private RequestFacts[]? _lent;

    public FactPipeline(IReadOnlyList<LogFile> files, LogReadOptions options, int workers, bool twinFields, CancellationToken cancellationToken)
    {
        _twinFields = twinFields;
        _files = files;
        _options = options;
        _queues = new Channel<Batch>[files.Count];
        for (int i = 0; i < _queues.Length; i++)
        {
            _queues[i] = Channel.CreateBounded<Batch>(new BoundedChannelOptions(BatchesPerFile)
            {
                SingleReader = true,
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
        }
        _window = new SemaphoreSlim(2 * workers + 1);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _workers = new Task[workers];
        for (int w = 0; w < workers; w++)
            _workers[w] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Feeds every file's facts to the detector in file order, on the calling thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(BotDetector detector, IReadDiagnostics diagnostics, IReadOnlyDictionary<int, string> setStarts, IProgress<ReadProgress>? progress)
    {
        var token = _stop.Token;
        long total = _files.Sum(f => f.Length);
        long done = 0;
        for (int i = 0; i < _files.Count; i++)
        {
            token.ThrowIfCancellationRequested();
            var file = _files[i];
            if (setStarts.TryGetValue(i, out var setLine)) diagnostics.Verbose(setLine);
            progress?.Report(new ReadProgress(done, total, file.Path, i + 1, _files.Count));
            long lastReported = 0;
            var queue = _queues[i].Reader;
            while (true)
            {
                if (!queue.TryRead(out var batch))
                {
                    if (!queue.WaitToReadAsync(token).AsTask().GetAwaiter().GetResult()) break;
                    continue;
                }
                batch.Replay(diagnostics);
                var facts = batch.Facts;
                for (int k = 0; k < batch.Count; k++) detector.Add(in facts[k]);
                // Not cleared: the worker that takes it next overwrites what it uses, and the strings it still names are
                // the pools' own (clearing cost the detector thread a memset of every batch).
                _spare.Add(facts);
                if (progress is not null && batch.DiskPosition - lastReported >= ProgressStep)
                {
                    lastReported = batch.DiskPosition;
                    progress.Report(new ReadProgress(done + Math.Min(batch.DiskPosition, file.Length), total, file.Path, i + 1, _files.Count));
                }
            }
            done += file.Length;
            _window.Release();
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
        var token = _stop.Token;
        while (_pulled < _files.Count)
        {
            token.ThrowIfCancellationRequested();
            if (!_pullStarted)
            {
                _pullStarted = true;
                progress.Started(_files[_pulled]);
            }
            var queue = _queues[_pulled].Reader;
            if (queue.TryRead(out var batch))
            {
                batch.Replay(diagnostics);
                if (batch.Count == 0)
                {
                    _spare.Add(batch.Facts);
                    continue;
                }
                _lent = facts = batch.Facts;
                count = batch.Count;
                return true;
            }
            if (queue.WaitToReadAsync(token).AsTask().GetAwaiter().GetResult()) continue;
            progress.Finished(_files[_pulled]);
            _pulled++;
            _pullStarted = false;
            _window.Release();
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
        _stop.Dispose();
        _window.Dispose();
    }

    private void Work()
    {
        var token = _stop.Token;
        var pools = new FieldStringPools();
        try
        {
            while (true)
            {
                _window.Wait(token);
                int i = Interlocked.Increment(ref _next) - 1;
                if (i >= _files.Count) return;
                Read(i, pools, token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Read(int index, FieldStringPools pools, CancellationToken token)
    {
        var file = _files[index];
        var queue = _queues[index].Writer;
        var diagnostics = new BufferedDiagnostics();
        try
        {
            var parser = new RequestFactParser(file.Format.Format, pools) { Buffer = Rent(), TwinFields = _twinFields, Lean = true };
            // The session does what it does for every reader (lines, NULs, over-long lines, gzip damage, warnings);
            // only the parser differs.
            var asFacts = new LogFile(file.Path, new FactFormat(file.Format, parser), file.IsGzip, file.Length, file.LastWriteTime, file.DisplayName);
            var reference = TimeReference.AtInstant(file.LastWriteTime, _options.TimeZone ?? _options.LocalZone, "mtime of " + file.DisplayName, "stamps");
            using (var session = new FileReadSession(asFacts, reference, _options, diagnostics, token))
            {
                if (session.Open())
                {
                    while (session.TryNext(out _))
                    {
                        if (parser.Count < parser.Buffer.Length) continue;
                        Send(queue, new Batch(parser.Buffer, parser.Count, diagnostics.Take(), session.DiskPosition), token);
                        parser.Buffer = Rent();
                        parser.Count = 0;
                    }
                }
            }
            Send(queue, new Batch(parser.Buffer, parser.Count, diagnostics.Take(), file.Length), token);
            queue.Complete();
        }
        catch (Exception e)
        {
            queue.TryComplete(e);
            if (e is OperationCanceledException) throw;
        }
    }

    private static void Send(ChannelWriter<Batch> queue, Batch batch, CancellationToken token)
    {
        if (!queue.TryWrite(batch)) queue.WriteAsync(batch, token).AsTask().GetAwaiter().GetResult();
    }

    private RequestFacts[] Rent() => _spare.TryTake(out var array) ? array : new RequestFacts[BatchSize];

    /// <summary>Facts parsed from one stretch of a file, and what the file's session reported while reading it.</summary>
    private sealed record Batch(RequestFacts[] Facts, int Count, List<Action<IReadDiagnostics>>? Diagnostics, long DiskPosition)
    {
        public void Replay(IReadDiagnostics target)
        {
            if (Diagnostics is null) return;
            foreach (var call in Diagnostics) call(target);
        }
    }

    /// <summary>Keeps a worker's diagnostics until the calling thread replays them (cmdlets may only write from their own thread).</summary>
    private sealed class BufferedDiagnostics : IReadDiagnostics
    {
        private List<Action<IReadDiagnostics>>? _calls;

        public List<Action<IReadDiagnostics>>? Take()
        {
            var calls = _calls;
            _calls = null;
            return calls;
        }

        public void Warning(string path, long lineNumber, string message) => Add(d => d.Warning(path, lineNumber, message));

        public void Error(string path, string errorId, string message, Exception? exception = null) => Add(d => d.Error(path, errorId, message, exception));

        public void Verbose(string message) => Add(d => d.Verbose(message));

        private void Add(Action<IReadDiagnostics> call) => (_calls ??= new List<Action<IReadDiagnostics>>()).Add(call);
    }

    /// <summary>The detected format with the fact parser in place of its entry parser.</summary>
    private sealed class FactFormat(ILogFormat format, RequestFactParser parser) : ILogFormat
    {
        public LogFormat Format => format.Format;

        public bool StampsAreAbsolute => format.StampsAreAbsolute;

        public int Probe(ReadOnlySpan<byte> line) => format.Probe(line);

        public ILineParser CreateParser(ParserContext context) => parser;
    }
}
