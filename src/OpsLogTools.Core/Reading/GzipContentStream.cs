using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Reading;

/// <summary>
/// The decompressed content of a gzip file, member after member (<c>gzip a; gzip b; cat</c>), read by its structure:
/// each member's header is parsed, its deflate data inflated, and its trailer checked against the CRC-32 and length of
/// what came out. Every decompressed byte is handed out before anything wrong is reported: the file ends inside a
/// member (<see cref="TruncatedGzipException"/>), or a member is damaged (<see cref="CorruptGzipException"/>: a CRC or
/// length that does not match, data that does not decompress, bytes that are not gzip).
/// <para>
/// .NET's GZipStream is not used for this: it ends quietly on a cut file (dotnet/runtime#47563), throws at a bad
/// checksum without the bytes of its last read (up to 128 KiB of good lines were lost), and says "unsupported
/// compression method" for every kind of damage. Finding members by scanning for header bytes had blind spots at
/// the scan window's edges (a valid file reported cut).
/// </para>
/// </summary>
internal sealed class GzipContentStream : Stream
{
    private const byte FlagHeaderCrc = 0x02, FlagExtra = 0x04, FlagName = 0x08, FlagComment = 0x10, FlagReserved = 0xE0;

    private readonly Stream _file;
    private readonly GzipInput _input;
    private readonly string _path;
    private DeflateStream? _deflate;
    private int _member;           // 1-based number of the current member
    private uint _crc;             // of the current member's data so far
    private long _memberBytes;     // decompressed bytes of the current member so far
    private long _delivered;       // of the whole file
    private long _dataStart;       // file offset of the current member's deflate data
    private bool _done;
    private DeflateStream? _recovery; // the member decompressed again, a byte a read, up to its damage
    private Exception? _pending;   // thrown at the next read, once the bytes before it were handed out

    public GzipContentStream(Stream file, string path)
    {
        _file = file;
        _path = path;
        _input = new GzipInput(file);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _delivered; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        if (_pending is not null)
        {
            var pending = _pending;
            _pending = null;
            throw pending;
        }
        if (_recovery is not null) return Recover(buffer);
        while (!_done)
        {
            if (_deflate is null)
            {
                if (!BeginMember()) break;
                continue;
            }
            int n;
            try
            {
                n = _deflate.Read(buffer);
            }
            catch (InvalidDataException)
            {
                return Recover(buffer);
            }
            if (n > 0)
            {
                Deliver(buffer[..n]);
                return n;
            }
            EndMember();
        }
        return 0;
    }

    private void Deliver(ReadOnlySpan<byte> bytes)
    {
        _crc = Crc32.Append(_crc, bytes);
        _memberBytes += bytes.Length;
        _delivered += bytes.Length;
    }

    /// <summary>Parses the next member's header; false at the clean end of the file.</summary>
    private bool BeginMember()
    {
        long start = _input.Position;
        int got = _input.Available(start, 10);
        if (_member > 0)
        {
            // After a member: the end of the file, zero padding (gzip accepts it), or the next member.
            if (got == 0 || (_input.At(start, got)[0] == 0 && GzipTrailer.ZerosToEnd(_input, start)))
            {
                _done = true;
                return false;
            }
            if (got < 2 || _input.At(start, 2)[0] != 0x1F || _input.At(start, 2)[1] != 0x8B)
            {
                throw Corrupt($"the bytes after member {_member} (from byte {start:N0} of the file) are neither a gzip member nor zero padding");
            }
        }
        int number = _member + 1;
        if (got < 10) throw Cut($"ends inside the header of member {number}");
        var h = _input.At(start, 10);
        if (h[0] != 0x1F || h[1] != 0x8B) throw Corrupt($"member {number} does not start with the gzip magic bytes (byte {start:N0})");
        if (h[2] != 8) throw Corrupt($"member {number} uses compression method {h[2]}, not deflate (byte {start:N0})");
        byte flags = h[3];
        if ((flags & FlagReserved) != 0) throw Corrupt($"member {number} has reserved header flags set (byte {start:N0}): not a valid gzip header");

        long at = start + 10;
        if ((flags & FlagExtra) != 0)
        {
            if (_input.Available(at, 2) < 2) throw Cut($"ends inside the header of member {number}");
            at += 2 + BinaryPrimitives.ReadUInt16LittleEndian(_input.At(at, 2));
        }
        if ((flags & FlagName) != 0) at = SkipZeroTerminated(at, number);
        if ((flags & FlagComment) != 0) at = SkipZeroTerminated(at, number);
        if ((flags & FlagHeaderCrc) != 0) at += 2;
        if (_input.Available(start, (int)Math.Min(int.MaxValue, at - start)) < at - start) throw Cut($"ends inside the header of member {number}");

        _member = number;
        _crc = 0;
        _memberBytes = 0;
        _input.MoveTo(at);
        _dataStart = at;
        _input.BeginData();
        _deflate = new DeflateStream(_input.Source, CompressionMode.Decompress, leaveOpen: true);
        return true;
    }

    /// <summary>
    /// The member's deflate data is damaged. DeflateStream threw away what its failing read had decompressed (up to the
    /// whole buffer): the member is decompressed again up to where that read began, then one byte a read, so every byte
    /// zlib yields before the damage is handed out (as zcat prints them) before the damage is reported.
    /// </summary>
    private int Recover(Span<byte> buffer)
    {
        if (_recovery is null)
        {
            _deflate?.Dispose();
            _deflate = null;
            if (!_input.CanRewind) throw Damaged();
            _input.MoveTo(_dataStart);
            _input.BeginData();
            _recovery = new DeflateStream(_input.Source, CompressionMode.Decompress, leaveOpen: true);
            var scratch = new byte[1 << 16];
            long skip = _memberBytes;
            try
            {
                while (skip > 0)
                {
                    int n = _recovery.Read(scratch.AsSpan(0, (int)Math.Min(scratch.Length, skip)));
                    if (n <= 0) break;
                    skip -= n;
                }
            }
            catch (InvalidDataException)
            {
                skip = -1;
            }
            if (skip != 0)
            {
                // The same bytes did not come out again: nothing more can be trusted.
                _recovery.Dispose();
                _recovery = null;
                throw Damaged();
            }
        }

        int got = 0;
        bool failed = false, ended = false;
        while (got < buffer.Length)
        {
            int n;
            try
            {
                n = _recovery.Read(buffer.Slice(got, 1));
            }
            catch (InvalidDataException)
            {
                failed = true;
                break;
            }
            if (n <= 0)
            {
                ended = true;
                break;
            }
            got++;
        }
        if (got > 0) Deliver(buffer[..got]);
        if (!failed && !ended) return got; // the buffer is full; more may come before the damage
        if (ended)
        {
            // One byte at a time it decompressed to its end: the member goes on normally, to its trailer.
            _deflate = _recovery;
            _recovery = null;
            if (got > 0) return got;
            return Read(buffer);
        }
        _recovery.Dispose();
        _recovery = null;
        var damaged = Damaged();
        if (got == 0) throw damaged;
        _pending = damaged;
        return got;
    }

    private CorruptGzipException Damaged() =>
        Corrupt($"the compressed data of member {_member} is damaged near byte {_input.LastSliceEnd:N0} of the file: it does not decompress past {_delivered:N0} decompressed bytes");

    private long SkipZeroTerminated(long at, int number)
    {
        const int Chunk = 1 << 12;
        while (true)
        {
            int got = _input.Available(at, Chunk);
            if (got == 0) throw Cut($"ends inside the header of member {number}");
            int zero = _input.At(at, got).IndexOf((byte)0);
            if (zero >= 0) return at + zero + 1;
            at += got;
        }
    }

    /// <summary>The member's data ended (its decompressor gives no more): check its trailer and go on after it.</summary>
    private void EndMember()
    {
        _deflate!.Dispose();
        _deflate = null;
        if (_input.SourceEnded)
        {
            throw Cut($"ends inside the compressed data of member {_member}, after {_delivered:N0} decompressed bytes");
        }
        uint length = unchecked((uint)_memberBytes);
        var (outcome, offset, storedCrc, storedLength) = GzipTrailer.Find(_input, _input.LastSliceStart, _input.LastSliceEnd, _crc, length);
        switch (outcome)
        {
            case GzipTrailer.Outcome.Match:
                _input.MoveTo(offset + GzipTrailer.Length);
                return;
            case GzipTrailer.Outcome.ChecksumWrong:
                throw Corrupt($"member {_member} fails its CRC-32 check (stored {storedCrc:x8}, computed {_crc:x8}) after {_delivered:N0} decompressed bytes: every byte was read, but some are wrong");
            case GzipTrailer.Outcome.LengthWrong:
                throw Corrupt($"member {_member} has the wrong length in its trailer ({storedLength:N0} stored, {length:N0} decompressed; mod 4 GiB) after {_delivered:N0} decompressed bytes");
            case GzipTrailer.Outcome.Cut:
                throw Cut($"ends inside the trailer of member {_member}, after {_delivered:N0} decompressed bytes (all of its data was read)");
            default:
                throw Corrupt($"the trailer of member {_member} matches neither its CRC-32 nor its length, after {_delivered:N0} decompressed bytes");
        }
    }

    private TruncatedGzipException Cut(string what)
    {
        _done = true;
        return new TruncatedGzipException($"{_path} is cut short: it {what}.");
    }

    private CorruptGzipException Corrupt(string what)
    {
        _done = true;
        return new CorruptGzipException(what, Math.Max(_member, 1), _delivered);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _deflate?.Dispose();
            _recovery?.Dispose();
            _file.Dispose();
        }
        base.Dispose(disposing);
    }
}
