using System.Buffers.Binary;
using System.Diagnostics;
using K4os.Compression.LZ4;

namespace OpsLogTools.Core.Tests.Reading.Journal;

/// <summary>
/// Test-side tools over a journal file's bytes, written from systemd's docs/JOURNAL_FILE_FORMAT.md independently of
/// the reader: walk every object from the header's end (objects lie one after the other on the 8-byte grid), and
/// re-compress data objects with xz or lz4 as an older systemd would have written them (systemd 252 writes only zstd),
/// setting the object's flag and the header's incompatible flag.
/// </summary>
public static class JournalObjectWalker
{
    public readonly record struct JournalObject(long Offset, byte Type, byte Flags, long Size);

    public const uint IncompatibleXz = 1, IncompatibleLz4 = 2, IncompatibleKeyedHash = 4, IncompatibleZstd = 8, IncompatibleCompact = 16;

    public static long HeaderSize(byte[] file) => (long)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(88));

    public static bool Compact(byte[] file) => (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12)) & IncompatibleCompact) != 0;

    public static IEnumerable<JournalObject> Objects(byte[] file)
    {
        long offset = HeaderSize(file);
        long end = offset + (long)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(96));
        while (offset + 16 <= Math.Min(end, file.Length))
        {
            long size = (long)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan((int)offset + 8));
            if (size < 16) yield break;
            yield return new JournalObject(offset, file[offset], file[offset + 1], size);
            offset += (size + 7) & ~7L;
        }
    }

    public enum Codec { Xz, Lz4 }

    /// <summary>
    /// Re-compresses, in place, each uncompressed data object whose payload is at least <paramref name="minimum"/> bytes
    /// and shrinks; returns how many were re-compressed. The object's size field shrinks with it (the bytes after it up to
    /// the next object are zeroed): readers find objects by offset, so the file reads the same.
    /// </summary>
    public static int Recompress(byte[] file, Codec codec, int minimum = 256)
    {
        int start = Compact(file) ? 72 : 64;
        int count = 0;
        foreach (var o in Objects(file).ToList())
        {
            if (o.Type != 1 || o.Flags != 0 || o.Size - start < minimum) continue;
            var payload = file.AsSpan((int)o.Offset + start, (int)(o.Size - start)).ToArray();
            byte[] packed = codec == Codec.Lz4 ? Lz4(payload) : Xz(payload);
            if (packed.Length >= payload.Length) continue;
            Array.Clear(file, (int)o.Offset + start, payload.Length);
            packed.CopyTo(file, (int)o.Offset + start);
            file[o.Offset + 1] = codec == Codec.Lz4 ? (byte)2 : (byte)1;
            BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan((int)o.Offset + 8), (ulong)(start + packed.Length));
            count++;
        }
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(12), flags | (codec == Codec.Lz4 ? IncompatibleLz4 : IncompatibleXz));
        return count;
    }

    /// <summary>systemd's LZ4 object: the decompressed size as 8 little-endian bytes, then one raw block.</summary>
    private static byte[] Lz4(byte[] payload)
    {
        var block = new byte[LZ4Codec.MaximumOutputSize(payload.Length)];
        int n = LZ4Codec.Encode(payload, block);
        var packed = new byte[8 + n];
        BinaryPrimitives.WriteUInt64LittleEndian(packed, (ulong)payload.Length);
        block.AsSpan(0, n).CopyTo(packed.AsSpan(8));
        return packed;
    }

    /// <summary>An xz stream with no check, as systemd's compress_blob_xz writes (lzma_easy_buffer_encode, LZMA_CHECK_NONE), by the xz tool.</summary>
    private static byte[] Xz(byte[] payload)
    {
        var start = new ProcessStartInfo("xz", ["--format=xz", "--check=none", "-c"]) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var p = Process.Start(start)!;
        var read = Task.Run(() =>
        {
            var ms = new MemoryStream();
            p.StandardOutput.BaseStream.CopyTo(ms);
            return ms.ToArray();
        });
        p.StandardInput.BaseStream.Write(payload);
        p.StandardInput.Close();
        p.WaitForExit();
        return read.Result;
    }

    public static bool XzToolPresent =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, "xz")));
}
