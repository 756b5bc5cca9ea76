using System.IO.Compression;
using System.Text;

namespace OpsLogTools.Core.Tests.Reading;

/// <summary>
/// Builds gzip files byte by byte (RFC 1952), so a test controls where each member starts and what its header and
/// trailer hold: members with stored (uncompressed) deflate blocks have an exact, computable length, and header
/// fields (FEXTRA, FNAME, FCOMMENT, FHCRC) can be set. The CRC-32 here is the bitwise definition, independent of
/// the engine's.
/// </summary>
internal static class GzipMembers
{
    /// <summary>A member whose deflate data is stored blocks: 10 + 5 per 65,535 bytes (at least one block) + data + 8 bytes long.</summary>
    public static byte[] Stored(byte[] data, byte flags = 0, byte[]? extra = null, string? name = null, string? comment = null)
    {
        var m = new MemoryStream();
        m.Write([0x1F, 0x8B, 8, flags, 0, 0, 0, 0, 0, 3]);
        if ((flags & 0x04) != 0)
        {
            m.Write([(byte)extra!.Length, (byte)(extra.Length >> 8)]);
            m.Write(extra);
        }
        if ((flags & 0x08) != 0) m.Write([.. Encoding.ASCII.GetBytes(name!), 0]);
        if ((flags & 0x10) != 0) m.Write([.. Encoding.ASCII.GetBytes(comment!), 0]);
        if ((flags & 0x02) != 0) m.Write([0xAB, 0xCD]); // header CRC16: not checked by gzip -d either
        int at = 0;
        do
        {
            int n = Math.Min(65535, data.Length - at);
            bool last = at + n == data.Length;
            m.Write([(byte)(last ? 1 : 0), (byte)n, (byte)(n >> 8), (byte)~n, (byte)(~n >> 8)]);
            m.Write(data, at, n);
            at += n;
        }
        while (at < data.Length);
        Trailer(m, Crc(data), (uint)data.Length);
        return m.ToArray();
    }

    /// <summary>Length of <see cref="Stored"/>'s member for <paramref name="dataLength"/> bytes and no header fields.</summary>
    public static int StoredLength(int dataLength) => 10 + 5 * Math.Max(1, (dataLength + 65534) / 65535) + dataLength + 8;

    /// <summary>A member compressed by .NET's deflate.</summary>
    public static byte[] Deflated(byte[] data, CompressionLevel level = CompressionLevel.Optimal)
    {
        var deflated = new MemoryStream();
        using (var d = new DeflateStream(deflated, level, leaveOpen: true)) d.Write(data);
        var m = new MemoryStream();
        m.Write([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]);
        // .NET writes nothing at all for empty input; gzip(1) writes an empty final fixed block, 03 00.
        m.Write(deflated.Length > 0 ? deflated.ToArray() : [0x03, 0x00]);
        Trailer(m, Crc(data), (uint)data.Length);
        return m.ToArray();
    }

    /// <summary>CRC-32 of gzip, bit by bit as RFC 1952 section 8 defines it.</summary>
    public static uint Crc(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }
        return ~c;
    }

    /// <summary>Log lines of exactly <paramref name="bytes"/> bytes, each ending in a line feed.</summary>
    public static byte[] Lines(int bytes, int seed)
    {
        var sb = new StringBuilder();
        int i = 0;
        while (sb.Length < bytes)
        {
            string line = $"2022-07-19T21:{i / 60 % 60:00}:{i % 60:00}+09:00 member {seed} line {i} {new string('x', (i * 13 + seed) % 60)}\n";
            sb.Append(line);
            i++;
        }
        // Trim to the size asked, and end the last line there.
        sb.Length = bytes;
        sb[bytes - 1] = '\n';
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    private static void Trailer(Stream m, uint crc, uint length)
    {
        m.Write(BitConverter.GetBytes(crc));
        m.Write(BitConverter.GetBytes(length));
    }
}
