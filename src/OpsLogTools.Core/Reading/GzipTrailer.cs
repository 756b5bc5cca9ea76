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

    /// <summary>True when the file's trailer(s) account for exactly <paramref name="decompressed"/> bytes.</summary>
    public static bool IsComplete(Stream file, long decompressed)
    {
        if (!file.CanSeek) return true; // nothing to check against: trust the decoder
        long length = file.Length;
        if (length < MinMemberLength) return false;

        int tailLength = (int)Math.Min(length, 4096);
        var tail = new byte[tailLength];
        file.Position = length - tailLength;
        file.ReadExactly(tail);

        // Some tools pad a gzip file with zero bytes; gzip itself accepts that, so do we.
        int end = tail.Length;
        if (TrailerMatches(tail, end, decompressed)) return true;
        while (end > 0 && tail[end - 1] == 0) end--;
        if (end != tail.Length && end >= 8 && TrailerMatches(tail, end, decompressed)) return true;

        return MembersAddUp(file, length - (tail.Length - end), decompressed);
    }

    private static bool TrailerMatches(byte[] tail, int end, long decompressed) =>
        end >= 8 && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end - 4, 4)) == (uint)decompressed;

    /// <summary>
    /// Several members (gzip a; gzip b; cat): find each member header that follows a trailer and check that the
    /// trailers' lengths add up to what was delivered.
    /// </summary>
    private static bool MembersAddUp(Stream file, long dataEnd, long decompressed)
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

        var lastIsize = new byte[4];
        file.Position = dataEnd - 4;
        file.ReadExactly(lastIsize);
        sum += BinaryPrimitives.ReadUInt32LittleEndian(lastIsize);
        return sum == (uint)decompressed;
    }

    private static bool LooksLikeHeader(ReadOnlySpan<byte> h) =>
        h.Length == 10 && (h[3] & 0xE0) == 0 && (h[8] is 0 or 2 or 4) && (h[9] <= 13 || h[9] == 255);
}
