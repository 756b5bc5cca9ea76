using Microsoft.Win32.SafeHandles;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// A big file read in chunks by several workers (<see cref="FileChunks"/>, <see cref="ChunkReader"/>): the chunks'
/// queues, and the file's one <see cref="FileReadSession"/>, opened once by the worker that planned the cuts (its
/// checks and diagnostics as for a whole file) and then, on the detector's thread, judging the chunks' lines in file
/// order: chunk by chunk it learns how many lines came before, so warnings name the same line numbers, are capped per
/// file and summed up at its end as for a file read whole. A CloudFront chunk read with other columns than the
/// <c>#Fields</c> lines before it call for (a header that changes mid-file) is read again there with the right ones.
/// </summary>
internal sealed class ChunkedFile : IDisposable
{
    private readonly FileReadSession _session;
    private readonly RelayDiagnostics _relay;
    private byte[]? _fieldsSoFar;
    private bool _disposed;

    public ChunkedFile(LogFile file, FileReadSession session, RelayDiagnostics relay, long[] starts, byte[]? fields, BatchQueue first, int queueLength)
    {
        File = file;
        _session = session;
        _relay = relay;
        Starts = starts;
        Fields = fields;
        Handle = ((FileStream)session.Opened!.Content).SafeFileHandle;
        Parts = new BatchQueue[starts.Length];
        Parts[0] = first;
        for (int i = 1; i < Parts.Length; i++)
        {
            Parts[i] = new BatchQueue(queueLength);
        }
    }

    public LogFile File { get; }

    /// <summary>The open file, read by every chunk (positioned reads).</summary>
    public SafeFileHandle Handle { get; }

    /// <summary>First byte of each chunk.</summary>
    public long[] Starts { get; }

    /// <summary>The <c>#Fields</c> line the chunks after the first are read by (null: the standard columns).</summary>
    public byte[]? Fields { get; }

    /// <summary>Each chunk's batches, in order.</summary>
    public BatchQueue[] Parts { get; }

    /// <summary>Lines of the chunks judged so far.</summary>
    public long Lines { get; private set; }

    /// <summary>True once a read failure ended the file (what the chunks after it hold is not read, as for a whole file).</summary>
    public bool Failed { get; private set; }

    /// <summary>End of chunk <paramref name="part"/>: the next one's start, or the file's end.</summary>
    public long End(int part) => part + 1 < Starts.Length ? Starts[part + 1] : long.MaxValue;

    /// <summary>
    /// Whether chunk <paramref name="part"/>, once every chunk before it is judged, was read with other columns than the
    /// <c>#Fields</c> lines before it call for; <paramref name="fields"/> then names the right ones.
    /// </summary>
    public bool ReadWithOtherColumns(int part, out byte[]? fields)
    {
        fields = _fieldsSoFar;
        return part > 0 && !Failed && !(_fieldsSoFar ?? []).AsSpan().SequenceEqual(Fields ?? []);
    }

    /// <summary>Judges a batch's lines in the file's session (diagnostics to <paramref name="diagnostics"/>); the facts of it to feed.</summary>
    public int Judge(FactBatch batch, IReadDiagnostics diagnostics)
    {
        if (Failed) return 0;
        _relay.Target = diagnostics;
        if (batch.Lines is { } lines)
        {
            foreach (var line in lines)
                _session.Replay(line.Head, line.Binary, line.Flags, line.NulBytesRemoved, Lines + line.Number, line.Status, line.Failure);
        }
        if (batch.End is { } end)
        {
            if (end.LastFields is not null) _fieldsSoFar = end.LastFields;
            if (end.Failure is not null)
            {
                _session.ReplayFailure(end.Failure, Lines + end.Lines, end.LastLineCut);
                Failed = true;
            }
            Lines += end.Lines;
        }
        return batch.Count;
    }

    /// <summary>The end of the file: its summaries (diagnostics to <paramref name="diagnostics"/>), and the file closed.</summary>
    public void Finish(IReadDiagnostics diagnostics)
    {
        _relay.Target = diagnostics;
        _session.ReplayEnd(Lines);
        Dispose();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _session.Dispose();
    }
}
