using System.Buffers.Binary;
using System.Text;

namespace OpsLogTools.Fuzz.Seeds;

/// <summary>
/// A small journal file written here after systemd's docs/JOURNAL_FILE_FORMAT.md (header, data objects, entry objects,
/// one entry array; no hash tables, which a reader walking the entry array never needs): a fuzz seed of a few hundred
/// bytes where systemd's own files are megabytes of preallocated hash table.
/// </summary>
internal static class TinyJournal
{
    private const int HeaderSize = 264;

    public static byte[] Build(bool compact, int entries = 3)
    {
        var file = new MemoryStream();
        file.Write(new byte[HeaderSize]);
        var boot = Convert.FromHexString("89ab89ab89ab89ab89ab89ab89ab89ab");
        var dataOffsets = new List<long[]>();
        for (int e = 0; e < entries; e++)
        {
            string[] fields = [$"MESSAGE=entry {e} of a tiny journal", "_HOSTNAME=web1", $"_PID={100 + e}", "PRIORITY=6", "SYSLOG_IDENTIFIER=sshd", "_BOOT_ID=89ab89ab89ab89ab89ab89ab89ab89ab"];
            dataOffsets.Add(fields.Select(f => Append(file, 1, Data(Encoding.UTF8.GetBytes(f), compact))).ToArray());
        }
        var entryOffsets = new List<long>();
        Span<byte> head = stackalloc byte[48];
        Span<byte> item = stackalloc byte[16];
        for (int e = 0; e < entries; e++)
        {
            var body = new MemoryStream();
            BinaryPrimitives.WriteUInt64LittleEndian(head, (ulong)(e + 1));                        // seqnum
            BinaryPrimitives.WriteUInt64LittleEndian(head[8..], 1658232603000000UL + (ulong)e * 1000000); // realtime
            BinaryPrimitives.WriteUInt64LittleEndian(head[16..], 5000000UL + (ulong)e * 1000000);   // monotonic
            boot.CopyTo(head[24..]);                                                                  // boot id
            body.Write(head[..48]);                                                                   // xor hash 0
            foreach (long d in dataOffsets[e])
            {
                item.Clear();
                if (compact)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(item, (uint)d);
                    body.Write(item[..4]);
                }
                else
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(item, (ulong)d);
                    body.Write(item); // hash 0
                }
            }
            entryOffsets.Add(Append(file, 3, body.ToArray()));
        }
        var array = new MemoryStream();
        array.Write(new byte[8]); // no next array
        foreach (long o in entryOffsets)
        {
            var slot = new byte[compact ? 4 : 8];
            if (compact) BinaryPrimitives.WriteUInt32LittleEndian(slot, (uint)o);
            else BinaryPrimitives.WriteUInt64LittleEndian(slot, (ulong)o);
            array.Write(slot);
        }
        long arrayOffset = Append(file, 6, array.ToArray());

        var bytes = file.ToArray();
        var h = bytes.AsSpan();
        "LPKSHHRH"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], compact ? 16u : 0u);
        Convert.FromHexString("0123456789abcdef0123456789abcdef").CopyTo(h[72..]); // seqnum id
        BinaryPrimitives.WriteUInt64LittleEndian(h[88..], HeaderSize);
        BinaryPrimitives.WriteUInt64LittleEndian(h[96..], (ulong)(bytes.Length - HeaderSize));
        BinaryPrimitives.WriteUInt64LittleEndian(h[136..], (ulong)arrayOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(h[152..], (ulong)entries);
        BinaryPrimitives.WriteUInt64LittleEndian(h[176..], (ulong)arrayOffset);
        return bytes;
    }

    private static byte[] Data(byte[] payload, bool compact)
    {
        var body = new byte[(compact ? 56 : 48) + payload.Length]; // hash, next hash, next field, entry, entry array, n entries (+ compact tail)
        payload.CopyTo(body, compact ? 56 : 48);
        return body;
    }

    /// <summary>Appends an object (16-byte header + body) on the 8-byte grid; its offset.</summary>
    private static long Append(MemoryStream file, byte type, byte[] body)
    {
        long offset = file.Length;
        Span<byte> header = stackalloc byte[16];
        header.Clear();
        header[0] = type;
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], (ulong)(16 + body.Length));
        file.Write(header);
        file.Write(body);
        while (file.Length % 8 != 0) file.WriteByte(0);
        return offset;
    }
}
