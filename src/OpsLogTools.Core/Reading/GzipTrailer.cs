using System.Buffers.Binary;

namespace OpsLogTools.Core.Reading;

/// <summary>
/// Finds a gzip member's trailer (CRC-32 and ISIZE, the length mod 2^32) right after its deflate data. The data ends
/// inside the last slice the decompressor took, so the trailer is looked for there: the eight bytes that match the
/// CRC and length computed from the data. When none match, the structure says what went wrong: a trailer right
/// before the end of the file or before the next member's header with one field right is a checksum or length
/// error; a file that ends before eight bytes could follow is cut short.
/// </summary>
internal static class GzipTrailer
{
    /// <summary>Bytes in a trailer.</summary>
    public const int Length = 8;

    /// <summary>What was found after a member's data.</summary>
    public enum Outcome
    {
        /// <summary>A trailer that matches the data.</summary>
        Match,
        /// <summary>The length matches, the CRC-32 does not: some decompressed bytes are wrong.</summary>
        ChecksumWrong,
        /// <summary>The CRC-32 matches, the length does not.</summary>
        LengthWrong,
        /// <summary>The file ends before a whole trailer.</summary>
        Cut,
        /// <summary>Nothing after the data looks like this member's trailer.</summary>
        Damaged,
    }

    /// <summary>Looks for the trailer of a member whose data ended between <paramref name="from"/> and <paramref name="to"/> (file offsets).</summary>
    public static (Outcome Outcome, long Offset, uint StoredCrc, uint StoredLength) Find(GzipInput input, long from, long to, uint crc, uint length)
    {
        int span = (int)(to - from);
        // The window and what may follow it, copied: looking further ahead may move the buffer.
        int got = input.Available(from, span + Length);
        var window = input.At(from, got).ToArray();
        // The eight bytes matching the data's CRC and length. The deflate data's last bytes can make an earlier match
        // (an empty member: data 03 00, trailer of eight zeros), so a match the file goes on well after is preferred.
        long first = -1;
        for (int p = 0; p <= span && p + Length <= got; p++)
        {
            if (Crc(window, p) != crc || Size(window, p) != length) continue;
            if (GoesOnWell(input, from + p + Length)) return (Outcome.Match, from + p, crc, length);
            if (first < 0) first = from + p;
        }
        if (first >= 0) return (Outcome.Match, first, crc, length);
        for (int p = 0; p <= span && p + Length <= got; p++)
        {
            bool crcRight = Crc(window, p) == crc, lengthRight = Size(window, p) == length;
            if ((crcRight || lengthRight) && GoesOnWell(input, from + p + Length))
            {
                return (crcRight ? Outcome.LengthWrong : Outcome.ChecksumWrong, from + p, Crc(window, p), Size(window, p));
            }
        }
        return (got < span + Length ? Outcome.Cut : Outcome.Damaged, to, 0, 0);
    }

    /// <summary>
    /// True when the file ends at <paramref name="offset"/>, or goes on with a gzip header or with zero bytes (the
    /// start of padding: only a bounded look, so a long padding is not buffered here; the member reader checks it to the end).
    /// </summary>
    private static bool GoesOnWell(GzipInput input, long offset)
    {
        const int Look = 512;
        int got = input.Available(offset, Look);
        if (got == 0) return true;
        var next = input.At(offset, got);
        if (got >= 2 && next[0] == 0x1F && next[1] == 0x8B) return true;
        return next.IndexOfAnyExcept((byte)0) < 0;
    }

    /// <summary>True when every byte from <paramref name="offset"/> to the end of the file is zero (padding, which gzip accepts).</summary>
    public static bool ZerosToEnd(GzipInput input, long offset)
    {
        const int Chunk = 1 << 15;
        while (true)
        {
            int got = input.Available(offset, Chunk);
            if (got == 0) return true;
            if (input.At(offset, got).IndexOfAnyExcept((byte)0) >= 0) return false;
            offset += got;
            input.MoveTo(offset); // nothing before the padding is needed again
        }
    }

    private static uint Crc(ReadOnlySpan<byte> w, int p) => BinaryPrimitives.ReadUInt32LittleEndian(w[p..]);

    private static uint Size(ReadOnlySpan<byte> w, int p) => BinaryPrimitives.ReadUInt32LittleEndian(w[(p + 4)..]);
}
