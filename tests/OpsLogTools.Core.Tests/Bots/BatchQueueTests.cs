using CsCheck;
using OpsLogTools.Core.Analysis.Bots;
using Xunit;

namespace OpsLogTools.Core.Tests.Bots;

/// <summary>
/// The queue between a fact worker and the detector's thread (<see cref="BatchQueue"/>): every batch arrives once, in
/// order, whatever the capacity and the pace of either side; completion, a worker's failure and cancellation reach the
/// side that waits. Threads here are real; each wait that could hang is bounded by a test timeout.
/// </summary>
public class BatchQueueTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    private static FactBatch Batch(int n) => new([], n, null, n);

    [Fact]
    public void EveryBatchArrivesOnceInOrderWhateverThePaceOfEitherSide()
    {
        Gen.Select(Gen.Int[1, 4], Gen.Int[0, 400], Gen.Int[0, 3], Gen.Int[0, 3]).Sample((capacity, count, writerPause, readerPause) =>
        {
            var queue = new BatchQueue(capacity);
            var writer = Task.Factory.StartNew(() =>
            {
                for (int i = 0; i < count; i++)
                {
                    queue.Write(Batch(i), CancellationToken.None);
                    if (writerPause > 0 && i % (writerPause * 17) == 0) Thread.Sleep(1);
                }
                queue.Complete();
            }, TaskCreationOptions.LongRunning);
            var got = new List<int>();
            while (queue.WaitToRead(CancellationToken.None))
            {
                while (queue.TryRead(out var batch))
                {
                    got.Add(batch.Count);
                    if (readerPause > 0 && got.Count % (readerPause * 13) == 0) Thread.Sleep(1);
                }
            }
            Assert.True(writer.Wait(Hang));
            Assert.Equal(Enumerable.Range(0, count), got);
            Assert.False(queue.TryRead(out _));
        }, iter: 40);
    }

    [Fact]
    public void TheWriterWaitsWhileTheQueueIsFull()
    {
        var queue = new BatchQueue(2);
        queue.Write(Batch(0), CancellationToken.None);
        queue.Write(Batch(1), CancellationToken.None);
        var third = Task.Factory.StartNew(() => queue.Write(Batch(2), CancellationToken.None), TaskCreationOptions.LongRunning);
        Assert.False(third.Wait(TimeSpan.FromMilliseconds(200)));
        Assert.True(queue.TryRead(out var first));
        Assert.Equal(0, first.Count);
        Assert.True(third.Wait(Hang));
        Assert.True(queue.TryRead(out var second));
        Assert.Equal(1, second.Count);
        Assert.True(queue.TryRead(out var last));
        Assert.Equal(2, last.Count);
    }

    [Fact]
    public void AWorkersFailureReachesTheReaderAfterTheBatchesBeforeIt()
    {
        var queue = new BatchQueue(4);
        queue.Write(Batch(0), CancellationToken.None);
        var failure = new IOException("disk gone");
        Assert.True(queue.TryComplete(failure));
        Assert.False(queue.TryComplete(null));
        Assert.True(queue.WaitToRead(CancellationToken.None));
        Assert.True(queue.TryRead(out _));
        Assert.Same(failure, Assert.Throws<IOException>(() => queue.WaitToRead(CancellationToken.None)));
        Assert.Throws<InvalidOperationException>(() => queue.Write(Batch(1), CancellationToken.None));
    }

    [Fact]
    public void AFailureWhileTheReaderWaitsWakesIt()
    {
        var queue = new BatchQueue(4);
        var reader = Task.Factory.StartNew(() => queue.WaitToRead(CancellationToken.None), TaskCreationOptions.LongRunning);
        Thread.Sleep(50);
        queue.TryComplete(new InvalidDataException("cut gzip"));
        var e = Assert.Throws<AggregateException>(() => reader.Wait(Hang));
        Assert.IsType<InvalidDataException>(e.InnerException);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CancellationWakesASideThatWaits(bool writerWaits)
    {
        var queue = new BatchQueue(1);
        using var stop = new CancellationTokenSource();
        if (writerWaits) queue.Write(Batch(0), CancellationToken.None);
        var waiting = Task.Factory.StartNew(() =>
        {
            if (writerWaits) queue.Write(Batch(1), stop.Token);
            else queue.WaitToRead(stop.Token);
        }, TaskCreationOptions.LongRunning);
        Assert.False(waiting.Wait(TimeSpan.FromMilliseconds(100)));
        stop.Cancel();
        var e = Assert.Throws<AggregateException>(() => waiting.Wait(Hang));
        Assert.IsAssignableFrom<OperationCanceledException>(e.InnerException);
    }

    [Fact]
    public void ACancelledTokenStopsAWaitBeforeItStarts()
    {
        var queue = new BatchQueue(1);
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => queue.WaitToRead(stop.Token));
        // A batch there is read without waiting, cancelled or not (the channel it replaces did the same).
        queue.Write(Batch(7), CancellationToken.None);
        Assert.True(queue.WaitToRead(stop.Token));
    }
}
