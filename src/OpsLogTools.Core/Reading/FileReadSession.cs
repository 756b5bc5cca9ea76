using System.Runtime.CompilerServices;
using System.Buffers;
using System.Text;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Reading;

/// <summary>
/// Reads one log file into entries: lines from <see cref="LineReader"/>, parsed by the file's format, with every
/// failure turned into a diagnostic and a line in the <see cref="FileReadReport"/> instead of an exception.
/// </summary>
internal sealed class FileReadSession : IDisposable
{
    private const int ExcerptBytes = 100;

    // Control bytes that do not occur in text logs: a malformed line holding them is binary garbage.
    private static readonly SearchValues<byte> BinaryBytes = SearchValues.Create(
        [1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31]);

    private readonly LogFile _file;
    private readonly LogReadOptions _options;
    private readonly IReadDiagnostics _diagnostics;
    private readonly CancellationToken _cancellationToken;
    private readonly StampClock _clock;
    private readonly int[] _warned = new int[Enum.GetValues<DamageKind>().Length];
    private readonly long[] _seen = new long[Enum.GetValues<DamageKind>().Length];
    private readonly long[] _lastSeenLine = new long[Enum.GetValues<DamageKind>().Length];
    private OpenedLog? _opened;
    private LineReader? _reader;
    private ILineParser? _parser;
    private bool _done;
    private bool _lastLineCut;

    public FileReadSession(LogFile file, TimeReference reference, LogReadOptions options, IReadDiagnostics diagnostics, CancellationToken cancellationToken)
    {
        _file = file;
        _options = options;
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
        _clock = new StampClock(reference);
        // A stamp naming a day its year lacks (Feb 29 of 2023) is kept on the month's last day: said, never silent.
        _clock.Warn = message => _diagnostics.Warning(_file.Path, _reader?.LineNumber ?? 0, $"{_file.Path}:{_reader?.LineNumber ?? 0}: {message}");
        Report = new FileReadReport(file);
    }

    public FileReadReport Report { get; }

    /// <summary>Bytes of the file on disk consumed so far.</summary>
    public long DiskPosition => _opened?.Position ?? 0;

    /// <summary>Opens the file and makes its parser; false (reported) when it cannot be read.</summary>
    public bool Open()
    {
        _opened = LogFileOpener.TryOpen(_file.Path, _diagnostics, out string? errorId);
        if (_opened is null)
        {
            Report.ErrorId = errorId ?? ErrorIds.FileUnreadable;
            Report.AddBreak(DamageKind.ReadError, 1);
            Finish();
            return false;
        }
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

    /// <summary>The next entry; false at the end of the file or when reading it failed (reported).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryNext(out LogEntry entry)
    {
        entry = null!;
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
            if (!got)
            {
                Finish();
                return false;
            }

            long number = _reader.LineNumber;
            if ((number & 0xFFF) == 0) _cancellationToken.ThrowIfCancellationRequested();
            Report.Lines++;

            var flags = _reader.Flags;
            _lastLineCut = (flags & LineFlags.BeforeFailure) != 0;
            if (flags != LineFlags.None && !NoteFlags(flags, number)) continue;
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
            if ((flags & LineFlags.BeforeFailure) != 0)
            {
                // Cut by the damage reported next: part of that damage, not a line of another format.
                Report.Ignored++;
                _diagnostics.Verbose($"{_file.Path}:{number}: the line the damage cuts through does not parse; it is left out");
                continue;
            }
            NoteMalformed(line, number, failure);
        }
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _opened?.Dispose();
    }

    /// <summary>Records what the line reader noticed; false when the line is damage only and must not be parsed.</summary>
    private bool NoteFlags(LineFlags flags, long number)
    {
        if ((flags & LineFlags.NulBytes) != 0)
        {
            int removed = _reader!.NulBytesRemoved;
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

    private void NoteMalformed(ReadOnlySpan<byte> line, long number, string? failure)
    {
        Report.Malformed++;
        bool binary = line.ContainsAny(BinaryBytes);
        var kind = binary ? DamageKind.Binary : DamageKind.Malformed;
        Report.AddDamage(kind, number);
        string what = binary ? "binary data, skipped"
            : failure is null ? $"not a {_file.Format.Format} line, skipped: {Excerpt(line)}"
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
