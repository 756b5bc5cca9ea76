using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Reads one chunk of a big plain file (a byte range that starts after a line feed; see <see cref="FileChunks"/>) into
/// batches of <see cref="RequestFacts"/>, as <see cref="FileReadSession"/> reads a whole file but without judging
/// anything: lines that parse cleanly become facts, and every other line (damage the line reader noticed, a malformed
/// line, the last line without a line feed) goes with the batch as a <see cref="ChunkLine"/>, numbered within the
/// chunk, for the file's session to judge in file order on the detector's thread. The line that crosses the chunk's end
/// is read whole (the range ends after a line feed), and the chunk's last batch says how it ended (<see cref="ChunkEnd"/>).
/// </summary>
internal sealed class ChunkReader : IDisposable
{
    private const int LinesPerBatch = 256;     // lines to judge: a chunk of garbage still goes in small batches

    private readonly FileRangeStream _stream;
    private readonly LineReader _reader;
    private readonly RequestFactParser _parser;
    private readonly bool _cloudFront;
    private readonly Func<RequestFacts[]> _rent;
    private readonly CancellationToken _token;
    private byte[]? _lastFields;
    private bool _lastCut;
    private bool _ended;

    /// <summary>A reader of bytes <paramref name="start"/> to <paramref name="end"/> of the file open as <paramref name="handle"/>.</summary>
    /// <param name="handle">The open file (read by positioned reads; not closed here).</param>
    /// <param name="start">The chunk's first byte: 0 or just after a line feed.</param>
    /// <param name="end">Just after the line feed that ends its last line, or <see cref="long.MaxValue"/> for the file's last chunk.</param>
    /// <param name="fields">For a CloudFront chunk after the first, the <c>#Fields</c> line its columns are read by (null: the standard ones).</param>
    /// <param name="format">The file's format.</param>
    /// <param name="pools">The worker's string pools.</param>
    /// <param name="twinFields">Whether twin matching's fields are read (as for a whole file).</param>
    /// <param name="maxLineLength">As <see cref="LogReadOptions.MaxLineLength"/>.</param>
    /// <param name="rent">Gives an empty fact buffer.</param>
    /// <param name="token">Stops the read.</param>
    public ChunkReader(SafeFileHandle handle, long start, long end, byte[]? fields, LogFormat format, FieldStringPools pools, bool twinFields,
        int maxLineLength, Func<RequestFacts[]> rent, CancellationToken token)
    {
        _stream = new FileRangeStream(handle, start, end);
        // The first chunk is the file's start (its byte order mark is skipped, its line end decided as for the whole file);
        // the others are known to end lines in a line feed and hold no byte order mark.
        _reader = new LineReader(_stream, maxLineLength, null, leaveOpen: true) { MidFile = start > 0 };
        _rent = rent;
        _token = token;
        _cloudFront = format == LogFormat.CloudFront;
        _parser = new RequestFactParser(format, pools) { Buffer = rent(), TwinFields = twinFields, Lean = true };
        if (fields is not null) _parser.TryParse(fields, 0, out _);
    }

    /// <summary>Offset in the file of the next byte to read.</summary>
    public long Position => _stream.Position;

    /// <summary>The next batch; the last one carries <see cref="FactBatch.End"/>. False after it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryNext(out FactBatch batch)
    {
        batch = null!;
        if (_ended) return false;
        List<ChunkLine>? lines = null;
        ChunkEnd end;
        while (true)
        {
            if (_parser.Count == _parser.Buffer.Length || (lines is not null && lines.Count >= LinesPerBatch))
            {
                batch = new FactBatch(_parser.Buffer, _parser.Count, null, _stream.Position) { Lines = lines };
                _parser.Buffer = _rent();
                _parser.Count = 0;
                return true;
            }
            bool got;
            ReadOnlySpan<byte> line;
            try
            {
                got = _reader.TryReadLine(out line);
            }
            catch (Exception e) when (LogFileOpener.IsReadFailure(e))
            {
                end = new ChunkEnd(_reader.LineNumber, e, _lastCut, _lastFields);
                break;
            }
            if (!got)
            {
                end = new ChunkEnd(_reader.LineNumber, null, false, _lastFields);
                break;
            }
            long number = _reader.LineNumber;
            if ((number & 0xFFF) == 0) _token.ThrowIfCancellationRequested();
            var flags = _reader.Flags;
            _lastCut = (flags & LineFlags.BeforeFailure) != 0;
            if (flags == LineFlags.None)
            {
                // The common case: a whole line that parses or is a header says nothing.
                if (line.IsEmpty) continue;
                var status = Parse(line, number, out string? failure);
                if (status != LineParseStatus.Malformed) continue;
                (lines ??= new List<ChunkLine>()).Add(Judge(line, number, flags, 0, status, failure));
                continue;
            }
            LineParseStatus? parsed = null;
            string? why = null;
            if ((flags & LineFlags.OnlyNul) == 0 && !line.IsEmpty) parsed = Parse(line, number, out why);
            (lines ??= new List<ChunkLine>()).Add(Judge(line, number, flags, _reader.NulBytesRemoved, parsed, why));
        }
        _ended = true;
        batch = new FactBatch(_parser.Buffer, _parser.Count, null, _stream.Position) { Lines = lines, End = end };
        _parser.Buffer = [];
        _parser.Count = 0;
        return true;
    }

    public void Dispose() => _reader.Dispose();

    private LineParseStatus Parse(ReadOnlySpan<byte> line, long number, out string? failure)
    {
        failure = null;
        LineParseStatus status;
        try
        {
            status = _parser.TryParse(line, number, out _);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // As the session: a parser that trips over odd bytes costs that line.
            failure = e.Message;
            return LineParseStatus.Malformed;
        }
        // A valid #Fields line changes the columns of the rows after it, in this chunk and in the chunks after it.
        if (_cloudFront && status == LineParseStatus.Ignored && line.StartsWith("#Fields:"u8)) _lastFields = line.ToArray();
        return status;
    }

    private static ChunkLine Judge(ReadOnlySpan<byte> line, long number, LineFlags flags, int nulBytesRemoved, LineParseStatus? status, string? failure)
    {
        // A malformed line is quoted in its warning: its start is kept, one byte past the excerpt to tell it was cut.
        bool malformed = status == LineParseStatus.Malformed;
        byte[]? head = malformed ? line[..Math.Min(line.Length, FileReadSession.ExcerptBytes + 1)].ToArray() : null;
        return new ChunkLine(number, flags, nulBytesRemoved, status, failure, head, malformed && FileReadSession.IsBinary(line));
    }
}
