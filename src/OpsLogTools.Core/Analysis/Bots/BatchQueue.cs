using System.Runtime.ExceptionServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// A bounded queue of fact batches from one worker to the detector's thread, both of which block: the worker when it is
/// full, the detector when it is empty. The hand-over is a monitor's wait and pulse between the two threads. (A channel
/// bridged to blocking waits completed each wait through the thread pool, whose threads then spun for more work: on a
/// 2-core machine that took CPU from the two threads doing the work.)
/// </summary>
internal sealed class BatchQueue
{
    private readonly Queue<FactBatch> _items;
    private readonly int _capacity;
    private bool _completed;
    private Exception? _error;
    private int _waiting;

    /// <param name="capacity">Batches held at most before the writer waits.</param>
    public BatchQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _items = new Queue<FactBatch>(capacity);
    }

    /// <summary>Takes the next batch when one is there, without waiting.</summary>
    public bool TryRead(out FactBatch batch)
    {
        lock (_items)
        {
            if (!_items.TryDequeue(out batch!)) return false;
            if (_waiting > 0) Monitor.PulseAll(_items);
            return true;
        }
    }

    /// <summary>
    /// Waits until a batch can be read (true), or the writer has completed and every batch is read (false).
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting.</exception>
    /// <remarks>When the writer completed with a failure, that failure is thrown once the batches before it are read.</remarks>
    public bool WaitToRead(CancellationToken token)
    {
        lock (_items)
        {
            while (true)
            {
                if (_items.Count > 0) return true;
                if (_completed)
                {
                    if (_error is not null) ExceptionDispatchInfo.Capture(_error).Throw();
                    return false;
                }
                Block(token);
            }
        }
    }

    /// <summary>Adds a batch, waiting while the queue is full.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting.</exception>
    /// <exception cref="InvalidOperationException">The queue was completed.</exception>
    public void Write(FactBatch batch, CancellationToken token)
    {
        lock (_items)
        {
            while (_items.Count >= _capacity && !_completed) Block(token);
            if (_completed) throw new InvalidOperationException("The batch queue was completed.");
            _items.Enqueue(batch);
            if (_waiting > 0) Monitor.PulseAll(_items);
        }
    }

    /// <summary>Ends the queue: the reader reads what is in it, then learns it is complete (or gets <paramref name="error"/>).</summary>
    /// <returns>False when it was completed already (the first completion stands).</returns>
    public bool TryComplete(Exception? error = null)
    {
        lock (_items)
        {
            if (_completed) return false;
            _completed = true;
            _error = error;
            if (_waiting > 0) Monitor.PulseAll(_items);
            return true;
        }
    }

    /// <summary>Ends the queue with no failure.</summary>
    /// <exception cref="InvalidOperationException">It was completed already.</exception>
    public void Complete()
    {
        if (!TryComplete()) throw new InvalidOperationException("The batch queue was completed already.");
    }

    // Called holding the lock: waits for a pulse (or the token's cancellation), then throws if cancelled.
    private void Block(CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        _waiting++;
        // Unregister, not Dispose: Dispose would wait for a callback running on the cancelling thread, which needs this
        // lock. A cancellation after the check below pulses once this thread waits (the callback takes the lock first).
        var wake = token.UnsafeRegister(static state =>
        {
            lock (state!) Monitor.PulseAll(state);
        }, _items);
        try
        {
            if (!token.IsCancellationRequested) Monitor.Wait(_items);
        }
        finally
        {
            wake.Unregister();
            _waiting--;
        }
        token.ThrowIfCancellationRequested();
    }
}
