using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Reading.Journal;

/// <summary>
/// The hashes a journal file keeps of its data objects' payloads (systemd's <c>journal_file_hash_data</c>): SipHash-2-4
/// keyed by the header's <c>file_id</c> in files with the KEYED_HASH flag (systemd 246 on), else Bob Jenkins' lookup3
/// <c>hashlittle2</c> as 64 bits (<c>jenkins_hash64</c>: the primary value high, the secondary low). Both over the
/// payload as written, decompressed (<c>FIELD=value</c>).
/// </summary>
internal static class JournalHash
{
    /// <summary>The hash of <paramref name="payload"/> as the file's writer computed it.</summary>
    /// <param name="payload">The decompressed payload.</param>
    /// <param name="fileId">The header's 16-byte file id: the SipHash key when <paramref name="keyed"/>.</param>
    /// <param name="keyed">True when the header sets KEYED_HASH.</param>
    public static ulong Of(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> fileId, bool keyed) =>
        keyed ? SipHash24(payload, fileId) : Jenkins64(payload);

    /// <summary>lookup3's <c>hashlittle2</c> with both seeds 0, as <c>(c &lt;&lt; 32) | b</c> (systemd's <c>jenkins_hash64</c>).</summary>
    public static ulong Jenkins64(ReadOnlySpan<byte> key)
    {
        uint a, b, c;
        a = b = c = 0xdeadbeef + (uint)key.Length;
        while (key.Length > 12)
        {
            a += BinaryPrimitives.ReadUInt32LittleEndian(key);
            b += BinaryPrimitives.ReadUInt32LittleEndian(key[4..]);
            c += BinaryPrimitives.ReadUInt32LittleEndian(key[8..]);
            Mix(ref a, ref b, ref c);
            key = key[12..];
        }
        if (key.IsEmpty) return ((ulong)c << 32) | b;
        // The last 1 to 12 bytes, zero-padded, as lookup3's byte-at-a-time path adds them.
        Span<byte> last = stackalloc byte[12];
        last.Clear();
        key.CopyTo(last);
        a += BinaryPrimitives.ReadUInt32LittleEndian(last);
        b += BinaryPrimitives.ReadUInt32LittleEndian(last[4..]);
        c += BinaryPrimitives.ReadUInt32LittleEndian(last[8..]);
        Final(ref a, ref b, ref c);
        return ((ulong)c << 32) | b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Mix(ref uint a, ref uint b, ref uint c)
    {
        a -= c; a ^= BitOperations.RotateLeft(c, 4); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 6); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 8); b += a;
        a -= c; a ^= BitOperations.RotateLeft(c, 16); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 19); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 4); b += a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Final(ref uint a, ref uint b, ref uint c)
    {
        c ^= b; c -= BitOperations.RotateLeft(b, 14);
        a ^= c; a -= BitOperations.RotateLeft(c, 11);
        b ^= a; b -= BitOperations.RotateLeft(a, 25);
        c ^= b; c -= BitOperations.RotateLeft(b, 16);
        a ^= c; a -= BitOperations.RotateLeft(c, 4);
        b ^= a; b -= BitOperations.RotateLeft(a, 14);
        c ^= b; c -= BitOperations.RotateLeft(b, 24);
    }

    /// <summary>SipHash-2-4 of <paramref name="data"/> under a 16-byte key (two little-endian 64-bit halves).</summary>
    public static ulong SipHash24(ReadOnlySpan<byte> data, ReadOnlySpan<byte> key)
    {
        ulong k0 = BinaryPrimitives.ReadUInt64LittleEndian(key);
        ulong k1 = BinaryPrimitives.ReadUInt64LittleEndian(key[8..]);
        ulong v0 = 0x736f6d6570736575UL ^ k0;
        ulong v1 = 0x646f72616e646f6dUL ^ k1;
        ulong v2 = 0x6c7967656e657261UL ^ k0;
        ulong v3 = 0x7465646279746573UL ^ k1;
        ulong length = (ulong)data.Length;
        while (data.Length >= 8)
        {
            ulong m = BinaryPrimitives.ReadUInt64LittleEndian(data);
            v3 ^= m;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m;
            data = data[8..];
        }
        Span<byte> tail = stackalloc byte[8];
        tail.Clear();
        data.CopyTo(tail);
        ulong last = BinaryPrimitives.ReadUInt64LittleEndian(tail) | (length << 56);
        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;
        v2 ^= 0xff;
        for (int i = 0; i < 4; i++) Round(ref v0, ref v1, ref v2, ref v3);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1; v1 = BitOperations.RotateLeft(v1, 13); v1 ^= v0; v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3; v3 = BitOperations.RotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = BitOperations.RotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = BitOperations.RotateLeft(v1, 17); v1 ^= v2; v2 = BitOperations.RotateLeft(v2, 32);
    }
}
