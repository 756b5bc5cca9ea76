using System.Buffers.Binary;
using System.Text;
using OpsLogTools.Core.Reading.Records;

namespace OpsLogTools.Core.Reading.Journal;

/// <summary>
/// Reads systemd's journal export format (<c>journalctl -o export</c>, systemd's <c>docs/JOURNAL_EXPORT_FORMATS.md</c>):
/// entries of <c>NAME=value</c> lines separated by a blank line; a value that is not text is written as the name, a
/// newline, its length as 8 little-endian bytes, the bytes and a newline. The <c>__</c> address fields give the entry
/// header (<c>__CURSOR</c>, <c>__REALTIME_TIMESTAMP</c>, <c>__MONOTONIC_TIMESTAMP</c>, <c>__SEQNUM</c>,
/// <c>__SEQNUM_ID</c>). Damage (a field with no value, a length past the limit or the end) is reported and the
/// reader skips to the next blank line.
/// </summary>
internal sealed class JournalExportReader : IRecordSource
{
    private const int MaxNameLength = 256;

    private readonly Stream _stream;
    private readonly RecordSourceContext _context;
    private readonly int _maxValue;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly MemoryStream _line = new();
    private int _at;
    private int _end;
    private long _consumed;
    private long _ordinal;
    private bool _eof;

    /// <summary>Creates a reader over an export stream (read forwards only).</summary>
    public JournalExportReader(Stream stream, RecordSourceContext context, int maxValue = JournalFileReader.DefaultMaxDataSize)
    {
        _stream = stream;
        _context = context;
        _maxValue = maxValue;
    }

    /// <inheritdoc />
    public bool TryRead(out LogRecord? record)
    {
        record = null;
        while (true)
        {
            long start = _consumed;
            var fields = new List<JournalField>();
            long realtime = -1, monotonic = -1, seqnum = 0;
            string? seqnumId = null, bootId = null;
            bool damaged = false;
            bool any = false;
            while (TryReadLine(out var line, out bool cut))
            {
                if (line.Length == 0 && !cut)
                {
                    if (any) break;
                    start = _consumed;
                    continue;
                }
                any = true;
                if (cut)
                {
                    Damage(start, $"a line longer than {_maxValue:N0} bytes");
                    damaged = true;
                    break;
                }
                int equals = line.IndexOf((byte)'=');
                string name;
                byte[] value;
                if (equals >= 0)
                {
                    name = Name(line[..equals]);
                    value = line[(equals + 1)..].ToArray();
                }
                else
                {
                    name = Name(line);
                    if (!TryReadBinary(out value!))
                    {
                        Damage(start, $"the binary field {Shown(name)} has no length, or its length runs past the limit or the end");
                        damaged = true;
                        break;
                    }
                }
                if (name.Length == 0)
                {
                    Damage(start, "a field with an empty name");
                    damaged = true;
                    break;
                }
                switch (name)
                {
                    case "__CURSOR":
                        ParseCursor(value, ref seqnumId, ref seqnum);
                        continue;
                    case "__REALTIME_TIMESTAMP":
                        realtime = ParseNumber(value);
                        continue;
                    case "__MONOTONIC_TIMESTAMP":
                        monotonic = ParseNumber(value);
                        continue;
                    case "__SEQNUM":
                        seqnum = Math.Max(0, ParseNumber(value));
                        continue;
                    case "__SEQNUM_ID":
                        seqnumId = Encoding.ASCII.GetString(value);
                        continue;
                }
                if (name.StartsWith("__", StringComparison.Ordinal)) continue; // address fields, not data
                if (name == "_BOOT_ID") bootId = Encoding.ASCII.GetString(value);
                fields.Add(new JournalField(name, value));
            }
            if (!any) return false;
            _ordinal++;
            if (damaged)
            {
                SkipToBlankLine();
                continue;
            }
            record = new JournalRecord
            {
                Path = _context.Path,
                Ordinal = _ordinal,
                Offset = start,
                Realtime = realtime,
                Monotonic = monotonic,
                BootId = bootId,
                SequenceNumber = seqnum,
                SequenceNumberId = seqnumId,
                Fields = fields,
            };
            return true;
        }
    }

    private string Name(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxNameLength) bytes = bytes[..MaxNameLength];
        string name = Encoding.ASCII.GetString(bytes);
        if (!_names.TryGetValue(name, out var interned))
        {
            if (_names.Count < 4096) _names[name] = name;
            interned = name;
        }
        return interned;
    }

    private static string Shown(string name) => name.Length > 40 ? name[..40] + "…" : name;

    /// <summary>The cursor's <c>s=</c> (seqnum id) and <c>i=</c> (seqnum, hex).</summary>
    internal static void ParseCursor(ReadOnlySpan<byte> cursor, ref string? seqnumId, ref long seqnum)
    {
        foreach (var range in cursor.Split((byte)';'))
        {
            var part = cursor[range];
            if (part.Length < 2 || part[1] != '=') continue;
            var value = part[2..];
            if (part[0] == 's') seqnumId = Encoding.ASCII.GetString(value);
            else if (part[0] == 'i' && long.TryParse(Encoding.ASCII.GetString(value), System.Globalization.NumberStyles.AllowHexSpecifier, null, out long i) && i >= 0) seqnum = i;
        }
    }

    internal static long ParseNumber(ReadOnlySpan<byte> digits)
    {
        if (digits.IsEmpty || digits.Length > 19) return -1;
        long value = 0;
        foreach (byte b in digits)
        {
            if (b < '0' || b > '9') return -1;
            value = value * 10 + (b - '0');
            if (value < 0) return -1;
        }
        return value;
    }

    /// <summary>The next line without its newline; <paramref name="cut"/> when it ran past the limit.</summary>
    private bool TryReadLine(out ReadOnlySpan<byte> line, out bool cut)
    {
        line = default;
        cut = false;
        _line.SetLength(0);
        while (true)
        {
            if (_at == _end && !Fill())
            {
                if (_line.Length == 0) return false;
                line = _line.GetBuffer().AsSpan(0, (int)_line.Length);
                return true;
            }
            int newline = Array.IndexOf(_buffer, (byte)'\n', _at, _end - _at);
            int stop = newline < 0 ? _end : newline;
            if (_line.Length + (stop - _at) > _maxValue)
            {
                cut = true;
                Advance(stop - _at);
                line = ReadOnlySpan<byte>.Empty;
                return true;
            }
            if (_line.Length == 0 && newline >= 0)
            {
                line = _buffer.AsSpan(_at, newline - _at);
                Advance(newline + 1 - _at);
                return true;
            }
            _line.Write(_buffer, _at, stop - _at);
            Advance(stop - _at);
            if (newline >= 0)
            {
                Advance(1);
                line = _line.GetBuffer().AsSpan(0, (int)_line.Length);
                return true;
            }
        }
    }

    private bool TryReadBinary(out byte[]? value)
    {
        value = null;
        Span<byte> size = stackalloc byte[8];
        if (!ReadExactly(size)) return false;
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(size);
        if (length > (ulong)_maxValue) return false;
        var bytes = new byte[length];
        if (!ReadExactly(bytes)) return false;
        Span<byte> newline = stackalloc byte[1];
        if (!ReadExactly(newline) || newline[0] != '\n') return false;
        value = bytes;
        return true;
    }

    private bool ReadExactly(Span<byte> into)
    {
        int done = 0;
        while (done < into.Length)
        {
            if (_at == _end && !Fill()) return false;
            int n = Math.Min(into.Length - done, _end - _at);
            _buffer.AsSpan(_at, n).CopyTo(into[done..]);
            Advance(n);
            done += n;
        }
        return true;
    }

    /// <summary>After damage: passes over bytes up to and including the next blank line.</summary>
    private void SkipToBlankLine()
    {
        bool lineStart = false;
        while (_at < _end || Fill())
        {
            byte b = _buffer[_at];
            Advance(1);
            if (b == '\n')
            {
                if (lineStart) return;
                lineStart = true;
            }
            else
            {
                lineStart = false;
            }
        }
    }

    private void Advance(int n)
    {
        _at += n;
        _consumed += n;
    }

    private bool Fill()
    {
        if (_eof) return false;
        _at = 0;
        _end = _stream.Read(_buffer, 0, _buffer.Length);
        if (_end == 0) _eof = true;
        return _end > 0;
    }

    private void Damage(long offset, string what) =>
        _context.Damage(new RecordDamage(_ordinal + 1, offset, $"{_context.Path}: entry {_ordinal + 1:N0} at byte {offset:N0}: {what}; skipped to the next entry"));

    /// <inheritdoc />
    public void Dispose()
    {
        _line.Dispose();
    }
}
