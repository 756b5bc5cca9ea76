using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reading.Records;

namespace OpsLogTools.Core.Bundles;

/// <summary>
/// Reads one log file into entries: lines from <see cref="LineReader"/>, parsed by the file's format, with every
/// failure turned into a diagnostic and a line in the <see cref="FileReadReport"/> instead of an exception.
/// </summary>
internal sealed class FileReadSession : IDisposable
{
    /// <summary>Bytes of a malformed line quoted in its warning (a longer line is quoted this far, with an ellipsis).</summary>
    internal const int ExcerptBytes = 100;

    // Control bytes that do not occur in text logs: a malformed line holding them is binary garbage.
    private static readonly SearchValues<byte> BinaryBytes = SearchValues.Create(
        [1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31]);

    private readonly LogFile _file;
    private readonly LogReadOptions _options;
    private readonly IReadDiagnostics _diagnostics;
    private readonly IReadDiagnostics _changes;
    private readonly CancellationToken _cancellationToken;
    private readonly StampClock _clock;
    private readonly int[] _warned = new int[Enum.GetValues<DamageKind>().Length];
    private readonly long[] _seen = new long[Enum.GetValues<DamageKind>().Length];
    private readonly long[] _lastSeenLine = new long[Enum.GetValues<DamageKind>().Length];
    private OpenedLog? _opened;
    private LineReader? _reader;
    private ILineParser? _parser;
    private IRecordSource? _records;
    private IRecordParser? _recordParser;
    private bool _done;
    private bool _recordsFinished;
    private bool _lastLineCut;
    private byte[]? _prefix;
    private byte[] _joined = [];

    /// <summary>Creates a session for one file.</summary>
    /// <param name="file">The file as scanned.</param>
    /// <param name="reference">Year and zone for its stamps.</param>
    /// <param name="options">Reading options.</param>
    /// <param name="diagnostics">Where warnings, errors and verbose lines go.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <param name="changes">Where a file no longer being the one scanned is reported, when not to <paramref name="diagnostics"/>
    /// (a second pass reads quietly, but a rotation between the passes must be said).</param>
    public FileReadSession(LogFile file, TimeReference reference, LogReadOptions options, IReadDiagnostics diagnostics, CancellationToken cancellationToken,
        IReadDiagnostics? changes = null)
    {
        _file = file;
        _options = options;
        _diagnostics = diagnostics;
        _changes = changes ?? diagnostics;
        _cancellationToken = cancellationToken;
        _clock = new StampClock(reference);
        // A stamp naming a day its year lacks (Feb 29 of 2023) is kept on the month's last day: said, never silent.
        _clock.Warn = message => _diagnostics.Warning(_file.Path, _reader?.LineNumber ?? 0, $"{_file.Path}:{_reader?.LineNumber ?? 0}: {message}");
        Report = new FileReadReport(file);
    }

    public FileReadReport Report { get; }

    /// <summary>
    /// The newer file of the same rotated set read next, or null: when set, a last line without a line feed is not judged
    /// here but handed on as <see cref="CarriedLine"/> (a rotation that copied a line half-written left its rest there).
    /// </summary>
    public string? ContinuesInNextFile { get; init; }

    /// <summary>The last line without a line feed, handed on to the next file of the set (see <see cref="ContinuesInNextFile"/>).</summary>
    public byte[]? CarriedLine { get; private set; }

    /// <summary>The older file's unfinished last line: read as the start of this file's first line.</summary>
    public byte[]? CarriedIn { init => _prefix = value; }

    /// <summary>Bytes of the file on disk consumed so far.</summary>
    public long DiskPosition => _opened?.Position ?? 0;

    /// <summary>The file as <see cref="Open"/> opened it (at its new name when a rotation moved it), or null.</summary>
    internal OpenedLog? Opened => _opened;

    /// <summary>Opens the file and makes its parser; false (reported) when it cannot be read.</summary>
    public bool Open()
    {
        _opened = OpenScannedFile(out string? errorId);
        if (_opened is null)
        {
            Report.ErrorId = errorId ?? ErrorIds.FileUnreadable;
            Report.AddBreak(DamageKind.ReadError, 1);
            Finish();
            return false;
        }
        if (_file.Format is IRecordFormat records) return OpenRecords(records);
        try
        {
            _parser = _file.Format.CreateParser(new ParserContext(_file.Path, _clock));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _diagnostics.Error(_file.Path, ErrorIds.UnknownFormat, $"{_file.Path}: the {_file.Format.Format} reader could not start: {e.Message}", e);
            Report.ErrorId = ErrorIds.UnknownFormat;
            Finish();
            return false;
        }
        _reader = new LineReader(_opened.Content, _options.MaxLineLength, _options.Encoding, leaveOpen: true);
        return true;
    }

    /// <summary>
    /// Opens the file that was scanned: at its path when that is still it, at its new name in the same directory when a
    /// rotation renamed it since (said in a warning); a file replaced or truncated in place since is not read (a
    /// <see cref="ErrorIds.FileChanged"/> error), so another file's lines never mix into what was read before.
    /// </summary>
    private OpenedLog? OpenScannedFile(out string? errorId)
    {
        errorId = null;
        string path = _file.Path;
        if (_file.Identity is not { Inode: not 0 } scanned) return LogFileOpener.TryOpen(path, _diagnostics, out errorId);

        OpenedLog? opened = null;
        Exception? failure = null;
        try
        {
            opened = LogFileOpener.Open(path);
        }
        catch (Exception e) when (LogFileOpener.IsReadFailure(e))
        {
            failure = e;
        }
        var outcome = opened?.Identity is { } now ? FileChanges.Compare(scanned, now) : FileChanges.Outcome.Replaced;
        if (opened is not null && outcome is FileChanges.Outcome.Same or FileChanges.Outcome.Rewritten)
        {
            if (outcome == FileChanges.Outcome.Rewritten) _diagnostics.Verbose($"{path}: written to since it was first read (same size, new mtime)");
            return opened;
        }
        if (opened is null && failure is not FileNotFoundException)
        {
            // Unreadable now for another reason: reported as such.
            errorId = LogFileOpener.ErrorIdFor(failure!, path);
            _diagnostics.Error(path, errorId, LogFileOpener.Describe(failure!, path, 0), failure);
            return null;
        }

        if (outcome == FileChanges.Outcome.Replaced && FileChanges.FindMoved(path, scanned) is { } moved)
        {
            opened?.Dispose();
            try
            {
                var there = LogFileOpener.Open(moved);
                if (there.Identity is { } t && t.IsSameFile(scanned))
                {
                    _changes.Warning(path, 0, $"{path} was rotated to {Path.GetFileName(moved)} after it was first read; read from there (the new {Path.GetFileName(path)} is not part of this run)");
                    return there;
                }
                there.Dispose();
            }
            catch (Exception e) when (LogFileOpener.IsReadFailure(e))
            {
                // Moved again, or gone: reported as replaced below.
            }
            opened = null;
        }
        if (opened is null)
        {
            // Gone, and not renamed within its directory: what was read before stands, this pass has none of it.
            errorId = ErrorIds.FileNotFound;
            _changes.Error(path, errorId, $"{path} was not found: it was there when the bundle was scanned, and is gone (not renamed within its directory).", failure);
            return null;
        }
        opened.Dispose();
        errorId = ErrorIds.FileChanged;
        string what = outcome == FileChanges.Outcome.Truncated
            ? $"shrank from {scanned.Length:N0} to {opened?.Identity?.Length ?? 0:N0} bytes since it was first read (truncated in place, as logrotate's copytruncate does)"
            : "was replaced since it was first read (rotated away, and not found in its directory by its inode)";
        _changes.Error(path, errorId, $"{path} {what}: what is there now is another file, and it was not read in this pass; its lines are missing from it.");
        return null;
    }

    /// <summary>The next entry; false at the end of the file or when reading it failed (reported).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryNext(out LogEntry entry)
    {
        entry = null!;
        if (_records is not null) return TryNextRecord(out entry);
        if (_done || _reader is null || _parser is null) return false;
        while (true)
        {
            bool got;
            ReadOnlySpan<byte> line;
            try
            {
                got = _reader.TryReadLine(out line);
            }
            catch (Exception e) when (LogFileOpener.IsReadFailure(e))
            {
                Fail(e);
                return false;
            }
            var flags = got ? _reader.Flags : LineFlags.Unterminated;
            if (_prefix is { } prefix)
            {
                // The line the older file of the set ended in, without its line feed: its rest starts this file.
                _prefix = null;
                line = got ? Joined(prefix, line) : prefix;
                if (!got) got = true;
            }
            if (!got)
            {
                // A record of several lines still open at the end (apt history without its End-Date) is handed over once.
                if (!_recordsFinished && _parser is IRecordLineParser records)
                {
                    _recordsFinished = true;
                    if (records.TryFinish(out var open) && open is not null)
                    {
                        Report.Parsed++;
                        Report.FirstTimestamp ??= open.Timestamp;
                        Report.LastTimestamp = open.Timestamp;
                        entry = open;
                        return true;
                    }
                }
                Finish();
                return false;
            }

            long number = Math.Max(_reader.LineNumber, 1);
            if ((number & 0xFFF) == 0) _cancellationToken.ThrowIfCancellationRequested();
            if (number == 1 && _reader.CarriageReturnEndings)
            {
                _diagnostics.Verbose($"{_file.Path}: its lines end in a carriage return alone (old Mac style), not a line feed; each CR is read as a line break");
            }
            if (ContinuesInNextFile is { } next && (flags & (LineFlags.Unterminated | LineFlags.BeforeFailure | LineFlags.Overlong)) == LineFlags.Unterminated)
            {
                // Cut by the rotation (copytruncate copies a line half-written): it is read whole with the newer file's first line.
                CarriedLine = line.ToArray();
                _diagnostics.Verbose($"{_file.Path}:{number}: the last line has no line feed; it is read with the first line of {next}, where the rotation put its rest");
                continue;
            }
            Report.Lines++;

            _lastLineCut = (flags & LineFlags.BeforeFailure) != 0;
            if (flags != LineFlags.None && !NoteFlags(flags, number, _reader.NulBytesRemoved)) continue;
            if (line.IsEmpty)
            {
                Report.Ignored++;
                continue;
            }

            LineParseStatus status;
            LogEntry? parsed;
            string? failure = null;
            try
            {
                status = _parser.TryParse(line, number, out parsed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A parser that trips over odd bytes costs that line, not the file.
                status = LineParseStatus.Malformed;
                parsed = null;
                failure = e.Message;
            }

            if (!Settle(status == LineParseStatus.Parsed && parsed is not null, status, flags, number, line, null, failure)) continue;
            Report.FirstTimestamp ??= parsed!.Timestamp;
            Report.LastTimestamp = parsed!.Timestamp;
            entry = parsed;
            return true;
        }
    }

    /// <summary>
    /// What a line read and parsed comes to: true for an entry (counted); otherwise it is counted as ignored, or as damage
    /// (warned about). <paramref name="binary"/>, when known, says whether the line holds control bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Settle(bool parsed, LineParseStatus status, LineFlags flags, long number, ReadOnlySpan<byte> line, bool? binary, string? failure)
    {
        if (parsed)
        {
            if ((flags & (LineFlags.Unterminated | LineFlags.BeforeFailure)) == LineFlags.Unterminated)
            {
                _diagnostics.Verbose($"{_file.Path}:{number}: the last line has no line feed; it parses, so it is kept (in a live log it may be cut short)");
            }
            Report.Parsed++;
            return true;
        }
        if (status == LineParseStatus.Ignored)
        {
            Report.Ignored++;
            return false;
        }
        if ((flags & LineFlags.BeforeFailure) != 0)
        {
            // Cut by the damage reported next: part of that damage, not a line of another format.
            Report.Ignored++;
            _diagnostics.Verbose($"{_file.Path}:{number}: the line the damage cuts through does not parse; it is left out");
            return false;
        }
        if ((flags & LineFlags.Unterminated) != 0)
        {
            // The last line has no line feed and does not parse: a live log's line still being written (loggers end
            // every line), not a line of another format. Left out, with no warning; the next read will have it whole.
            Report.Ignored++;
            _diagnostics.Verbose($"{_file.Path}:{number}: the last line has no line feed and does not parse (a line still being written?); it is left out");
            return false;
        }
        NoteMalformed(line, binary ?? IsBinary(line), number, failure);
        return false;
    }

    /// <summary>True when a line holds control bytes that do not occur in text logs (a malformed one is then binary garbage).</summary>
    internal static bool IsBinary(ReadOnlySpan<byte> line) => line.ContainsAny(BinaryBytes);

    /// <summary>
    /// A line of this file read and parsed on another thread (a chunk of a big file), judged here in file order as
    /// <see cref="TryNext"/> judges the lines it reads: the same counts, warnings and verbose lines. Lines that parse
    /// cleanly need not come here (nothing is said about them). <paramref name="head"/> is the line's start, at least
    /// <see cref="ExcerptBytes"/> + 1 bytes of it when longer; <paramref name="status"/> is null for a line not parsed
    /// (empty once its NULs are gone).
    /// </summary>
    internal void Replay(ReadOnlySpan<byte> head, bool binary, LineFlags flags, int nulBytesRemoved, long number, LineParseStatus? status, string? failure)
    {
        _lastLineCut = (flags & LineFlags.BeforeFailure) != 0;
        if (flags != LineFlags.None && !NoteFlags(flags, number, nulBytesRemoved)) return;
        if (status is not { } parsedAs)
        {
            Report.Ignored++;
            return;
        }
        Settle(parsedAs == LineParseStatus.Parsed, parsedAs, flags, number, head, binary, failure);
    }

    /// <summary>
    /// The read failing after <paramref name="lines"/> lines of the file (in a chunk read on another thread), as
    /// <see cref="TryNext"/> reports it: an error, and the end of the file's reading (its summaries).
    /// </summary>
    internal void ReplayFailure(Exception failure, long lines, bool lastLineCut)
    {
        Report.Lines = lines;
        _lastLineCut = lastLineCut;
        Fail(failure);
    }

    /// <summary>The end of a file whose lines were replayed: its summaries, as at the end of <see cref="TryNext"/>.</summary>
    internal void ReplayEnd(long lines)
    {
        if (_done) return;
        Report.Lines = lines;
        Finish();
    }

    private ReadOnlySpan<byte> Joined(byte[] prefix, ReadOnlySpan<byte> rest)
    {
        if (_joined.Length < prefix.Length + rest.Length) _joined = new byte[prefix.Length + rest.Length];
        prefix.CopyTo(_joined, 0);
        rest.CopyTo(_joined.AsSpan(prefix.Length));
        return _joined.AsSpan(0, prefix.Length + rest.Length);
    }

    /// <summary>The record door (<see cref="IRecordSource"/>): a binary file's records instead of lines.</summary>
    private bool OpenRecords(IRecordFormat format)
    {
        try
        {
            _recordParser = format.CreateRecordParser(new ParserContext(_file.Path, _clock));
            _records = format.OpenRecords(_opened!.Content, new RecordSourceContext(_file.Path, NoteRecordDamage));
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _diagnostics.Error(_file.Path, ErrorIds.UnknownFormat, $"{_file.Path}: the {format.Format} reader could not start: {e.Message}", e);
            Report.ErrorId = ErrorIds.UnknownFormat;
            Finish();
            return false;
        }
    }

    private bool TryNextRecord(out LogEntry entry)
    {
        entry = null!;
        while (!_done)
        {
            bool got;
            LogRecord? record;
            try
            {
                got = _records!.TryRead(out record);
            }
            catch (Exception e) when (LogFileOpener.IsReadFailure(e))
            {
                Fail(e);
                return false;
            }
            if (!got || record is null)
            {
                Finish();
                return false;
            }
            if ((++Report.Lines & 0xFFF) == 0) _cancellationToken.ThrowIfCancellationRequested();
            LineParseStatus status;
            LogEntry? parsed;
            try
            {
                status = _recordParser!.TryParse(record, out parsed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                status = LineParseStatus.Malformed;
                parsed = null;
            }
            if (status == LineParseStatus.Parsed && parsed is not null)
            {
                Report.Parsed++;
                Report.FirstTimestamp ??= parsed.Timestamp;
                Report.LastTimestamp = parsed.Timestamp;
                entry = parsed;
                return true;
            }
            if (status == LineParseStatus.Ignored)
            {
                Report.Ignored++;
                continue;
            }
            Report.Malformed++;
            Report.AddDamage(DamageKind.Malformed, record.Ordinal);
            Warn(DamageKind.Malformed, record.Ordinal, $"{_file.Path}: record {record.Ordinal:N0} at byte {record.Offset:N0} holds no {_file.Format.Format} entry (no realtime stamp), skipped");
        }
        return false;
    }

    /// <summary>Damage a record source read past: a warning naming the file and byte offset (an error when nothing of the file could be read).</summary>
    private void NoteRecordDamage(RecordDamage damage)
    {
        long at = Math.Max(1, damage.Ordinal);
        if (damage.Fatal && damage.Ordinal == 0)
        {
            Report.ErrorId = ErrorIds.FileUnreadable;
            Report.AddBreak(DamageKind.ReadError, 1);
            _diagnostics.Error(_file.Path, ErrorIds.FileUnreadable, damage.Message);
            return;
        }
        if (damage.Fatal) Report.AddBreak(DamageKind.ReadError, at);
        else Report.AddDamage(DamageKind.Malformed, at);
        Report.Malformed++;
        Warn(DamageKind.Malformed, at, damage.Message);
    }

    public void Dispose()
    {
        _records?.Dispose();
        _reader?.Dispose();
        _opened?.Dispose();
    }

    /// <summary>Records what the line reader noticed; false when the line is damage only and must not be parsed.</summary>
    private bool NoteFlags(LineFlags flags, long number, int removed)
    {
        if ((flags & LineFlags.NulBytes) != 0)
        {
            Report.NulLines++;
            Report.NulBytes += removed;
            bool only = (flags & LineFlags.OnlyNul) != 0;
            if (Report.AddDamage(DamageKind.NulBytes, number, removed))
            {
                Warn(DamageKind.NulBytes, number, only
                    ? $"{_file.Path}:{number}: a run of {removed:N0} NUL bytes (a sign of an unclean shutdown), skipped"
                    : $"{_file.Path}:{number}: {removed:N0} NUL bytes removed (a sign of an unclean shutdown); the rest of the line was read");
            }
            else
            {
                Count(DamageKind.NulBytes, number);
            }
            if (only) return false;
        }
        if ((flags & LineFlags.Overlong) != 0)
        {
            Report.OverlongLines++;
            Report.AddDamage(DamageKind.Overlong, number);
            Warn(DamageKind.Overlong, number, $"{_file.Path}:{number}: line longer than {_options.MaxLineLength:N0} bytes; only its first {_options.MaxLineLength:N0} bytes were read");
        }
        return true;
    }

    private void NoteMalformed(ReadOnlySpan<byte> line, bool binary, long number, string? failure)
    {
        Report.Malformed++;
        var kind = binary ? DamageKind.Binary : DamageKind.Malformed;
        Report.AddDamage(kind, number);
        string what = binary ? "binary data, skipped"
            : failure is null ? $"not {Text.Article.With(_file.Format.Format.ToString())} line, skipped: {Excerpt(line)}"
            : $"the {_file.Format.Format} reader failed on this line ({failure}), skipped: {Excerpt(line)}";
        Warn(kind, number, $"{_file.Path}:{number}: {what}");
    }

    private void Warn(DamageKind kind, long number, string message)
    {
        Count(kind, number);
        if (_warned[(int)kind] >= _options.WarningsPerFile) return;
        _warned[(int)kind]++;
        _diagnostics.Warning(_file.Path, number, message);
    }

    private void Count(DamageKind kind, long number)
    {
        _seen[(int)kind]++;
        _lastSeenLine[(int)kind] = number;
    }

    private void Fail(Exception e)
    {
        // A line the damage cut through is where the damage starts.
        bool cut = _lastLineCut;
        long next = cut ? Report.Lines : Report.Lines + 1;
        string id = LogFileOpener.ErrorIdFor(e, _file.Path);
        Report.ErrorId = id;
        Report.Truncated = id == ErrorIds.TruncatedGzip;
        Report.AddBreak(id switch
        {
            ErrorIds.TruncatedGzip => DamageKind.TruncatedGzip,
            ErrorIds.CorruptGzip => DamageKind.CorruptGzip,
            _ => DamageKind.ReadError,
        }, next);
        _diagnostics.Error(_file.Path, id, LogFileOpener.Describe(e, _file.Path, Report.Lines, cut), e);
        Finish();
    }

    private void Finish()
    {
        if (_done) return;
        _done = true;
        Report.Completed = true;
        if (!_file.Format.StampsAreAbsolute && Report.Parsed > 0)
        {
            Report.TimeBasis = _clock.CurrentYear != 0 ? _clock.YearlessBasis : _clock.ZonelessBasis;
        }
        Summarise(DamageKind.Malformed, n => $"{n:N0} lines in all were not {_file.Format.Format} lines and were skipped");
        Summarise(DamageKind.Binary, n => $"{n:N0} lines in all were binary data and were skipped");
        Summarise(DamageKind.NulBytes, n => $"{Report.NulLines:N0} lines in all held NUL bytes ({Report.NulBytes:N0} bytes removed)");
        Summarise(DamageKind.Overlong, n => $"{n:N0} lines in all were longer than {_options.MaxLineLength:N0} bytes and were cut");
    }

    private void Summarise(DamageKind kind, Func<long, string> text)
    {
        long seen = _seen[(int)kind];
        int warned = _warned[(int)kind];
        if (seen <= warned) return;
        _diagnostics.Warning(_file.Path, _lastSeenLine[(int)kind], $"{_file.Path}: {text(seen)} (the first {warned} warned about above)");
    }

    /// <summary>The start of a line for a warning, with control characters made harmless for a terminal.</summary>
    private static string Excerpt(ReadOnlySpan<byte> line)
    {
        bool cut = line.Length > ExcerptBytes;
        string text = Utf8Text.Decode(cut ? line[..ExcerptBytes] : line);
        var sb = new StringBuilder(text.Length + 1);
        foreach (char c in text) sb.Append(char.IsControl(c) ? '?' : c);
        if (cut) sb.Append('…');
        return sb.ToString();
    }
}
