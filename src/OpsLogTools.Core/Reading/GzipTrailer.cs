using System.Buffers.Binary;

namespace OpsLogTools.Core.Reading;

/// <summary>
/// Tells whether a gzip file ended cleanly. .NET's GZipStream ends quietly on a cut file (dotnet/runtime#47563),
/// so the check is ours: every gzip member ends with ISIZE, its decompressed length mod 2^32. A cut file ends in
/// compressed data instead, whose last four bytes match the length delivered only by a 1-in-2^32 chance.
/// </summary>
internal static class GzipTrailer
{
    private const int MinMemberLength = 18; // 10-byte header, empty deflate data, 8-byte trailer
    private const int MaxPadding = 1 << 20;

    /// <summary>True when the file's trailer(s) account for exactly <paramref name="decompressed"/> bytes.</summary>
    public static bool IsComplete(Stream file, long decompressed)
    {
        if (!file.CanSeek) return true; // nothing to check against: trust the decoder
        long length = file.Length;
        if (length < MinMemberLength) return false;

        // Padding can be longer than the first look (tar-style 10 KiB blocks): look further back while it is all zeros.
        byte[] tail;
        int stripped;
        int tailLength = (int)Math.Min(length, 4096);
        while (true)
        {
            tail = new byte[tailLength];
            file.Position = length - tailLength;
            file.ReadExactly(tail);
            stripped = tail.Length;
            while (stripped > 0 && tail[stripped - 1] == 0) stripped--;
            if (stripped > 0 || tailLength == length || tailLength >= MaxPadding) break;
            tailLength = (int)Math.Min(length, tailLength * 4L);
        }

        // Some tools pad a gzip file with zero bytes, and gzip accepts that, so do we. The trailer's own last bytes
        // may be zeros too (a small ISIZE), so every end from the last non-zero byte up to three bytes past it is tried.
        var ends = new List<int> { tail.Length };
        for (int e = stripped; e < tail.Length && e <= stripped + 3; e++) ends.Add(e);

        foreach (int end in ends)
        {
            if (end >= 8 && IsizeAt(tail, end) == (uint)decompressed) return true;
        }

        // Several members (gzip a; gzip b; cat): the trailers before each later member's header add up with the last.
        long dataStart = length - tail.Length;
        uint before = IsizesBeforeMembers(file, dataStart + ends.Min());
        foreach (int end in ends)
        {
            if (end >= 8 && before + IsizeAt(tail, end) == (uint)decompressed) return true;
        }
        return false;
    }

    private static uint IsizeAt(byte[] tail, int end) => BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end - 4, 4));

    /// <summary>The sum of the ISIZE fields in the trailers that precede a later member's header.</summary>
    private static uint IsizesBeforeMembers(Stream file, long dataEnd)
    {
        uint sum = 0;
        var buffer = new byte[1 << 16];
        long bufferStart = 0;
        int valid = 0;
        file.Position = 0;
        const int Keep = 17; // header bytes we look at past a candidate start, plus the trailer before it
        while (true)
        {
            int n = file.Read(buffer, valid, buffer.Length - valid);
            bool last = n <= 0;
            valid += Math.Max(n, 0);
            int limit = last ? valid : valid - Keep;
            int from = 8;
            while (from < limit)
            {
                int hit = buffer.AsSpan(from, limit - from).IndexOf([(byte)0x1F, (byte)0x8B, (byte)0x08]);
                if (hit < 0) break;
                int p = from + hit;
                long absolute = bufferStart + p;
                if (absolute >= MinMemberLength && absolute < dataEnd && LooksLikeHeader(buffer.AsSpan(p, Math.Min(10, valid - p))))
                {
                    sum += BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(p - 4, 4));
                }
                from = p + 1;
            }
            if (last) break;
            // Keep the last bytes so a header or trailer across the boundary is still seen.
            int keepFrom = Math.Max(0, limit - 8);
            Buffer.BlockCopy(buffer, keepFrom, buffer, 0, valid - keepFrom);
            bufferStart += keepFrom;
            valid -= keepFrom;
        }

        return sum;
    }

    private static bool LooksLikeHeader(ReadOnlySpan<byte> h) =>
        h.Length == 10 && (h[3] & 0xE0) == 0 && (h[8] is 0 or 2 or 4) && (h[9] <= 13 || h[9] == 255);
}
