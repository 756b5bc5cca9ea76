using System.Buffers;
using System.Buffers.Binary;
using K4os.Compression.LZ4;
using SharpCompress.Compressors.Xz;
using ZstdSharp;

namespace OpsLogTools.Core.Reading.Journal;

/// <summary>
/// Decompresses the payload of one data object, one function per flag, through libraries (no hand-written
/// decompressor). Every output is capped: a payload that would decompress past <see cref="MaxSize"/> is refused
/// (null, with the reason), so a crafted object cannot make the reader allocate without bound.
/// </summary>
internal sealed class JournalDecompressor : IDisposable
{
    private readonly Decompressor _zstd = new();

    /// <summary>Creates a decompressor with the given cap on one object's decompressed size.</summary>
    public JournalDecompressor(int maxSize) => MaxSize = maxSize;

    /// <summary>The largest decompressed payload accepted.</summary>
    public int MaxSize { get; }

    /// <summary>
    /// Decompresses into <paramref name="output"/>, which is replaced by a larger array from the shared pool when it is
    /// too small (the caller returns it to <see cref="ArrayPool{T}.Shared"/> when done): the length written, or -1 with
    /// <paramref name="problem"/> set. One pooled buffer serves every object of a file, so decompression allocates
    /// nothing per object.
    /// </summary>
    public int Decompress(JournalObjectFlags flags, ReadOnlySpan<byte> payload, ref byte[] output, out string? problem)
    {
        problem = null;
        try
        {
            return flags switch
            {
                JournalObjectFlags.Zstd => Zstd(payload, ref output, out problem),
                JournalObjectFlags.Lz4 => Lz4(payload, ref output, out problem),
                JournalObjectFlags.Xz => Copy(Xz(payload.ToArray(), out problem), ref output),
                _ => Fail($"it sets compression flags 0x{(byte)flags:x2} (more than one, or unknown)", out problem),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // The libraries throw their own exception types for corrupt input.
            problem = $"its compressed payload is corrupt ({e.Message})";
            return -1;
        }
    }

    private int Zstd(ReadOnlySpan<byte> payload, ref byte[] output, out string? problem)
    {
        problem = null;
        ulong size;
        try
        {
            size = Decompressor.GetDecompressedSize(payload);
        }
        catch (ZstdException)
        {
            // No content size in the frame header: decompress as a stream, capped.
            using var stream = new DecompressionStream(new MemoryStream(payload.ToArray(), writable: false));
            return Copy(ReadCapped(stream, out problem), ref output);
        }
        if (size > (ulong)MaxSize) return Fail($"its zstd frame says it holds {size:N0} bytes, over the {MaxSize:N0}-byte limit", out problem);
        Ensure(ref output, (int)size);
        if (!_zstd.TryUnwrap(payload, output.AsSpan(0, (int)size), out int written) || written != (int)size)
        {
            return Fail("its zstd frame does not decompress to the size it states", out problem);
        }
        return written;
    }

    private int Lz4(ReadOnlySpan<byte> payload, ref byte[] output, out string? problem)
    {
        problem = null;
        // systemd's LZ4 objects: the decompressed size as 8 little-endian bytes, then one raw LZ4 block.
        if (payload.Length < 8) return Fail("its LZ4 payload is shorter than its 8-byte size", out problem);
        ulong size = BinaryPrimitives.ReadUInt64LittleEndian(payload);
        if (size > (ulong)MaxSize) return Fail($"its LZ4 size says {size:N0} bytes, over the {MaxSize:N0}-byte limit", out problem);
        Ensure(ref output, (int)size);
        int written = LZ4Codec.Decode(payload[8..], output.AsSpan(0, (int)size));
        if (written != (int)size) return Fail("its LZ4 block does not decompress to the size it states", out problem);
        return written;
    }

    /// <summary>Makes <paramref name="output"/> hold at least <paramref name="size"/> bytes (a pooled array).</summary>
    private static void Ensure(ref byte[] output, int size)
    {
        if (output.Length >= size) return;
        if (output.Length > 0) ArrayPool<byte>.Shared.Return(output);
        output = ArrayPool<byte>.Shared.Rent(Math.Max(size, 4096));
    }

    private static int Copy(byte[]? bytes, ref byte[] output)
    {
        if (bytes is null) return -1;
        Ensure(ref output, bytes.Length);
        bytes.CopyTo(output, 0);
        return bytes.Length;
    }

    private byte[]? Xz(byte[] payload, out string? problem)
    {
        using var stream = new XZStream(new MemoryStream(payload, writable: false));
        return ReadCapped(stream, out problem);
    }

    private byte[]? ReadCapped(Stream stream, out string? problem)
    {
        problem = null;
        using var output = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (output.Length + n > MaxSize) return Refuse($"it decompresses to more than the {MaxSize:N0}-byte limit", out problem);
            output.Write(buffer, 0, n);
        }
        return output.ToArray();
    }

    private static byte[]? Refuse(string why, out string? problem)
    {
        problem = why;
        return null;
    }

    private static int Fail(string why, out string? problem)
    {
        problem = why;
        return -1;
    }

    /// <inheritdoc />
    public void Dispose() => _zstd.Dispose();
}
