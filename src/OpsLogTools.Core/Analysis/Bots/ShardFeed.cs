using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Hands requests to several <see cref="ClientShard"/>s that count them on the thread pool: each shard's requests go in
/// batches, and each batch runs after the shard's previous one (a chain of tasks per shard), so a shard sees its
/// requests in the order they were handed over and is used by one thread at a time. At most a few batches per shard
/// are in flight: the caller waits for the oldest when a shard falls behind. Nothing is left running when the caller
/// gives up: the chains end with their last batch.
/// </summary>
internal sealed class ShardFeed
{
    private const int BatchSize = 1024;         // ShardItems are ~160 bytes: a batch is reused, not collected
    private const int MaxInFlight = 6;

    private readonly ClientShard[] _shards;
    private readonly ShardItem[][] _open;
    private readonly int[] _fill;
    private readonly Task[] _tails;
    private readonly Queue<Task>[] _inFlight;
    private readonly ConcurrentBag<ShardItem[]> _spare = new();

    public ShardFeed(ClientShard[] shards)
    {
        _shards = shards;
        _open = new ShardItem[shards.Length][];
        _fill = new int[shards.Length];
        _tails = new Task[shards.Length];
        _inFlight = new Queue<Task>[shards.Length];
        for (int i = 0; i < shards.Length; i++)
        {
            _open[i] = new ShardItem[BatchSize];
            _tails[i] = Task.CompletedTask;
            _inFlight[i] = new Queue<Task>();
        }
    }

    /// <summary>The next item of shard <paramref name="shard"/>'s batch, to fill in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref ShardItem Next(int shard)
    {
        if (_fill[shard] == BatchSize) Send(shard);
        return ref _open[shard][_fill[shard]++];
    }

    /// <summary>Sends what is left and waits until every shard has counted everything (a shard's failure is thrown here).</summary>
    public void Complete()
    {
        for (int i = 0; i < _shards.Length; i++) Send(i);
        foreach (var tail in _tails) tail.GetAwaiter().GetResult();
    }

    private void Send(int shard)
    {
        int count = _fill[shard];
        if (count == 0) return;
        var batch = _open[shard];
        var inFlight = _inFlight[shard];
        while (inFlight.Count > 0 && inFlight.Peek().IsCompleted) inFlight.Dequeue().GetAwaiter().GetResult();
        if (inFlight.Count >= MaxInFlight) inFlight.Dequeue().GetAwaiter().GetResult();
        var target = _shards[shard];
        _tails[shard] = _tails[shard].ContinueWith(previous =>
        {
            previous.GetAwaiter().GetResult();
            target.Process(batch, count);
            _spare.Add(batch);
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        inFlight.Enqueue(_tails[shard]);
        _open[shard] = _spare.TryTake(out var array) ? array : new ShardItem[BatchSize];
        _fill[shard] = 0;
    }
}
