using System.Runtime.CompilerServices;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// The workers' side of <see cref="FactPipeline"/>: each takes the earliest part waiting (a chunk of a file already
/// begun, else the next file) while the window of parts not yet drained allows; a file's first reader opens it, decides
/// whether to cut it (<see cref="FileChunks"/>) and then reads it whole or reads its first chunk.
/// </summary>
internal sealed partial class FactPipeline
{
    private void Work()
    {
        var token = _stop.Token;
        var pools = new FieldStringPools();
        try
        {
            while (true)
            {
                _window.Wait(token);
                long job = Take(token);
                if (job < 0) return;
                int file = (int)(job >> 32), part = (int)job;
                if (part == 0) Read(file, pools, token);
                else ReadChunk(_chunked[file]!, part, pools, token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// The earliest part waiting, as file &lt;&lt; 32 | chunk: a chunk of a file begun, else the next file (chunk 0); -1 when
    /// there is none and none will come (no file is being cut).
    /// </summary>
    private long Take(CancellationToken token)
    {
        lock (_gate)
        {
            while (true)
            {
                if (_pendingChunks.Count > 0)
                {
                    long first = _pendingChunks.Min;
                    _pendingChunks.Remove(first);
                    return first;
                }
                if (_next < _files.Count)
                {
                    int i = _next++;
                    if (FileChunks.Worth(_files[i], _options, _chunkBytes)) _planning++;
                    return (long)i << 32;
                }
                if (_planning == 0) return -1;
                Monitor.Wait(_gate, 50);
                token.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Chunks 1.. of a file cut by its first reader are waiting (or, with null, the file is not cut after all).</summary>
    private void Planned(int index, ChunkedFile? chunked)
    {
        lock (_gate)
        {
            if (chunked is not null)
            {
                for (int part = 1; part < chunked.Parts.Length; part++) _pendingChunks.Add(((long)index << 32) | (uint)part);
            }
            _planning--;
            Monitor.PulseAll(_gate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Read(int index, FieldStringPools pools, CancellationToken token)
    {
        var file = _files[index];
        var queue = _queues[index];
        var diagnostics = new BufferedDiagnostics();
        bool planning = FileChunks.Worth(file, _options, _chunkBytes);
        try
        {
            var parser = new RequestFactParser(file.Format.Format, pools) { Buffer = Rent(), TwinFields = _twinFields, Lean = true };
            // The session does what it does for every reader (lines, NULs, over-long lines, gzip damage, warnings);
            // only the parser differs.
            var asFacts = new LogFile(file.Path, new FactFormat(file.Format, parser), file.IsGzip, file.Length, file.LastWriteTime, file.DisplayName);
            var reference = TimeReference.AtInstant(file.LastWriteTime, _options.TimeZone ?? _options.LocalZone, "mtime of " + file.DisplayName, "stamps");
            var relay = new RelayDiagnostics(diagnostics);
            var session = new FileReadSession(asFacts, reference, _options, relay, token);
            try
            {
                if (session.Open())
                {
                    if (planning)
                    {
                        ChunkedFile? chunked = null;
                        try
                        {
                            chunked = Cut(index, session, relay);
                        }
                        finally
                        {
                            planning = false;
                            Planned(index, chunked);
                        }
                        if (chunked is not null)
                        {
                            session = null;
                            _spare.Add(parser.Buffer);
                            ReadChunk(chunked, 0, pools, token, diagnostics.Take());
                            return;
                        }
                    }
                    while (session.TryNext(out _))
                    {
                        if (parser.Count < parser.Buffer.Length) continue;
                        queue.Write(new FactBatch(parser.Buffer, parser.Count, diagnostics.Take(), session.DiskPosition), token);
                        parser.Buffer = Rent();
                        parser.Count = 0;
                    }
                }
            }
            finally
            {
                session?.Dispose();
                if (planning) Planned(index, null);
            }
            queue.Write(new FactBatch(parser.Buffer, parser.Count, diagnostics.Take(), file.Length), token);
            queue.Complete();
        }
        catch (Exception e)
        {
            queue.TryComplete(e);
            if (e is OperationCanceledException) throw;
        }
    }

    /// <summary>The file's chunks when it is to be cut (its plan published for the detector's thread before any batch), else null.</summary>
    private ChunkedFile? Cut(int index, FileReadSession session, RelayDiagnostics relay)
    {
        if (session.Opened is not { IsGzip: false, Content: FileStream { CanSeek: true } stream }) return null;
        long[]? starts;
        byte[]? fields;
        try
        {
            starts = FileChunks.Plan(stream.SafeFileHandle, _files[index].Format.Format, _chunkBytes, _options.MaxLineLength, out fields);
        }
        catch (Exception e) when (LogFileOpener.IsReadFailure(e))
        {
            // Read whole instead: the session meets the same failure and reports it as for any file.
            return null;
        }
        if (starts is null) return null;
        var chunked = new ChunkedFile(_files[index], session, relay, starts, fields, _queues[index], BatchesPerFile);
        Volatile.Write(ref _chunked[index], chunked);
        return chunked;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadChunk(ChunkedFile chunked, int part, FieldStringPools pools, CancellationToken token, List<Action<IReadDiagnostics>>? opening = null)
    {
        var queue = chunked.Parts[part];
        try
        {
            using (var reader = new ChunkReader(chunked.Handle, chunked.Starts[part], chunked.End(part), part == 0 ? null : chunked.Fields,
                chunked.File.Format.Format, pools, _twinFields, _options.MaxLineLength, Rent, token))
            {
                while (reader.TryNext(out var batch))
                {
                    if (opening is not null)
                    {
                        batch = batch with { Diagnostics = opening };
                        opening = null;
                    }
                    queue.Write(batch, token);
                }
            }
            queue.Complete();
        }
        catch (Exception e)
        {
            queue.TryComplete(e);
            if (e is OperationCanceledException) throw;
        }
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
